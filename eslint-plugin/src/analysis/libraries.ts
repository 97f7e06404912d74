import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { numericValue, objectProperty } from './ast';

/** How one kind of lock is used: which calls take it, release it, or run a callback under it. */
export interface LockProtocol {
  /** Short stable id, also used in `settings.interleave.lockFactories[].kind`. */
  kind: LockKind;
  /** How messages and hovers name it, e.g. "async-mutex `Mutex`". */
  display: string;
  /** Calls whose promise resolves once the caller holds the lock. */
  acquireMethods: readonly string[];
  /** Calls whose promise resolves when the lock is free, without taking it. */
  waitMethods: readonly string[];
  /** What an awaited acquire resolves to. */
  acquireResult: 'releaser' | 'permit-tuple' | 'nothing';
  /** Methods on the lock itself that give back what an acquire took. */
  releaseMethods: readonly string[];
  /** Methods that run a callback while holding the lock: name → index of the callback argument. */
  sectionMethods: Readonly<Record<string, number | 'last'>>;
  /** `limit(fn)`: the lock object is itself called with the task. */
  callable: boolean;
  /** async-lock: `acquire(key, fn)` excludes per key, and only the callback form holds anything. */
  keyed: boolean;
}

export type LockKind =
  | 'mutex'
  | 'semaphore'
  | 'async-lock'
  | 'await-lock'
  | 'sema'
  | 'counting-semaphore'
  | 'limiter'
  | 'queue'
  | 'web-lock'
  | 'project-mutex';

const protocols: Record<LockKind, LockProtocol> = {
  mutex: {
    kind: 'mutex',
    display: 'async-mutex `Mutex`',
    acquireMethods: ['acquire'],
    waitMethods: ['waitForUnlock'],
    acquireResult: 'releaser',
    releaseMethods: ['release'],
    sectionMethods: { runExclusive: 0 },
    callable: false,
    keyed: false,
  },
  semaphore: {
    kind: 'semaphore',
    display: 'async-mutex `Semaphore`',
    acquireMethods: ['acquire'],
    waitMethods: ['waitForUnlock'],
    acquireResult: 'permit-tuple',
    releaseMethods: ['release'],
    sectionMethods: { runExclusive: 0 },
    callable: false,
    keyed: false,
  },
  'async-lock': {
    kind: 'async-lock',
    display: 'async-lock `AsyncLock`',
    acquireMethods: [],
    waitMethods: [],
    acquireResult: 'nothing',
    releaseMethods: [],
    sectionMethods: { acquire: 1 },
    callable: false,
    keyed: true,
  },
  'await-lock': {
    kind: 'await-lock',
    display: 'await-lock `AwaitLock`',
    acquireMethods: ['acquireAsync'],
    waitMethods: [],
    acquireResult: 'nothing',
    releaseMethods: ['release'],
    sectionMethods: {},
    callable: false,
    keyed: false,
  },
  sema: {
    kind: 'sema',
    display: 'async-sema `Sema`',
    acquireMethods: ['acquire'],
    waitMethods: [],
    acquireResult: 'nothing',
    releaseMethods: ['release'],
    sectionMethods: {},
    callable: false,
    keyed: false,
  },
  'counting-semaphore': {
    kind: 'counting-semaphore',
    display: 'semaphore-async-await `Semaphore`',
    acquireMethods: ['acquire', 'wait'],
    waitMethods: [],
    acquireResult: 'nothing',
    releaseMethods: ['release', 'signal'],
    sectionMethods: { execute: 0 },
    callable: false,
    keyed: false,
  },
  limiter: {
    kind: 'limiter',
    display: 'p-limit limiter',
    acquireMethods: [],
    waitMethods: [],
    acquireResult: 'nothing',
    releaseMethods: [],
    sectionMethods: {},
    callable: true,
    keyed: false,
  },
  queue: {
    kind: 'queue',
    display: 'p-queue `PQueue`',
    acquireMethods: [],
    waitMethods: [],
    acquireResult: 'nothing',
    releaseMethods: [],
    sectionMethods: { add: 0 },
    callable: false,
    keyed: false,
  },
  'web-lock': {
    kind: 'web-lock',
    display: 'Web Locks `navigator.locks`',
    acquireMethods: [],
    waitMethods: [],
    acquireResult: 'nothing',
    releaseMethods: [],
    sectionMethods: { request: 'last' },
    callable: false,
    keyed: true,
  },
  // A lock not in this table: a class named like one (kafkajs's own `utils/lock.js`), or any object
  // the file both takes with an awaited `acquire()`/`lock()` and gives back with `release()`/`unlock()`.
  'project-mutex': {
    kind: 'project-mutex',
    display: 'the project\'s own lock',
    acquireMethods: ['acquire', 'lock'],
    waitMethods: [],
    acquireResult: 'nothing',
    releaseMethods: ['release', 'unlock'],
    sectionMethods: {},
    callable: false,
    keyed: false,
  },
};

