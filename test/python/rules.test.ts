import { describe, expect, it } from 'vitest';
import { lint, py, suggested, where } from './helpers';

describe('no-read-await-write-race', () => {
  it('reports a method that copies an attribute, awaits, and stores the copy plus one', async () => {
    const code = py`
      import asyncio

      class Hits:
          def __init__(self):
              self.count = 0

          async def hit(self, db):
              seen = self.count
              await db.log("hit")
              self.count = seen + 1
    `;
    const [problem, ...rest] = await lint(code);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ ruleId: 'no-read-await-write-race', line: 10, column: 9, endLine: 10, endColumn: 30 });
    expect(problem!.message).toBe(
      '`self.count` was read on line 8 and `self.count` is written from that read on line 10, but other tasks run at the `await` on line 9: their updates in between are lost. Hold one `asyncio.Lock` across the read, the await and the write, or re-read after the await.',
    );
    expect(suggested(code, problem)).toBe(py`
      import asyncio

      class Hits:
          def __init__(self):
              self.count = 0
              self._lock = asyncio.Lock()

          async def hit(self, db):
              async with self._lock:
                  seen = self.count
                  await db.log("hit")
                  self.count = seen + 1
    `);
  });

  it('suggests a module-level lock, importing asyncio when the file lacks it', async () => {
    const code = py`
      from app import store

      total = 0

      async def add(n):
          global total
          before = total
          await store(n)
          total = before + n
    `;
    const [problem] = await lint(code);
    expect(suggested(code, problem)).toBe(py`
      from app import store
      import asyncio

      _lock = asyncio.Lock()

      total = 0

      async def add(n):
          global total
          async with _lock:
              before = total
              await store(n)
              total = before + n
    `);
  });

  it('reports `x += await f()` on a nonlocal captured by coroutines gathered together', async () => {
    expect(
      await where(py`
        import asyncio

        async def main(items):
            done = 0

            async def one(item):
                nonlocal done
                done += await asyncio.sleep(0, 1)

            await asyncio.gather(*[one(i) for i in items])
      `),
    ).toEqual(['no-read-await-write-race@8:9-8:42']);
  });

  it('does not report look-alikes: re-read after the await, a replaced value, locals, parameters, a lock held, an own write in between', async () => {
    expect(
      await where(py`
        import asyncio

        lock = asyncio.Lock()
        hits = 0

        class Cache:
            async def refresh(self, fetch):
                old = self.data
                self.data = None
                await fetch()
                self.data = old

            async def grow(self, fetch):
                self.size += await fetch()  # re-read? no: loaded before, reported elsewhere

            async def bump(self, fetch):
                delta = len(self.items)
                await fetch()
                self.n += delta

        async def handle(req, quote):
            req.cost = req.cost + await quote(req.path)

        async def local_total(items, quote):
            total = 0
            for item in items:
                before = total
                await quote(item)
                total = before + 1
            return total

        async def count(path, fetch):
            global hits
            async with lock:
                seen = hits
                await fetch(path)
                hits = seen + 1

        async def replace(fetch):
            global hits
            hits = await fetch()
      `),
    ).toEqual(['no-read-await-write-race@14:9-14:35']);
  });

  it('does not report values that only pass through new objects, awaited results, an attribute of the object read, or a path without the await', async () => {
    expect(
      await where(py`
        import asyncio

        class Conn:
            async def upgrade(self, open_connection):
                sock = self.writer.transport.get_extra_info("socket")
                self.reader, self.writer = await open_connection(sock=sock)

            async def renew(self, client):
                self.options = await client.prepare(self.options)

            async def reconfigure(self, load):
                ctx = self.context
                info = await load()
                self.context.info = info

            async def rebuild(self, hop):
                stream = await hop(self.conn)
                self.conn = Http2(stream=stream, origin=self.origin)

            async def handshake(self, process):
                response = process(self.response)
                if isinstance(response, asyncio.Future):
                    response = await response
                self.response = response
      `),
    ).toEqual([]);
  });

  it('takes a lock made elsewhere or passed unannotated as a lock when the code uses it as an async one', async () => {
    expect(
      await where(py`
        from .compat import create_lock

        hits = 0

        class Topology:
            def __init__(self):
                self._lock = create_lock()

            async def update(self, check):
                async with self._lock:
                    seen = self.description
                    await check()
                    self.description = seen.updated()

            async def reset(self, check):
                await self._lock.acquire()
                try:
                    seen = self.generation
                    await check()
                    self.generation = seen + 1
                finally:
                    self._lock.release()

        async def bump(lock, check):
            global hits
            async with lock:
                seen = hits
                await check()
                hits = seen + 1
      `),
    ).toEqual([]);
  });

  it('reads an entry through `dict.get(key)` as through `d[key]`', async () => {
    expect(
      await where(py`
        class Prices:
            async def add(self, item, quote):
                self.totals[item] = self.totals.get(item, 0) + await quote(item)

            async def add_late(self, item, quote):
                self.totals[item] = await quote(item) + self.totals.get(item, 0)
      `),
    ).toEqual(['no-read-await-write-race@3:9-3:73']);
  });

  it('does not report a rollback that stores back the value exactly as it was read', async () => {
    expect(
      await where(py`
        class Runner:
            async def compact(self, request):
                last = self.last_message
                message = await request()
                if not message:
                    self.last_message = last
      `),
    ).toEqual([]);
  });

  it('still reports when the await sits in a loop or a try body before the write', async () => {
    expect(
      await where(py`
        class Totals:
            async def add_all(self, items, price):
                total = self.total
                for item in items:
                    total += await price(item)
                self.total = total

            async def add_one(self, price):
                seen = self.count
                try:
                    await price(1)
                except OSError:
                    pass
                self.count = seen + 1
      `),
    ).toEqual(['no-read-await-write-race@6:9-6:27', 'no-read-await-write-race@14:9-14:30']);
  });

  it('reports check-then-act only with the strict preset, and not a memoised task', async () => {
    const code = py`
      import asyncio

      class Pool:
          async def conn(self, connect):
              if self._conn is None:
                  self._conn = await connect()
              return self._conn

          async def task(self, connect):
              if self._task is None:
                  self._task = asyncio.create_task(connect())
              return await self._task
    `;
    expect(await where(code)).toEqual([]);
    expect(await where(code, { preset: 'strict' })).toEqual(['no-read-await-write-race@6:13-6:41']);
  });
});

