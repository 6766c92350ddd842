// Everything a run needs from outside, as one bundle of small ports: real adapters in main.ts, fakes in tests.
import type { ServiceTable } from '../../format/services.js';
import type { CapturePort } from '../../ports/capture-port.js';
import type { Clock } from '../../ports/clock.js';
import type { HostFacts } from '../../ports/host-facts.js';
import type { LineFilePort } from '../../ports/line-file.js';
import type { MetricsPort } from '../../ports/metrics-port.js';
import type { FlowExportPort } from '../../ports/flow-export-port.js';
import type { HistoryPort } from '../../ports/history-port.js';
import type { WebPort } from '../../ports/web-port.js';
import type { AlertNotifiers, LocalTime } from '../../ports/notifier-port.js';
import type { ProcessPort } from '../../ports/process-port.js';
import type { Schedule } from '../../ports/schedule.js';
import type { ScreenHost } from '../../ports/terminal.js';
import type { OutputStream } from '../../ports/text-output.js';
import type { ReadText } from '../../cli/configuration.js';
import type { NameService } from '../name-service.js';
import type { AttributionPort } from '../../ports/attribution.js';

export interface Stdio {
  /** Standard output for text mode; `lossless` (files) waits instead of dropping blocks for a slow reader. Made once per run. */
  stdout(lossless: boolean): OutputStream;
  /** A status line on stdout (a check). */
  writeStdout(text: string): void;
  writeStderr(text: string): void;
  readonly stdinIsTTY: boolean;
  readonly stdoutIsTTY: boolean;
}

export interface RunDeps {
  readonly version: string;
  readonly clock: Clock;
  readonly schedule: Schedule;
  /** Lets the event loop run (signals, keys, output) between chunks of a file. */
  yieldToEvents(): Promise<void>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly host: HostFacts;
  readonly capture: CapturePort;
  readonly process: ProcessPort;
  readonly stdio: Stdio;
  /** The full-screen terminal with its signal handling; made once, when the screen is used. */
  startScreen(): ScreenHost;
  /** The name service (/etc/hosts and reverse DNS, or --dns-server only); onNames fires when names arrived. */
  nameService(dnsServer: string | null, onNames: () => void): NameService;
  readonly services: ServiceTable;
  readonly readText: ReadText;
  readonly notifiers: AlertNotifiers;
  readonly localTime: LocalTime;
  readonly lineFiles: LineFilePort;
  readonly metrics: MetricsPort;
  readonly flowExport: FlowExportPort;
  readonly history: HistoryPort;
  /** --web: the page and its API over HTTP. */
  readonly web: WebPort;
  /** Process attribution: sock_diag and /proc of the captured namespace. */
  readonly attribution: AttributionPort;
  /** Per-run hash seed for the flow table, so crafted traffic cannot aim at one probe chain. */
  seed(): number;
}
