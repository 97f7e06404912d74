import { afterEach, describe, expect, it, vi } from 'vitest';
import { Debouncer } from '../../extension/src/core/debounce';

describe('Debouncer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs the last task per key once the key has been quiet for the delay', () => {
    vi.useFakeTimers();
    const debouncer = new Debouncer(200);
    const runs: string[] = [];
    debouncer.schedule('a', () => runs.push('a1'));
    vi.advanceTimersByTime(150);
    debouncer.schedule('a', () => runs.push('a2'));
    debouncer.schedule('b', () => runs.push('b1'));
    vi.advanceTimersByTime(150);
    expect(runs).toEqual([]);
    vi.advanceTimersByTime(50);
    expect(runs).toEqual(['a2', 'b1']);
  });

  it('drops cancelled and disposed tasks', () => {
    vi.useFakeTimers();
    const debouncer = new Debouncer(100);
    const runs: string[] = [];
    debouncer.schedule('a', () => runs.push('a'));
    debouncer.schedule('b', () => runs.push('b'));
    debouncer.cancel('a');
    vi.advanceTimersByTime(100);
    debouncer.schedule('c', () => runs.push('c'));
    debouncer.dispose();
    vi.advanceTimersByTime(100);
    expect(runs).toEqual(['b']);
  });
});
