// Turns a running total read at each tick (capture frames, libpcap's drop counters) into counter increments that never go back.

/** libpcap's pcap_stat fields are 32-bit (reliability-and-test-plan §5.5): they wrap at 2^32. */
export const PCAP_STAT_WRAP = 2 ** 32;

export class TotalDelta {
  private last = 0;

  /** @param wrapsAt the modulus of a counter that wraps (null: a plain number that only restarts) */
  constructor(private readonly wrapsAt: number | null = null) {}

  /**
   * The increase since the previous reading. A smaller reading is a wrap when the counter wraps and the
   * drop is more than half its range, otherwise a restart (a capture reopened after the interface came
   * back), counted from 0. The first reading counts in full: the run started at 0.
   */
  next(value: number): number {
    if (!Number.isFinite(value) || value < 0) return 0;
    const last = this.last;
    this.last = value;
    if (value >= last) return value - last;
    if (this.wrapsAt !== null && last - value > this.wrapsAt / 2) return value + this.wrapsAt - last;
    return value;
  }
}
