# Ten tasks each add 100 to a module-level counter, yielding between the read and the write.
import asyncio

counter = 0


async def add_hundred() -> None:
    global counter
    for _ in range(100):
        seen = counter
        await asyncio.sleep(0)
        counter = seen + 1


async def main() -> None:
    await asyncio.gather(*[add_hundred() for _ in range(10)])
    print(counter)


asyncio.run(main())
