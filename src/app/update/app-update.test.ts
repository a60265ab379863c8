import { describe, expect, it, vi } from 'vitest';
import { AppUpdate } from './app-update.js';

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

function controller() {
  const calls: string[] = [];
  const update = new AppUpdate();
  update.attach({
    check: async () => calls.push('check'),
    activate: async () => calls.push('activate'),
    reload: () => calls.push('reload'),
  });
  return { update, calls };
}

describe('app updates at a safe moment', () => {
  it('offers a new version and applies it at once when asked between sales, the sync stream stopped first', async () => {
    const { update, calls } = controller();
    update.beforeApply(async () => calls.push('stop stream'));
    expect(update.state).toBe('current');
    update.offer();
    expect(update.state).toBe('available');
    update.applyAfterSale(); // no sale in progress: nothing to wait for
    expect(update.state).toBe('applying');
    await settled();
    update.reloadWhenSafe();
    expect(calls).toEqual(['stop stream', 'activate', 'reload']);
  });

  it('takes the new version within seconds when the sync cannot stop (an offline push between retries), and reloads if it has not taken over', async () => {
    vi.useFakeTimers();
    try {
      const { update, calls } = controller();
      update.beforeApply(() => new Promise(() => undefined)); // never settles
      update.offer();
      update.applyNow();
      await vi.advanceTimersByTimeAsync(1_999);
      expect(calls).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls).toEqual(['activate']);
      await vi.advanceTimersByTimeAsync(3_000); // the browser did not hand over: the reload lets it
      expect(calls).toEqual(['activate', 'reload']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('"after this sale" waits while the cart has lines and applies when the sale is done', async () => {
    const { update, calls } = controller();
    update.setSaleInProgress(true);
    update.offer();
    update.applyAfterSale();
    expect(update.state).toBe('after-sale');
    update.setSaleInProgress(true);
    expect(calls).toEqual([]);
    update.setSaleInProgress(false); // sale completed: the cart emptied
    await settled();
    expect(calls).toEqual(['activate']);
  });

  it('never reloads the page by itself mid-sale when another tab applied the new version, but once the cart is empty', () => {
    const { update, calls } = controller();
    update.setSaleInProgress(true);
    update.offer();
    update.reloadWhenSafe();
    expect(calls).toEqual([]);
    update.setSaleInProgress(false);
    expect(calls).toEqual(['reload']);
  });

  it('"update now" during a sale is the associate\'s choice: applied and reloaded (the cart is kept on the device)', async () => {
    const { update, calls } = controller();
    update.setSaleInProgress(true);
    update.offer();
    update.applyNow();
    await settled();
    update.reloadWhenSafe();
    expect(calls).toEqual(['activate', 'reload']);
  });

  it('does not cut short a sale started while a version chosen between sales was still taking over', async () => {
    const { update, calls } = controller();
    update.offer();
    update.applyAfterSale(); // cart empty: applied at once
    await settled();
    update.setSaleInProgress(true); // the next customer, before the new version took control
    update.reloadWhenSafe();
    expect(calls).toEqual(['activate']);
    update.setSaleInProgress(false);
    expect(calls).toEqual(['activate', 'reload']);
  });

  it('says whether a sale is in progress, for the banner to offer "after this sale"', () => {
    const { update } = controller();
    const seen: boolean[] = [];
    update.saleInProgress$.subscribe((v) => seen.push(v));
    update.setSaleInProgress(true);
    update.setSaleInProgress(true);
    update.setSaleInProgress(false);
    expect(seen).toEqual([false, true, false]);
  });
});
