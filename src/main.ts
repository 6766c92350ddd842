// Composition root: argv and config → settings, the real adapters built here and only here, one exit status, no stack traces.
import { randomInt } from 'node:crypto';
import { fstatSync } from 'node:fs';
import { parseArgs } from './cli/args.js';
import { loadConfiguration } from './cli/configuration.js';
import type { ReadText } from './cli/configuration.js';
import { usageText } from './cli/usage.js';
import { run } from './app/run/run.js';
import type { RunDeps } from './app/run/deps.js';
import { capturePort } from './adapters/capture/capture-port.js';
import { createNameService } from './adapters/dns/name-service-factory.js';
import { defaultInterface, interfaceExists, interfaceInfo, linkSpeedBits, operState, readTextFile } from './adapters/host/linux-host.js';
import { processPort } from './adapters/host/process-port.js';
import { lineFiles } from './adapters/io/line-file.js';
import type { AttributionPort } from './ports/attribution.js';
import type { FlowExportPort } from './ports/flow-export-port.js';
import type { HistoryPort } from './ports/history-port.js';
import { StdoutOutput } from './adapters/io/stdout-output.js';
import { alertCommand } from './adapters/notify/alert-command.js';
import { openAlertLog } from './adapters/notify/alert-log.js';
import { alertWebhook } from './adapters/notify/alert-webhook.js';
import { startScreen } from './adapters/terminal/screen-host.js';
import { parseServices } from './format/services.js';
import { VERSION } from './version.js';
import { inert } from './format/inert.js';

/** How a live `wiretop check` watches by default: four 2-second slots, within check_nrpe's default 10 s timeout. */
const CHECK_SECONDS = 8;

const readText: ReadText = (path) => {
  const r = readTextFile(path);
  return 'text' in r ? r : { error: { ...(r.error.code === undefined ? {} : { code: r.error.code }), message: r.error.message } };
};

/**
 * The adapters only some runs use, loaded only for them (prom-client, SQLite, the web view, sockets…
 * are a third of the start-up). Those whose port is synchronous are loaded before the run when its
 * configuration can reach them; the asynchronous ones (metrics, web view) on first use.
 */
interface OptionalAdapters {
  readonly history: HistoryPort;
  readonly flowExport: FlowExportPort;
  readonly attribution: AttributionPort;
}

async function optionalAdapters(need: { history: boolean; flowExport: boolean; attribution: boolean }): Promise<OptionalAdapters> {
  // Reaching one not loaded is a wiring mistake (the conditions below mirror where the run opens them).
  const notLoaded = (what: string) => `internal: ${what} was not loaded for this run`;
  const [history, flowExport, attribution] = await Promise.all([
    need.history ? import('./adapters/history/history-port.js').then((m) => m.historyPort) : null,
    need.flowExport ? import('./adapters/net/udp-flow-exporter.js').then((m) => ({ create: m.createUdpFlowExporter })) : null,
    need.attribution ? import('./adapters/sockets/host-attribution.js').then((m) => ({ open: () => m.openHostAttribution() })) : null,
  ]);
  return {
    history: history ?? { open: () => ({ error: notLoaded('the history store') }) },
    flowExport: flowExport ?? { create: () => { throw new Error(notLoaded('the flow export')); } },
    attribution: attribution ?? { open: () => ({ error: notLoaded('process attribution') }) },
  };
}

/** Every optional adapter (the daemon's configuration file can ask for any of them). */
const allOptional = () => optionalAdapters({ history: true, flowExport: true, attribution: true });

/** The real world, once per process. */
function realDeps(optional: OptionalAdapters): RunDeps {
  let stdout: StdoutOutput | null = null;
  const services = readText('/etc/services');
  return {
    version: VERSION,
    clock: { monotonicMs: () => performance.now(), epochSeconds: () => Date.now() / 1000 },
    schedule: (fn, ms) => {
      const t = setTimeout(fn, ms);
      return () => clearTimeout(t);
    },
    yieldToEvents: () => new Promise((resolve) => setImmediate(resolve)),
    env: process.env,
    host: { defaultInterface, interfaceExists, interfaceInfo, linkSpeedBits, operState },
    capture: capturePort,
    process: processPort,
    stdio: {
      stdout: (lossless) => (stdout ??= new StdoutOutput(process.stdout, lossless)),
      writeStdout: (text) => void process.stdout.write(text),
      writeStderr: (text) => void process.stderr.write(text),
      stdinIsTTY: process.stdin.isTTY === true,
      stdoutIsTTY: process.stdout.isTTY === true,
    },
    startScreen,
    nameService: createNameService,
    services: parseServices('text' in services ? services.text : ''),
    readText,
    notifiers: { openLog: openAlertLog, command: alertCommand, webhook: alertWebhook },
    localTime: {
      hourOf: (ts) => new Date(ts * 1000).getHours(),
      clockText: (ts) => {
        const d = new Date(ts * 1000);
        return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
      },
    },
    lineFiles,
    metrics: { start: async (o) => (await import('./adapters/metrics/metrics-exporter.js')).metricsPort.start(o) },
    flowExport: optional.flowExport,
    history: optional.history,
    web: { start: async (o) => (await import('./adapters/web/web-view.js')).webPort.start(o) },
    attribution: optional.attribution,
    seed: () => randomInt(0, 2 ** 31),
  };
}

