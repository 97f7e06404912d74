# The first call fails between acquire() and release(): with the bare pair the lock stays
# held and the second call never gets it.
import asyncio

lock = asyncio.Lock()


async def charge(amount: int) -> str:
    await lock.acquire()
    if amount < 0:
        raise ValueError("negative amount")
    await asyncio.sleep(0)
    lock.release()
    return "charged"


async def main() -> None:
    try:
        await charge(-1)
    except ValueError:
        pass
    try:
        print(await asyncio.wait_for(charge(5), timeout=0.5))
    except TimeoutError:
        print("deadlocked")


asyncio.run(main())