describe('no-unawaited-acquire', () => {
  it('reports a statement-level acquire() of an asyncio lock and suggests awaiting it', async () => {
    const code = py`
      from asyncio import Semaphore
      slots = Semaphore(2)

      async def run(job):
          slots.acquire()
          try:
              await job()
          finally:
              slots.release()
    `;
    const [problem, ...rest] = await lint(code);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ ruleId: 'no-unawaited-acquire', line: 5, column: 5, endLine: 5, endColumn: 20 });
    expect(suggested(code, problem)).toContain('    await slots.acquire()\n');
  });

  it('does not report threading locks, awaited acquires, or other libraries acquire()', async () => {
    expect(
      await where(py`
        import asyncio, threading
        tl = threading.Lock()
        al = asyncio.Lock()

        def sync():
            tl.acquire()
            tl.release()

        async def ok(pool):
            await al.acquire()
            try:
                conn = pool.acquire()
            finally:
                al.release()
            return await asyncio.wait_for(al.acquire(), 1)
      `),
    ).toEqual([]);
  });
});

describe('no-long-await-in-critical-section', () => {
  it('reports a session request under a lock that guards a dict it does not need', async () => {
    expect(
      await where(py`
        import asyncio

        class Prices:
            def __init__(self, session):
                self.session = session
                self.lock = asyncio.Lock()
                self.table = {}

            async def refresh(self, key):
                async with self.lock:
                    resp = await self.session.get(key)
                    self.table[key] = await resp.json()
      `),
    ).toEqual(['no-long-await-in-critical-section@11:20-11:47']);
  });

  it('does not report a refresh whose request is built from guarded state, through a new object', async () => {
    expect(
      await where(py`
        import asyncio

        class Auth:
            def __init__(self):
                self.lock = asyncio.Lock()

            async def token(self, callback):
                async with self.lock:
                    context = Context(refresh=self.refresh_token)
                    resp = await asyncio.to_thread(callback, context)
                    self.refresh_token = resp.refresh_token
      `),
    ).toEqual([]);
  });

  it('does not report when the request needs guarded state, the sleep is short, or the lock guards no state', async () => {
    expect(
      await where(py`
        import asyncio

        class Tokens:
            def __init__(self, session):
                self.session = session
                self.lock = asyncio.Lock()
                self.limit = asyncio.Lock()
                self.token = None

            async def get(self):
                async with self.lock:
                    if self.token is None:
                        self.token = await self.session.post("/token")
                    await asyncio.sleep(0.01)
                    return self.token

            async def polite(self, url):
                async with self.limit:
                    await self.session.get(url)
                    await asyncio.sleep(1)
      `),
    ).toEqual([]);
  });
});

