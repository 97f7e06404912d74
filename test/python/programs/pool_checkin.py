# A pool of two permits; a buggy caller checks the same connection in twice.
import asyncio


class Pool:
    def __init__(self) -> None:
        self._free = asyncio.Semaphore(2)

    async def checkout(self) -> None:
        await self._free.acquire()

    def checkin(self) -> None:
        self._free.release()


async def main() -> None:
    pool = Pool()
    await pool.checkout()
    pool.checkin()
    try:
        pool.checkin()
    except ValueError:
        print("double checkin refused")
        return
    held = 0
    while not pool._free.locked():
        await pool.checkout()
        held += 1
    print(f"{held} connections handed out from a pool of 2")


asyncio.run(main())
