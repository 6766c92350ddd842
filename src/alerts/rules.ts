// Alert rules: rate and link-utilisation thresholds, anomaly detectors, and the guide's ready-made presets.
import type { NetFilter } from '../core/local-network.js';

export type Severity = 'warning' | 'critical';
/** From the watched host's (or the interface's) point of view. */
export type Direction = 'sent' | 'received' | 'total';
/** Index of the averaging window: 0 = 2 s, 1 = 10 s, 2 = 40 s. */
export type Window = 0 | 1 | 2;
export type DetectorName = 'flood' | 'scan' | 'exfiltration' | 'dns-flood' | 'nonstandard-port' | 'lateral';

export const DETECTORS: readonly DetectorName[] = ['flood', 'scan', 'exfiltration', 'dns-flood', 'nonstandard-port', 'lateral'];

export type RateScope =
  | { readonly type: 'interface' }
  | { readonly type: 'host'; readonly net: NetFilter; readonly text: string }
  | { readonly type: 'port'; readonly port: number };

interface RuleBase {
  /** Stable identity: the rule's text as written (normalised), plus its line for uniqueness. */
  readonly id: string;
  /** The rule as the user wrote it, for messages and events. */
  readonly text: string;
  readonly severity: Severity;
  /** The condition must hold this long before the alert fires (and be gone this long before it resolves). */
  readonly holdSeconds: number;
  /** Only between these local hours [from, to), wrapping past midnight (e.g. 22–6); null = always. */
  readonly hours: readonly [number, number] | null;
}

export interface RateRule extends RuleBase {
  readonly kind: 'rate';
  readonly scope: RateScope;
  readonly direction: Direction;
  readonly window: Window;
  readonly bytesPerSecond: number;
}

export interface UtilRule extends RuleBase {
  readonly kind: 'util';
  readonly direction: Direction;
  readonly window: Window;
  readonly percent: number;
}

export interface DetectRule extends RuleBase {
  readonly kind: 'detect';
  readonly detector: DetectorName;
  /** Detector parameters, defaults filled in (see DETECTOR_DEFAULTS). */
  readonly params: Readonly<Record<string, number>>;
}

export type Rule = RateRule | UtilRule | DetectRule;

const MB = 1024 * 1024;

/**
 * Detector thresholds. flood: at least `sources` distinct senders to one host:port in a 2-second
 * slot with an average packet of at most `packet` bytes. scan: one sender reaching `ports` distinct
 * ports on one host or `hosts` distinct hosts within 10 s, with at most `bytes` per target. exfiltration:
 * an internal host sending at least `rate` bytes/s (2 s) to an external address on a port without a
 * service name. dns-flood: `rate` packets/s to port 53. nonstandard-port: a flow of at least `rate`
 * bytes/s (2 s) where neither port has a service name. lateral: at least `rate` bytes/s (2 s) between
 * two internal hosts.
 */
export const DETECTOR_DEFAULTS: Readonly<Record<DetectorName, Readonly<Record<string, number>>>> = {
  flood: { sources: 100, packet: 200 },
  scan: { ports: 50, hosts: 50, bytes: 1000 },
  exfiltration: { rate: 1 * MB },
  'dns-flood': { rate: 500 },
  'nonstandard-port': { rate: 1 * MB },
  lateral: { rate: 10 * MB },
};

/**
 * Default hold of each detector, in seconds, when the rule gives none. The rate detectors want the
 * condition at two ticks in a row (4 s of traffic): sustained, not a burst, and still within 5 s.
 */
export const DETECTOR_HOLD: Readonly<Record<DetectorName, number>> = {
  flood: 0, scan: 0, 'dns-flood': 0, exfiltration: 2, 'nonstandard-port': 2, lateral: 2,
};

/**
 * The guide's table: warning and critical thresholds for the interface's total rate (10 s average),
 * in bytes/s; the cloud preset uses link utilisation instead (80 % and 95 % of the link speed).
 */
export const PRESETS: Readonly<Record<string, readonly [string, string]>> = {
  home: ['rate interface total > 50MB/s warning', 'rate interface total > 80MB/s critical'],
  office: ['rate interface total > 500MB/s warning', 'rate interface total > 800MB/s critical'],
  server: ['rate interface total > 800MB/s warning', 'rate interface total > 1000MB/s critical'],
  cloud: ['util total > 80% warning', 'util total > 95% critical'],
};
