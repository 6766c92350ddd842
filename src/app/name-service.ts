// Host names for display: /etc/hosts first, then bounded, rate-limited, cached reverse DNS that never blocks.
import type { NameCache } from '../names/name-cache.js';
import type { Clock } from '../ports/clock.js';
import type { ReverseLookup } from '../ports/reverse-lookup.js';

/** Runs fn after ms milliseconds; returns a cancel function. */
export type Schedule = (fn: () => void, ms: number) => () => void;


/** Longer than the resolver's own timeouts: a lookup that has not settled by then is counted as failed. */
const WATCHDOG_MS = 5000;

/**
 * name() answers at once from what is known and, for an unknown address, leaves a lookup request
 * behind; requests are started in the background within the cache's concurrency and rate limits.
 * onNames() fires (at most once per batch of answers) when a new name arrived, so a screen can redraw.
 */
export class NameService {
  private pumpScheduled = false;
  private changed = false;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly cache: NameCache,
    private readonly lookup: ReverseLookup,
    /** /etc/hosts (empty with --dns-server). */
    private readonly hosts: () => ReadonlyMap<string, string>,
    private readonly clock: Clock,
    private readonly schedule: Schedule,
    private readonly onNames: () => void = () => {},
  ) {}

  /** The name to show for a numeric address, or undefined to show the number. */
  name(address: string): string | undefined {
    const fromHosts = this.hosts().get(address);
    if (fromHosts !== undefined) return fromHosts;
    // iftop never queues IPv6 link-local or site-local addresses: they have no PTR records.
    if (/^fe[89a-f]/i.test(address)) return undefined;
    const name = this.cache.get(address, this.clock.monotonicMs());
    this.kick();
    return name;
  }

  /** Resolves once every address has an answer (a name or a failure) — for deterministic file output. */
  async settle(addresses: readonly string[]): Promise<void> {
    for (;;) {
      const pending = addresses.filter((a) => this.name(a) === undefined && this.isPending(a));
      if (pending.length === 0) return;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private isPending(address: string): boolean {
    return this.cache.isPending(address);
  }

  private kick(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    this.schedule(() => this.pump(), 0);
  }

  private pump(): void {
    this.pumpScheduled = false;
    const now = this.clock.monotonicMs();
    for (const address of this.cache.take(now)) void this.resolve(address);
    const wait = this.cache.nextTakeIn();
    if (wait !== null && wait > 0 && !this.pumpScheduled) {
      this.pumpScheduled = true;
      this.schedule(() => this.pump(), wait);
    }
  }

  private async resolve(address: string): Promise<void> {
    let cancel = () => {};
    const watchdog = new Promise<null>((resolve) => (cancel = this.schedule(() => resolve(null), WATCHDOG_MS)));
    const name = await Promise.race([this.lookup.reverse(address), watchdog]);
    cancel();
    this.cache.done(address, name, this.clock.monotonicMs());
    if (name !== null) this.changed = true;
    for (const w of this.waiters.splice(0)) w();
    // Batch the redraw requests of answers that arrive together.
    this.schedule(() => {
      if (this.changed) {
        this.changed = false;
        this.onNames();
      }
    }, 0);
    this.kick();
  }
}