/** Whether stderr is connected to the journal (systemd sets JOURNAL_STREAM to its device and inode). */
function stderrIsJournal(): boolean {
  const stream = process.env['JOURNAL_STREAM'];
  if (stream === undefined) return false;
  try {
    const st = fstatSync(2);
    return stream === `${st.dev}:${st.ino}`;
  } catch {
    return false;
  }
}

/** `wiretop daemon …` (its modules are loaded only for it: every other run starts that much sooner). */
async function mainDaemon(argv: readonly string[]): Promise<number> {
  const [{ daemon }, { parseDaemonArgs }, { daemonUsageText }] = await Promise.all([
    import('./app/run/daemon.js'), import('./cli/daemon-args.js'), import('./cli/daemon-usage.js'),
  ]);
  const parsed = parseDaemonArgs(argv, readText);
  if (parsed.kind === 'help') {
    process.stdout.write(daemonUsageText(VERSION));
    return 0;
  }
  if (parsed.kind === 'error') return userError(parsed.message, false);
  return daemon({ ...realDeps(await allOptional()), stderrIsJournal: stderrIsJournal() }, parsed.options);
}

/** Runs wiretop with argv (without node and script) and resolves to the exit status. */
export async function main(argv: readonly string[], check = argv[0] === 'check'): Promise<number> {
  if (argv[0] === 'daemon') return mainDaemon(argv.slice(1));
  if (argv[0] === 'history') {
    const [{ historyMain }, { realHistoryDeps }] = await Promise.all([import('./history/history-main.js'), import('./adapters/history/history-deps.js')]);
    return historyMain(argv.slice(1), realHistoryDeps(VERSION));
  }
  const parsed = parseArgs(check ? argv.slice(1) : argv);
  if (parsed.kind === 'help') {
    process.stdout.write(usageText(VERSION));
    return 0;
  }
  if (parsed.kind === 'version') {
    process.stdout.write(`wiretop ${VERSION}\n`);
    return 0;
  }
  if (parsed.kind === 'error') return userError(parsed.message, check);
  const config = loadConfiguration(parsed, process.env['HOME'], readText);
  for (const m of config.messages) process.stderr.write(`${m}\n`);
  if (check) {
    // A check is text mode without output but its one status line; live, it watches 8 s unless -s says.
    config.extras.check = true;
    config.settings.noCurses = true;
    if (config.settings.timedOutput <= 0) config.settings.timedOutput = CHECK_SECONDS;
  }
  const x = config.extras;
  // Attribution: live captures only (a file holds no processes; --no-processes still says why it is off).
  const optional = await optionalAdapters({ history: x.history !== null, flowExport: x.flowExport !== null, attribution: x.readFile === null });
  return run(realDeps(optional), config, check);
}

/** One line and status 1 (UNKNOWN and 3 in a check). */
function userError(message: string, check: boolean): number {
  if (check) {
    process.stdout.write(`WIRETOP UNKNOWN - ${inert(message)}\n`);
    return 3;
  }
  process.stderr.write(`wiretop: ${inert(message)}\n`);
  return 1;
}

/** Entry point for bin/wiretop.js: runs main, maps an unexpected failure to one line and status 70. */
export function start(): void {
  const check = process.argv[2] === 'check';
  const internal = (e: unknown) => {
    // A monitoring system reads a check's stdout and status: an internal error is UNKNOWN there.
    if (check) process.stdout.write(`WIRETOP UNKNOWN - internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.stderr.write(`wiretop: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env['WIRETOP_DEBUG'] !== undefined && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    process.exit(check ? 3 : 70);
  };
  process.on('uncaughtException', internal);
  // A line that cannot reach stderr (its reader gone: `wiretop daemon … 2>&1 | head`) cannot be
  // reported either; without a listener the failed write would end the run as an internal error.
  process.stderr.on('error', () => {});
  main(process.argv.slice(2), check).then((code) => process.exit(code), internal);
}
