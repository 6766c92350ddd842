// The metric store the metrics sink writes into: prom-client in production (adapters/metrics), the same adapter in tests.

/** Label name → value of one series. The object is kept by the store: never mutate it after handing it over. */
export type LabelValues = Readonly<Record<string, string>>;

export interface MetricsRegistry {
  /** Adds value (≥ 0, finite) to a counter series; a new series starts at value (0 creates it at 0). */
  inc(family: string, labels: LabelValues, value: number): void;
  /** Sets a gauge series. */
  set(family: string, labels: LabelValues, value: number): void;
  /** Adds to a gauge series (negative to lower it). */
  add(family: string, labels: LabelValues, value: number): void;
  /** Drops one series (a host leaving the exposed set); nothing when it does not exist. */
  remove(family: string, labels: LabelValues): void;
}
