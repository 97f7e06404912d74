import asyncio


class Inventory:
    def __init__(self) -> None:
        self.stock = 0

    async def restock(self, amount: int) -> None:
        before = self.stock
        await asyncio.sleep(0.01)
        self.stock = before + amount
