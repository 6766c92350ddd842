// Time as an input: a monotonic clock for scheduling and rates, the wall clock only for timestamps shown.

export interface Clock {
  /** Monotonic milliseconds (never jumps with the wall clock). */
  monotonicMs(): number;
  /** Seconds since the epoch, for timestamps in output. */
  epochSeconds(): number;
}
