// npm run fuzz -- --seed 1 --only 1 (generated): typescript interleave/no-unawaited-acquire: Maximum call stack size exceeded
import { Mutex, withTimeout, tryAcquire, type MutexInterface } from 'async-mutex';
let lock0 = tryAcquire(new Mutex());
export async function task0(key: string, items: string[], flag?: boolean) {
{
let p624 = lock0.acquire();
p624 = p624.finally(() => undefined);
while (!ready) {
}
}
try {
} finally {
if (lock1.tryAcquire()) {
}
}
}
