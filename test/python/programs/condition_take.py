# Two consumers wait for an item; one producer puts one item and wakes both.
import asyncio


class Box:
    def __init__(self) -> None:
        self.cond = asyncio.Condition()
        self.items: list[str] = []

    async def take(self) -> str:
        async with self.cond:
            if not self.items:
                await self.cond.wait()
            return self.items.pop()

    async def put(self, item: str) -> None:
        async with self.cond:
            self.items.append(item)
            self.cond.notify_all()


async def main() -> None:
    box = Box()
    takers = [asyncio.create_task(box.take()) for _ in range(2)]
    await asyncio.sleep(0.01)
    await box.put("a")
    await asyncio.sleep(0.01)
    errors = [t.exception() for t in takers if t.done()]
    if any(isinstance(e, IndexError) for e in errors):
        print("a woken consumer popped from an empty list")
    else:
        await box.put("b")
        print(sorted(await asyncio.gather(*takers)))


asyncio.run(main())
