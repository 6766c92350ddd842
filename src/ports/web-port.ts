// The live web view as the run path sees it: an HTTP endpoint serving the hub's sources, started before privileges go.
import type { ListenAddress } from '../config/listen-address.js';
import type { WebHub } from '../web/web-hub.js';
import type { RunningMetrics } from './metrics-port.js';

export interface WebStartOptions {
  readonly listen: ListenAddress;
  /** Where the sources and the API answers come from. */
  readonly hub: WebHub;
  /** --web-token-file, read (as root, before privileges go) and checked; null: see `generateToken`. */
  readonly tokenFile: string | null;
  /** Without a token file: make a random token (true) or serve without one (false: loopback only). */
  readonly generateToken: boolean;
  /** --web-allow-host names, lower case. */
  readonly allowHosts: readonly string[];
  /**
   * --metrics on the same address: one server for both (the page at /, the metrics at /metrics);
   * the exporter is made and started here and handed back.
   */
  readonly metrics: { readonly maxHosts: number; readonly topRemote: number } | null;
  /** Problems after start (a failed handler), one line each. */
  readonly onError: (message: string) => void;
}

export interface RunningWeb {
  /** Where it listens, as a URL without the token: "http://127.0.0.1:8080/". */
  readonly url: string;
  /** The URL that logs a browser in (with ?token=), when a token was generated here: to print once. Null otherwise. */
  readonly loginUrl: string | null;
  /** Sends one rendered frame to every page watching source `index`. */
  publish(index: number, frame: string): void;
  /** Ends every stream and stops serving (the metrics too when they share the server). */
  close(): Promise<void>;
}

export interface WebPort {
  start(options: WebStartOptions): Promise<{ readonly web: RunningWeb; readonly metrics: RunningMetrics | null } | { readonly error: string }>;
}
