import { describe, expect, it } from 'vitest';
import { createChangeFeed, type Change } from './change-feed.js';

describe('createChangeFeed', () => {
  it("calls a store's subscribers only for that store's changes and those for every store; unscoped ones for all", () => {
    const feed = createChangeFeed();
    const heard: string[] = [];
    const offS1 = feed.subscribe('sales', (c) => heard.push(`S1 heard ${c.storeId}`), 'S1');
    feed.subscribe('sales', (c) => heard.push(`S2 heard ${c.storeId}`), 'S2');
    feed.subscribe('sales', (c) => heard.push(`all heard ${c.storeId}`));
    feed.subscribe('stock', (c) => heard.push(`S1 stock heard ${c.storeId}`), 'S1');

    feed.notify([{ collection: 'sales', storeId: 'S2' }]);
    expect(heard.sort()).toEqual(['S2 heard S2', 'all heard S2']);

    heard.length = 0;
    feed.notify([{ collection: 'sales', storeId: null }]);
    expect(heard.sort()).toEqual(['S1 heard null', 'S2 heard null', 'all heard null']);

    heard.length = 0;
    feed.notify([{ collection: 'sales', storeId: 'S9' }]);
    expect(heard).toEqual(['all heard S9']);

    expect(feed.subscriberCount('sales')).toBe(3);
    expect(feed.subscriberCount()).toBe(4);
    offS1();
    expect(feed.subscriberCount('sales')).toBe(2);
    heard.length = 0;
    feed.notify([{ collection: 'sales', storeId: 'S1' }]);
    expect(heard).toEqual(['all heard S1']);
  });

  it("wakes only the sale's store's subscribers among a chain's 1,500", () => {
    const feed = createChangeFeed();
    const calls = new Map<string, number>();
    for (let s = 0; s < 300; s++) {
      for (let d = 0; d < 5; d++) feed.subscribe('sales', () => calls.set(`C${s}`, (calls.get(`C${s}`) ?? 0) + 1), `C${s}`);
    }
    feed.notify([{ collection: 'sales', storeId: 'C7' } satisfies Change]);
    expect([...calls]).toEqual([['C7', 5]]);
  });

  it('keeps calling the other subscribers when one throws', () => {
    const feed = createChangeFeed();
    const heard: string[] = [];
    feed.subscribe(
      'sales',
      () => {
        throw new Error('broken subscriber');
      },
      'S1',
    );
    feed.subscribe('sales', () => heard.push('second'), 'S1');
    expect(() => feed.notify([{ collection: 'sales', storeId: 'S1' }])).not.toThrow();
    expect(heard).toEqual(['second']);
  });
});
