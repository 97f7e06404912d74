# Three items through a queue; main() waits for join().
import asyncio


async def worker(queue: asyncio.Queue) -> None:
    while True:
        item = await queue.get()
        await asyncio.sleep(0)


async def main() -> None:
    queue: asyncio.Queue[int] = asyncio.Queue()
    task = asyncio.create_task(worker(queue))
    for i in range(3):
        await queue.put(i)
    try:
        await asyncio.wait_for(queue.join(), timeout=0.5)
        print("all items done")
    except TimeoutError:
        print("join never returned")
    task.cancel()


asyncio.run(main())