export function protocolOf(kind: LockKind): LockProtocol {
  return protocols[kind];
}

export const LOCK_KINDS = Object.keys(protocols) as LockKind[];

const methodsOfEveryKind = (methods: (protocol: LockProtocol) => readonly string[]): ReadonlySet<string> =>
  new Set(LOCK_KINDS.flatMap((kind) => methods(protocols[kind])));

/** Method names that take a lock in some protocol (`acquire`, `acquireAsync`, `wait`): a cheap filter before resolving locks. */
export const ACQUIRE_METHOD_NAMES = methodsOfEveryKind((protocol) => protocol.acquireMethods);
/** Method names that wait for a lock to be free without taking it (`waitForUnlock`). */
export const WAIT_METHOD_NAMES = methodsOfEveryKind((protocol) => protocol.waitMethods);
/** Method names that give back what an acquire took. */
export const RELEASE_METHOD_NAMES = methodsOfEveryKind((protocol) => protocol.releaseMethods);

type Arguments = readonly TSESTree.CallExpressionArgument[];

/** Permits of a construction: a number, or null when it cannot be known from the source. */
type PermitsOf = (args: Arguments) => number | null;

interface Constructor {
  kind: LockKind;
  /** `new X()` or a plain call `x()`. */
  form: 'new' | 'call';
  permits: PermitsOf;
}

const one: PermitsOf = () => 1;
const firstNumber: PermitsOf = (args) => numericValue(args[0]);
const concurrencyOption: PermitsOf = (args) => {
  const fromNumber = numericValue(args[0]);
  if (fromNumber !== null) return fromNumber;
  const option = objectProperty(args[0], 'concurrency');
  return option ? numericValue(option) : null;
};
/** p-queue defaults to unbounded concurrency. */
const queueConcurrency: PermitsOf = (args) => {
  if (!args[0]) return Number.POSITIVE_INFINITY;
  const option = objectProperty(args[0], 'concurrency');
  if (option) return numericValue(option);
  return args[0].type === AST_NODE_TYPES.ObjectExpression ? Number.POSITIVE_INFINITY : null;
};

/** Lock constructors by package and export; `*`/`default` are the CommonJS module object. */
const constructors: Record<string, Record<string, Constructor>> = {
  'async-mutex': {
    Mutex: { kind: 'mutex', form: 'new', permits: one },
    Semaphore: { kind: 'semaphore', form: 'new', permits: firstNumber },
  },
  'async-lock': {
    default: { kind: 'async-lock', form: 'new', permits: one },
    '*': { kind: 'async-lock', form: 'new', permits: one },
    AsyncLock: { kind: 'async-lock', form: 'new', permits: one },
  },
  'await-lock': {
    default: { kind: 'await-lock', form: 'new', permits: one },
    '*': { kind: 'await-lock', form: 'new', permits: one },
    AwaitLock: { kind: 'await-lock', form: 'new', permits: one },
  },
  'async-sema': {
    Sema: { kind: 'sema', form: 'new', permits: firstNumber },
  },
  'semaphore-async-await': {
    default: { kind: 'counting-semaphore', form: 'new', permits: firstNumber },
    Semaphore: { kind: 'counting-semaphore', form: 'new', permits: firstNumber },
    Lock: { kind: 'counting-semaphore', form: 'new', permits: one },
  },
  'p-limit': {
    default: { kind: 'limiter', form: 'call', permits: concurrencyOption },
    '*': { kind: 'limiter', form: 'call', permits: concurrencyOption },
  },
  'p-queue': {
    default: { kind: 'queue', form: 'new', permits: queueConcurrency },
    '*': { kind: 'queue', form: 'new', permits: queueConcurrency },
  },
};