describe('require-release-in-finally', () => {
  it('reports an acquire whose release can be skipped by a return, and suggests async with', async () => {
    const code = py`
      import asyncio
      lock = asyncio.Lock()

      async def pay(amount, db):
          await lock.acquire()
          if amount < 0:
              return False
          await db.pay(amount)
          lock.release()
          return True
    `;
    const [problem, ...rest] = await lint(code);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ ruleId: 'require-release-in-finally', line: 5, column: 11, endLine: 5, endColumn: 25 });
    expect(suggested(code, problem)).toBe(py`
      import asyncio
      lock = asyncio.Lock()

      async def pay(amount, db):
          async with lock:
              if amount < 0:
                  return False
              await db.pay(amount)
          return True
    `);
  });

  it('does not report a release in finally, a handed-on permit, or a release on failure only', async () => {
    expect(
      await where(py`
        import asyncio

        class Client:
            def __init__(self):
                self._lock = asyncio.Lock()

            async def __aenter__(self):
                await self._lock.acquire()
                try:
                    await self.connect()
                except BaseException:
                    self._lock.release()
                    raise
                return self

            async def checkout(self):
                await self._lock.acquire()
                return self

            async def ok(self):
                await self._lock.acquire()
                try:
                    await self.connect()
                finally:
                    self._lock.release()
      `),
    ).toEqual([]);
  });
});

describe('no-self-deadlock', () => {
  it('reports a module function calling, under the lock, a function that takes it', async () => {
    expect(
      await where(py`
        import asyncio as aio
        guard = aio.Lock()

        async def save(x):
            async with guard:
                pass

        async def update(x):
            async with guard:
                await save(x)
      `),
    ).toEqual(['no-self-deadlock@10:15-10:22']);
  });

  it('does not report a call after the lock is released, another object, or a task started under it', async () => {
    expect(
      await where(py`
        import asyncio

        class Account:
            def __init__(self):
                self._lock = asyncio.Lock()

            async def deposit(self, n):
                async with self._lock:
                    self.n = n

            async def move(self, other, n):
                async with self._lock:
                    await other.deposit(n)
                    asyncio.create_task(self.deposit(n))
                await self.deposit(n)
      `),
    ).toEqual([]);
  });
});

describe('no-lock-order-inversion', () => {
  it('reports the later of two opposite nestings, and not a third in the first order', async () => {
    expect(
      await where(py`
        import asyncio
        a = asyncio.Lock()
        b = asyncio.Lock()

        async def one():
            async with a:
                async with b:
                    pass

        async def two():
            async with b:
                async with a:
                    pass

        async def three():
            async with a, b:
                pass
      `),
    ).toEqual(['no-lock-order-inversion@12:9-13:17']);
  });
});

describe('no-lock-per-call', () => {
  it('reports a local lock used only by this call, and async with asyncio.Lock()', async () => {
    expect(
      await where(py`
        import asyncio

        async def save(data, db):
            lock = asyncio.Lock()
            async with lock:
                await db.save(data)
            async with asyncio.Lock():
                await db.flush()
      `),
    ).toEqual(['no-lock-per-call@4:12-4:26', 'no-lock-per-call@7:16-7:30']);
  });

  it('does not report a lock handed to tasks, captured by a nested coroutine, stored or returned', async () => {
    expect(
      await where(py`
        import asyncio

        async def main(work):
            lock = asyncio.Lock()
            await asyncio.gather(work(lock), work(lock))

        async def crawl(urls, get):
            sem = asyncio.Semaphore(3)
            async def one(u):
                async with sem:
                    await get(u)
            await asyncio.gather(*[one(u) for u in urls])

        def make():
            lock = asyncio.Lock()
            return lock
      `),
    ).toEqual([]);
  });
});

describe('no-extra-release', () => {
  it('reports a pool release where it was not acquired and suggests BoundedSemaphore', async () => {
    const code = py`
      import asyncio

      class Pool:
          def __init__(self, n):
              self.free = asyncio.Semaphore(n)

          async def take(self):
              await self.free.acquire()

          def give(self):
              self.free.release()
    `;
    const [problem, ...rest] = await lint(code);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ ruleId: 'no-extra-release', line: 11, column: 9, endLine: 11, endColumn: 28 });
    expect(suggested(code, problem)).toContain('self.free = asyncio.BoundedSemaphore(n)');
  });

  it('reports a second release on one path', async () => {
    expect(
      await where(py`
        import asyncio
        sem = asyncio.Semaphore(4)

        async def run(job, fail):
            await sem.acquire()
            if fail:
                sem.release()
            sem.release()
      `),
    ).toEqual(['no-extra-release@8:5-8:18']);
  });

  it('does not report a counting Semaphore(0), a BoundedSemaphore pool, or a done-callback of the acquiring function', async () => {
    expect(
      await where(py`
        import asyncio

        class Box:
            def __init__(self):
                self.ready = asyncio.Semaphore(0)
                self.pool = asyncio.BoundedSemaphore(3)
                self.pending = asyncio.Semaphore(10)

            def post(self):
                self.ready.release()

            def give(self):
                self.pool.release()

            async def publish(self, fut):
                await self.pending.acquire()
                def done(_):
                    self.pending.release()
                fut.add_done_callback(done)

            async def branchy(self, job):
                await self.pending.acquire()
                try:
                    await job()
                finally:
                    self.pending.release()
      `),
    ).toEqual([]);
  });
});

