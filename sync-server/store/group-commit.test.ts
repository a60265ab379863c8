import { describe, expect, it } from 'vitest';
import { GroupCommitQueue, type QueuedWrite } from './group-commit.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('GroupCommitQueue', () => {
  it('runs a lone write at once, groups the writes queued meanwhile in arrival order, at most maxGroup each', async () => {
    const groups: string[][] = [];
    const queue = new GroupCommitQueue<string>(3, async (group: QueuedWrite<string>[]) => {
      groups.push([]);
      await tick(); // the time a group holds the lock: writes arriving now queue for the next group
      for (const write of group) write.resolve(await write.work(`group ${groups.length}`));
    });
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((name) => queue.add(async (tx) => `${name} in ${tx}`)));
    expect(results).toEqual(['a in group 1', 'b in group 2', 'c in group 2', 'd in group 2', 'e in group 3', 'f in group 3']);
    expect(queue.queued).toBe(0);
  });

  it('rejects every write of a group that fails, and runs the next group', async () => {
    let calls = 0;
    const queue = new GroupCommitQueue<null>(10, async (group) => {
      calls++;
      await tick();
      if (calls === 2) throw new Error('commit failed');
      for (const write of group) write.resolve(await write.work(null));
    });
    const first = queue.add(async () => 'first');
    const failing = [queue.add(async () => 'x'), queue.add(async () => 'y')];
    await expect(first).resolves.toBe('first');
    for (const write of failing) await expect(write).rejects.toThrow('commit failed');
    await expect(queue.add(async () => 'after')).resolves.toBe('after');
  });
});