export function lockConstructor(source: string, name: string): Constructor | null {
  return constructors[source]?.[name] ?? null;
}

/**
 * A class name that says "mutex" (`Lock`, `Mutex`, `TopicLock`), but not a shared/read-write or
 * keyed lock, whose `acquire` would not exclude everyone.
 */
export function isProjectLockName(name: string): boolean {
  return /(?:^|[a-z0-9_])(?:Lock|Mutex)$/.test(name) && !/ReadWrite|Rw[A-Z]|RW|Shared|Read[A-Z]|Keyed|Semaphore/.test(name);
}

/** Names of a lock object that shares its hold (`rw.read`, `readLock`) or counts permits (`sema`, `pool`), so one `acquire()` does not shut everyone out. */
export function isSharedLockName(text: string): boolean {
  return /read|shared|sem|pool|limit|permit/i.test(text);
}

/** async-mutex decorators that return a lock with the interface (and identity) of their first argument. */
export function isLockDecorator(source: string, name: string): boolean {
  return source === 'async-mutex' && (name === 'withTimeout' || name === 'tryAcquire');
}

interface TypedLock {
  kind: LockKind;
  /** Permits implied by the type alone (a `Mutex` has one; a `Semaphore` could have any number). */
  permits: number | null;
}

/** Lock types by package and exported type name. */
const lockTypes: Record<string, Record<string, TypedLock>> = {
  'async-mutex': {
    Mutex: { kind: 'mutex', permits: 1 },
    MutexInterface: { kind: 'mutex', permits: 1 },
    Semaphore: { kind: 'semaphore', permits: null },
    SemaphoreInterface: { kind: 'semaphore', permits: null },
  },
  'async-lock': { default: { kind: 'async-lock', permits: 1 }, AsyncLock: { kind: 'async-lock', permits: 1 } },
  'await-lock': { default: { kind: 'await-lock', permits: 1 }, AwaitLock: { kind: 'await-lock', permits: 1 } },
  'async-sema': { Sema: { kind: 'sema', permits: null } },
  'semaphore-async-await': {
    default: { kind: 'counting-semaphore', permits: null },
    Semaphore: { kind: 'counting-semaphore', permits: null },
    Lock: { kind: 'counting-semaphore', permits: 1 },
  },
  'p-limit': { LimitFunction: { kind: 'limiter', permits: null } },
  'p-queue': { default: { kind: 'queue', permits: null }, PQueue: { kind: 'queue', permits: null } },
};

/** Type names distinctive enough to trust when the file does not import them (ambient or global types). */
const distinctiveTypeNames: Record<string, TypedLock> = {
  MutexInterface: { kind: 'mutex', permits: 1 },
  SemaphoreInterface: { kind: 'semaphore', permits: null },
  AsyncLock: { kind: 'async-lock', permits: 1 },
  AwaitLock: { kind: 'await-lock', permits: 1 },
  Sema: { kind: 'sema', permits: null },
  LimitFunction: { kind: 'limiter', permits: null },
  PQueue: { kind: 'queue', permits: null },
};

export function lockType(source: string | null, name: string): TypedLock | null {
  if (source === null) return distinctiveTypeNames[name] ?? null;
  return lockTypes[source]?.[name] ?? null;
}

/** Lock packages by the folder their declarations live in, for type-aware recognition. */
export const LOCK_PACKAGES = Object.keys(lockTypes);
