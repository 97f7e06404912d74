import { ACQUIRE_METHOD_NAMES, LOCK_PACKAGES } from './libraries';

// Cheap tests on a file's whole text, made once per file before any AST work. They live together
// because the editor's incremental lint must keep each one's answer when it blanks code.

/** Anything that can interleave or hold a lock; without it a file needs no concurrency model. */
export const INTERLEAVE_MENTION = /\bawait\b|\byield\b|\.then\s*\(|\block|\bmutex|\bsema|\bacquire|pLimit|PQueue|runExclusive/i;

/** A lock package, Web Locks, a lock type, or the construction of a class named like a lock. */
export const LOCK_MENTION = new RegExp(
  `${LOCK_PACKAGES.map((name) => name.replace(/[-/]/g, '\\$&')).join('|')}|\\blocks\\b|MutexInterface|SemaphoreInterface|AwaitLock|AsyncLock|\\bnew [\\w$]*(?:Lock|Mutex)\\b`,
);

/** An object taken with `acquire()`/`lock()` and given back with `release()`/`unlock()`: a lock known only by its shape. */
export const SHAPE_ACQUIRE_CALL = /\.(?:acquire|lock)\s*\(\s*\)/;
export const SHAPE_RELEASE_CALL = /\.(?:release|unlock)\s*\(\s*\)/;

/** A file or store read and a write: without both, nothing outside the process is read, changed and written back. */
export const EXTERNAL_READ_CALL = /\b(?:readFile|readJson(?:File)?|readJSON|get|getItem)\s*\(/;
export const EXTERNAL_WRITE_CALL = /\b(?:writeFile|writeJson(?:File)?|writeJSON|outputJson|outputFile|set|put|setItem)\s*\(/;

/** A call of an acquire method: without one, no lock is held between two statements. */
export const ACQUIRE_CALL = new RegExp(`\\b(?:${[...ACQUIRE_METHOD_NAMES].join('|')})\\s*\\(`);

/** A fan-out combinator that starts every task at once. */
export const FAN_OUT_MENTION = /\bPromise\s*\.\s*(all|allSettled|any|race)\b/;

/** Node's own `fs` imported or required: without it no task can open a file through it. */
export const NODE_FS_MENTION = /['"](?:node:)?fs(?:\/promises)?['"]/;

/** `require` or `exports` in use: a CommonJS file, whatever the parser's sourceType says. */
export const COMMONJS_MENTION = /\brequire\s*\(|\bmodule\.exports\b|\bexports\.\w/;

export const WHOLE_TEXT_TESTS: readonly RegExp[] = [INTERLEAVE_MENTION, LOCK_MENTION, SHAPE_ACQUIRE_CALL, SHAPE_RELEASE_CALL, EXTERNAL_READ_CALL, EXTERNAL_WRITE_CALL, ACQUIRE_CALL, FAN_OUT_MENTION, NODE_FS_MENTION, COMMONJS_MENTION];
