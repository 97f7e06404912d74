// A small seeded random source: the same seed gives the same programs on every machine, so a
// failure found by `npm run fuzz` is reproduced by its seed and program number alone.

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** The generator of program `index` in the run seeded with `seed`: each program can be replayed alone. */
  static of(seed: number, index: number): Random {
    return new Random(Math.imul(seed ^ 0x85ebca6b, 0x27d4eb2f) ^ Math.imul(index + 1, 0x165667b1));
  }

  /** Mulberry32: a uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)]!;
  }
}
