import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchIdle } from './idle.js';

const memoryStorage = () => {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) };
};

beforeEach(() => vi.useFakeTimers({ now: Date.parse('2026-11-23T10:00:00Z') }));
afterEach(() => vi.useRealTimers());

describe('watchIdle', () => {
  it('signs out once after the timeout without activity; any touch or key starts the wait again', () => {
    const target = new EventTarget();
    const onIdle = vi.fn();
    watchIdle({ timeoutMs: 60_000, onIdle, target, storage: memoryStorage() });
    vi.advanceTimersByTime(50_000);
    target.dispatchEvent(new Event('keydown')); // a scan
    vi.advanceTimersByTime(50_000);
    target.dispatchEvent(new Event('pointerdown'));
    vi.advanceTimersByTime(59_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(2_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(120_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('does not sign out a tab while another tab of the app is in use', () => {
    const storage = memoryStorage();
    const [front, back] = [new EventTarget(), new EventTarget()];
    const onBackIdle = vi.fn();
    watchIdle({ timeoutMs: 60_000, onIdle: vi.fn(), target: front, storage });
    watchIdle({ timeoutMs: 60_000, onIdle: onBackIdle, target: back, storage });
    for (let i = 0; i < 6; i++) {
      vi.advanceTimersByTime(20_000);
      front.dispatchEvent(new Event('touchstart'));
    }
    expect(onBackIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(61_000);
    expect(onBackIdle).toHaveBeenCalledTimes(1);
  });

  it('stops listening when stopped', () => {
    const onIdle = vi.fn();
    const stop = watchIdle({ timeoutMs: 1_000, onIdle, target: new EventTarget(), storage: null });
    stop();
    vi.advanceTimersByTime(10_000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
