# Two concurrent deposits on one account: each reads the balance, awaits an audit, writes.
import asyncio


class Account:
    def __init__(self) -> None:
        self.balance = 0

    async def audit(self) -> None:
        await asyncio.sleep(0.01)

    async def deposit(self, amount: int) -> None:
        balance = self.balance
        await self.audit()
        self.balance = balance + amount


async def main() -> None:
    account = Account()
    await asyncio.gather(account.deposit(50), account.deposit(70))
    print(account.balance)


asyncio.run(main())