describe('no-busy-wait', () => {
  it('reports while-True polling with an if-break check', async () => {
    expect(
      await where(py`
        import asyncio

        async def wait_closed(conn):
            while True:
                if conn.closed:
                    break
                await asyncio.sleep(0.1)
      `),
    ).toEqual(['no-busy-wait@4:5-7:33']);
  });

  it('does not report a deadline loop, a test that does work or asks the OS, or a loop that does work each round', async () => {
    expect(
      await where(py`
        import asyncio, time

        async def pause(seconds):
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                await asyncio.sleep(0.1)

        class Pump:
            async def run(self):
                while self.client.loop_misc() == 0:
                    await asyncio.sleep(1)

            async def wait_exit(self):
                while self.popen.poll() is None:
                    await asyncio.sleep(0.1)

            async def beat(self, send):
                while self.alive:
                    await send("ping")
                    await asyncio.sleep(5)
      `),
    ).toEqual([]);
  });
});

describe('no-unbounded-concurrency (strict)', () => {
  it('reports gather over a parameter and is not in recommended', async () => {
    const code = py`
      import asyncio

      async def get_all(get, urls):
          return await asyncio.gather(*[get(u) for u in urls])
    `;
    expect(await where(code)).toEqual([]);
    expect(await where(code, { preset: 'strict' })).toEqual(['no-unbounded-concurrency@4:18-4:57']);
  });

  it('does not report a fixed range, a semaphore passed in, or a bounded callee', async () => {
    expect(
      await where(
        py`
          import asyncio
          N = 4

          async def one(sem, u):
              async with sem:
                  await asyncio.sleep(0)

          async def all(urls):
              sem = asyncio.Semaphore(5)
              await asyncio.gather(*[one(sem, u) for u in urls])
              await asyncio.gather(*[asyncio.sleep(0) for _ in range(N)])
        `,
        { preset: 'strict' },
      ),
    ).toEqual([]);
  });
});

describe('require-condition-wait-in-loop', () => {
  it('reports an if-guarded wait that then consumes, and suggests wait_for', async () => {
    const code = py`
      import asyncio

      class Box:
          def __init__(self):
              self.cond = asyncio.Condition()
              self.items = []

          async def take(self):
              async with self.cond:
                  if not self.items:
                      await self.cond.wait()
                  return self.items.pop()
    `;
    const [problem, ...rest] = await lint(code);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ ruleId: 'require-condition-wait-in-loop', line: 11, column: 23, endLine: 11, endColumn: 39 });
    expect(suggested(code, problem)).toContain('            await self.cond.wait_for(lambda: self.items)\n            return self.items.pop()');
  });

  it('does not report a wait used as a signal that only reports back, even when the section goes on to change the state', async () => {
    expect(
      await where(py`
        import asyncio

        class Pump:
            def __init__(self):
                self.cond = asyncio.Condition()

            async def step(self):
                async with self.cond:
                    if self.busy:
                        await self.cond.wait()
                        return not self.done
                    self.busy = True
      `),
    ).toEqual([]);
  });
});

describe('require-task-done', () => {
  it('reports a consumer of an attribute queue that is joined, and suggests task_done in finally', async () => {
    const code = py`
      import asyncio

      class Jobs:
          def __init__(self):
              self.q = asyncio.Queue()

          async def worker(self):
              while True:
                  job = await self.q.get()
                  await job()

          async def run(self):
              await self.q.join()
    `;
    const [problem, ...rest] = await lint(code);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ ruleId: 'require-task-done', line: 9, column: 25, endLine: 9, endColumn: 37 });
    expect(suggested(code, problem)).toContain(
      '            job = await self.q.get()\n            try:\n                await job()\n            finally:\n                self.q.task_done()\n',
    );
  });

  it('does not report a queue nobody joins', async () => {
    expect(
      await where(py`
        import asyncio
        q = asyncio.Queue()

        async def worker():
            while True:
                await (await q.get())()
      `),
    ).toEqual([]);
  });
});

describe('suppression and parse errors', () => {
  it('honours `# noqa: rule-id` and bare `# noqa`, not another rule id', async () => {
    const code = (comment: string) => py`
      import asyncio
      lock = asyncio.Lock()

      async def f():
          lock.acquire()  ${comment}
    `;
    expect(await where(code('# noqa: no-unawaited-acquire'))).toEqual([]);
    expect(await where(code('# noqa'))).toEqual([]);
    expect(await where(code('# noqa: no-busy-wait'))).toEqual(['no-unawaited-acquire@5:5-5:19']);
  });

  it('reports a file that does not parse as one fatal problem', async () => {
    const [problem, ...rest] = await lint('def f(:\n    pass\n');
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ ruleId: null, fatal: true, line: 1 });
  });
});
