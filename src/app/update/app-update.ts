import { BehaviorSubject, type Observable } from 'rxjs';

/**
 * A new version of the app, applied at a safe moment. The service worker installs a new version in the background
 * and waits; the associate is offered it ("update now" / "after this sale"), and it is applied (the waiting worker
 * takes over, the page reloads) only when no sale is in progress: the cart is empty, or the sale under way has just
 * been completed. The page never reloads by itself mid-sale, also when another tab of the device applied the update.
 * Nothing is lost either way: pending sales are in IndexedDB and the cart in progress is a local document.
 */
export type AppUpdateState =
  /** Nothing waiting. */
  | 'current'
  /** A new version is installed and waiting: offer it. */
  | 'available'
  /** The associate chose "after this sale": applied as soon as the cart is empty. */
  | 'after-sale'
  /** Being applied: the page reloads in a moment. */
  | 'applying';

export interface AppUpdateDriver {
  /** Asks the server whether sw.js changed (registration.update()). */
  check: () => Promise<unknown>;
  /** Tells the waiting service worker to take over (SKIP_WAITING); the page reloads through `reloadWhenSafe`. */
  activate: () => Promise<unknown>;
  reload: () => void;
}

/**
 * A new version that has not taken over by then: reload anyway, when safe. Chromium activates a worker told to skip
 * waiting only once the old one is idle, and on a busy tablet that waited until the page went away (seen 15 s and
 * more in the browser test); the reload is what lets it take over, so it comes soon.
 */
const TAKE_OVER_TIMEOUT_MS = 3_000;
/**
 * How long the work stopped before an update may take: the sync stream closes at once, but the rest of the
 * replication's cancel waits for a push between its offline retries, and the update must not wait for that (what
 * it would push is in IndexedDB, pushed by the new version).
 */
const STOP_WAIT_MS = 2_000;
const atMost = (ms: number, work: Promise<unknown>) => Promise.race([work, new Promise((resolve) => setTimeout(resolve, ms))]);

export class AppUpdate {
  readonly #state = new BehaviorSubject<AppUpdateState>('current');
  #driver: AppUpdateDriver | null = null;
  readonly #saleInProgress = new BehaviorSubject(false);
  #reloadPending = false;
  /** The associate chose "update now": the page reloads as soon as the new version controls it, sale or not. */
  #reloadAtOnce = false;
  readonly #beforeApply = new Set<() => Promise<unknown>>();

  get state$(): Observable<AppUpdateState> {
    return this.#state;
  }
  get state(): AppUpdateState {
    return this.#state.value;
  }
  get saleInProgress$(): Observable<boolean> {
    return this.#saleInProgress;
  }

  /** The service worker is registered: updates can be checked and applied from now on. */
  attach(driver: AppUpdateDriver): void {
    this.#driver = driver;
  }

  check(): Promise<unknown> {
    return this.#driver?.check().catch(() => undefined) ?? Promise.resolve();
  }

  /**
   * Work to stop before the new version takes over: the sync stream. Chromium activates the waiting worker only
   * once the old one is idle, and a controlled page's open stream keeps it busy: with the stream open, an update
   * never took over (found by the browser test). Answers a function that withdraws it.
   */
  beforeApply(stop: () => Promise<unknown>): () => void {
    this.#beforeApply.add(stop);
    return () => this.#beforeApply.delete(stop);
  }

  /** A new version is waiting (the service worker installed it). */
  offer(): void {
    if (this.state === 'current') this.#state.next('available');
  }

  /** "Update now" (or the server no longer syncs this version): the associate's choice, the cart is kept. */
  applyNow(): void {
    this.#reloadAtOnce = true;
    this.#activate();
  }

  applyAfterSale(): void {
    if (this.#saleInProgress.value) this.#state.next('after-sale');
    else this.#activate();
  }

  #activate(): void {
    const driver = this.#driver;
    if (!driver) return;
    this.#state.next('applying');
    void Promise.allSettled([...this.#beforeApply].map((stop) => atMost(STOP_WAIT_MS, stop())))
      .then(() => driver.activate())
      .finally(() => setTimeout(() => this.reloadWhenSafe(), TAKE_OVER_TIMEOUT_MS));
  }

  /** What the till says: a cart with lines is a sale in progress. */
  setSaleInProgress(inProgress: boolean): void {
    if (inProgress !== this.#saleInProgress.value) this.#saleInProgress.next(inProgress);
    if (inProgress) return;
    if (this.#reloadPending) this.#driver?.reload();
    else if (this.state === 'after-sale') this.#activate();
  }

  /**
   * The new version took control of this page (this tab's choice, or another tab's): reload, but not mid-sale
   * unless the associate said "update now". Taking control can lag (the old worker finishing its requests), and a
   * sale started meanwhile is not cut short.
   */
  reloadWhenSafe(): void {
    if (this.#saleInProgress.value && !this.#reloadAtOnce) this.#reloadPending = true;
    else this.#driver?.reload();
  }
}
