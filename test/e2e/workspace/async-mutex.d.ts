// The part of async-mutex's typings these files use, so the editor's TypeScript reports nothing
// of its own and the Problems panel holds only Interleave's diagnostics.
declare module 'async-mutex' {
  export type Releaser = () => void;
  export class Mutex {
    acquire(priority?: number): Promise<Releaser>;
    runExclusive<T>(callback: () => Promise<T> | T, priority?: number): Promise<T>;
    isLocked(): boolean;
    release(): void;
  }
}
