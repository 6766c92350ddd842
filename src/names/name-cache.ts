// Reverse-DNS bookkeeping without I/O: a bounded, expiring cache, a bounded wait list, and the limits on lookups.

/** Limits on resolution; the defaults keep a flood of new addresses from flooding the resolver. */
export interface NameLimits {
  /** Cached answers (names and failures) kept at most; the least recently used go first. */
  readonly cacheSize: number;
  /** Addresses waiting for a lookup at most; further ones are simply asked for again later. */
  readonly queueSize: number;
  /** Lookups in flight at most. */
  readonly concurrency: number;
  /** Lookups started per second at most (token bucket, this many tokens). */
  readonly perSecond: number;
  /** How long a name is trusted before it is looked up again. */
  readonly positiveTtlMs: number;
  /** How long a failure is remembered at first; doubles with each further failure up to maxNegativeTtlMs. */
  readonly negativeTtlMs: number;
  readonly maxNegativeTtlMs: number;
}

export const DEFAULT_NAME_LIMITS: NameLimits = {
  cacheSize: 10_000,
  queueSize: 256,
  concurrency: 4,
  perSecond: 20,
  positiveTtlMs: 30 * 60_000,
  negativeTtlMs: 60_000,
  maxNegativeTtlMs: 15 * 60_000,
};

interface Entry {
  /** The name, or null when the lookup failed (the address is shown as a number). */
  name: string | null;
  expires: number;
  failures: number;
}

/**
 * Keys are the numeric address text. get() never waits: it answers from the cache and puts a missing
 * or expired address on the wait list (iftop resolves whatever it displays). take() hands out the
 * next addresses to look up, within the concurrency and rate limits; done() stores the outcome.
 */
export class NameCache {
  private readonly cache = new Map<string, Entry>();
  private readonly waiting = new Set<string>();
  private readonly inFlight = new Set<string>();
  private tokens: number;
  private lastRefill: number;
  /** Lookups started and answers dropped for space, for tests and diagnostics. */
  started = 0;
  droppedRequests = 0;

  constructor(
    private readonly limits: NameLimits = DEFAULT_NAME_LIMITS,
    now = 0,
  ) {
    this.tokens = limits.perSecond;
    this.lastRefill = now;
  }

  /** The cached name of an address (undefined while unknown or failed); asks for a lookup if needed. */
  get(address: string, now: number): string | undefined {
    const e = this.cache.get(address);
    if (e !== undefined) {
      // Refresh the LRU position.
      this.cache.delete(address);
      this.cache.set(address, e);
      if (e.expires > now) return e.name ?? undefined;
    }
    this.want(address);
    return e?.name ?? undefined;
  }

  /** Puts an address on the wait list unless it is queued, in flight, or the list is full. */
  want(address: string): void {
    if (this.waiting.has(address) || this.inFlight.has(address)) return;
    if (this.waiting.size >= this.limits.queueSize) {
      this.droppedRequests++;
      return;
    }
    this.waiting.add(address);
  }

  /** Addresses to look up now (and marks them in flight), within the limits. */
  take(now: number): string[] {
    this.tokens = Math.min(this.limits.perSecond, this.tokens + ((now - this.lastRefill) / 1000) * this.limits.perSecond);
    this.lastRefill = now;
    const out: string[] = [];
    for (const address of this.waiting) {
      if (this.inFlight.size >= this.limits.concurrency || this.tokens < 1) break;
      this.waiting.delete(address);
      this.inFlight.add(address);
      this.tokens -= 1;
      this.started++;
      out.push(address);
    }
    return out;
  }

  /** Stores a lookup's outcome: a name, or null for "no name" / error / timeout. */
  done(address: string, name: string | null, now: number): void {
    this.inFlight.delete(address);
    const previous = this.cache.get(address);
    const failures = name === null ? (previous?.name === null ? previous.failures + 1 : 1) : 0;
    const ttl = name !== null
      ? this.limits.positiveTtlMs
      : Math.min(this.limits.maxNegativeTtlMs, this.limits.negativeTtlMs * 2 ** (failures - 1));
    this.cache.delete(address);
    // A failed refresh keeps the old name until the next try rather than showing the number again.
    const kept = name ?? (previous?.name ?? null);
    this.cache.set(address, { name: kept, expires: now + ttl, failures });
    while (this.cache.size > this.limits.cacheSize) this.cache.delete(this.cache.keys().next().value!);
  }

  /** True while the address waits for a lookup or is being looked up. */
  isPending(address: string): boolean {
    return this.waiting.has(address) || this.inFlight.has(address);
  }

  /** Milliseconds until take() could hand out another lookup, or null when nothing is waiting. */
  nextTakeIn(): number | null {
    if (this.waiting.size === 0 || this.inFlight.size >= this.limits.concurrency) return null;
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.limits.perSecond) * 1000);
  }

  get sizes(): { cached: number; waiting: number; inFlight: number } {
    return { cached: this.cache.size, waiting: this.waiting.size, inFlight: this.inFlight.size };
  }
}
