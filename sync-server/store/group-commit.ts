/**
 * Group commit for a store whose writes are serialised (PostgreSQL's seq lock, postgres.ts): the transactions that
 * queued while one was running go together into the next database transaction, one after another, each in its own
 * savepoint. The serial part of a write (BEGIN and the seq lock, NOTIFY, COMMIT and its WAL flush, the lock passing
 * to the other instance) is then paid once per group instead of once per write: at a chain's peak, 200 pushes a
 * second over two instances, a flush and a lock hand-over each were what the pushes queued behind.
 *
 * Nothing changes for a lone write (no one queued behind another: a group of one, no savepoint). The groups run one
 * at a time, in arrival order, so every write still sees all the writes queued before it, as with a mutex.
 */
export interface QueuedWrite<Tx> {
  work: (tx: Tx) => Promise<unknown>;
  /** Called once the group has committed; a write rolled back alone (its savepoint) is rejected at once. */
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitQueue<Tx> {
  private readonly waiting: QueuedWrite<Tx>[] = [];
  private busy = false;

  /**
   * `runGroup` runs the writes in order in one transaction and settles each of them (a promise settled twice keeps
   * its first outcome: a group that fails after a write was rejected leaves that rejection).
   */
  constructor(
    private readonly maxGroup: number,
    private readonly runGroup: (group: QueuedWrite<Tx>[]) => Promise<void>,
  ) {}

  add<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work, resolve: resolve as (result: unknown) => void, reject });
      this.next();
    });
  }

  /** Writes waiting for the running group to end. */
  get queued(): number {
    return this.waiting.length;
  }

  private next(): void {
    if (this.busy || this.waiting.length === 0) return;
    this.busy = true;
    const group = this.waiting.splice(0, this.maxGroup);
    void this.runGroup(group)
      .catch((error: unknown) => {
        for (const write of group) write.reject(error);
      })
      .finally(() => {
        this.busy = false;
        this.next();
      });
  }
}
