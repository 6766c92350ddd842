// Wiring for -r FILE: the pure-TypeScript reader and replay clock, then text/NDJSON blocks or the full-screen view.
import { compileBpf } from './adapters/capture/bpf-compile.js';
import { LibpcapMissingError } from './adapters/capture/pcap-ffi.js';
import { openCaptureFile } from './adapters/file/read-capture-file.js';
import { dropPrivileges } from './adapters/host/privileges.js';
import { StdoutOutput } from './adapters/io/stdout-output.js';
import { replayFile, replayText } from './app/replay-file.js';
import type { ReplayDeps, ReplayRead } from './app/replay-file.js';
import { ScreenLoop } from './app/screen/screen-loop.js';
import { ScreenSession } from './app/screen/screen-session.js';
import { initialUiState, showHint } from './app/screen/ui-state.js';
import { TextSession } from './app/text-session.js';
import type { Configuration } from './cli/configuration.js';
import { Monitor } from './core/monitor.js';
import { NO_LOCAL_NETWORK } from './core/local-network.js';
import { isSupportedLinkType } from './decode/decode-frame.js';
import { LinkType, linkTypeName } from './decode/link-types.js';
import { inert } from './format/inert.js';
import { ndjsonHeader } from './render/ndjson.js';
import { glyphsForLocale, screenWanted, startScreen } from './run-screen.js';
import { closeAlerts, serviceNames, bpfProgramText, createNameService, DISCARD, fail, installSignals, LIBPCAP_MISSING, labellerFactory, randomSeed, viewOptionsFrom, localClockText } from './wiring.js';
import { VERSION } from './version.js';
import { createAlerts } from './alerts-wiring.js';
import type { AlertWatch } from './app/alert-watch.js';
import type { AlertEvent } from './alerts/alert-engine.js';
import { checkStatus } from './app/check-status.js';
import type { TextOutput } from './ports/text-output.js';

const CLOCK = { monotonicMs: () => performance.now(), epochSeconds: () => Date.now() / 1000 };
/** While a file is read on the screen, redraw at most this often (reading runs far faster than real time). */
const REPLAY_REDRAW_MS = 100;

export async function runFile(config: Configuration): Promise<number> {
  const { settings, extras } = config;
  const path = extras.readFile!;
  const filterText = settings.filterCode === null || settings.filterCode.trim() === '' ? null : bpfProgramText(settings.filterCode);
  if (filterText !== null) {
    // Catch syntax errors before any output; a filter that only fails for the file's own link type
    // (say "ether host" on raw IP) is reported when that link type is met.
    let probe: ReturnType<typeof compileBpf>;
    try {
      probe = compileBpf(filterText, LinkType.ETHERNET);
    } catch (e) {
      if (e instanceof LibpcapMissingError) return fail(LIBPCAP_MISSING);
      throw e;
    }
    if ('error' in probe) return fail(`bad filter "${inert(settings.filterCode ?? '')}": ${inert(probe.error)}`);
  }
  const monitor = new Monitor({
    local: { ...NO_LOCAL_NETWORK, netFilter4: settings.netFilter4, netFilter6: settings.netFilter6, linkLocal: settings.linkLocal },
    maxFlows: extras.maxFlows,
    hashSeed: randomSeed(),
  });
  const opened = await openCaptureFile(path);
  if ('error' in opened) return fail(inert(opened.error.message));
  // A capture file is untrusted input: parse it without root (tcpdump -r -Z does the same).
  // Alert files (log) are opened before privileges go.
  let reportAlertProblem: (m: string) => void = (m) => void process.stderr.write(`wiretop: ${m}\n`);
  const alerts = createAlerts(config, path, extras.linkSpeed, (m) => reportAlertProblem(m));
  if (alerts !== null && 'error' in alerts) return fail(inert(alerts.error));
  const dropped = dropPrivileges(extras.user);
  if (dropped.kind === 'error') return fail(dropped.message);
  const deps: ReplayDeps = {
    readFile: async (sink, between, shouldStop) => {
      try {
        return await opened.read(sink, { betweenChunks: between, shouldStop });
      } finally {
        await opened.close();
      }
    },
    pause: () => new Promise((r) => setImmediate(r)),
    ...(filterText === null ? {} : { filter: (linktype: number) => compileBpf(filterText, linktype) }),
  };
  const watch = alerts?.watch ?? null;
  const outcome = screenWanted(config)
    ? await screenFile(config, monitor, deps, watch, (report) => (reportAlertProblem = report))
    : await textFile(config, monitor, deps, watch);
  await closeAlerts(alerts);
  if ('error' in outcome) return fail(outcome.error);
  for (const lt of outcome.read.linktypes) {
    if (!isSupportedLinkType(lt)) process.stderr.write(`wiretop: ${inert(path)}: link type ${lt} (${linkTypeName(lt)}) is not supported; its packets were not counted\n`);
  }
  if (outcome.read.error !== null) return fail(inert(outcome.read.error.message));
  return outcome.status;
}

type Outcome = { read: ReplayRead; status: number } | { error: string };

async function textFile(config: Configuration, monitor: Monitor, deps: ReplayDeps, watch: AlertWatch | null): Promise<Outcome> {
  const { settings, extras } = config;
  const names = createNameService(extras.dnsServer);
  const session = new TextSession(
    monitor,
    { view: viewOptionsFrom(settings), dnsOn: settings.dnsResolution, portNamesOn: settings.portResolution, paused: false },
    { numLines: settings.numLines, useBytes: settings.useBytes, ndjson: extras.ndjson, labels: extras.labels, linkBits: extras.linkSpeed, services: serviceNames() },
    labellerFactory(names),
    () => null,
    watch,
  );
  const check = extras.check;
  // Only a check looks back at the events (a long file must not keep them all).
  const events: AlertEvent[] = [];
  if (check) watch?.onEvent((e) => events.push(e));
  let interrupted: string | null = null;
  const out: TextOutput = check ? DISCARD : new StdoutOutput(process.stdout, true);
  let quit = false;
  let outputError: string | null = null;
  if (out instanceof StdoutOutput) {
    out.onClosed((e) => {
      quit = true;
      if (e.code !== 'EPIPE') outputError = `cannot write the output: ${e.message}`;
    });
  }
  installSignals((signal) => {
    quit = true;
    interrupted = signal;
  });
  if (!check) out.write(extras.ndjson ? ndjsonHeader(VERSION, { file: extras.readFile! }) : `Reading from ${inert(extras.readFile!)}\n`);
  // A block waits for the names it shows, so reading a file prints the same every time.
  const settleNames = (addresses: readonly string[]) => (session.state.dnsOn ? names.settle(addresses) : Promise.resolve());
  // A check reads the whole file (its -s default of 8 s is for live checks).
  const read = await replayText(monitor, session, out, { ...deps, settleNames }, check ? 0 : settings.timedOutput, () => quit);
  if (outputError !== null) return { error: outputError };
  if (check && interrupted !== null) {
    // Half a file is no verdict.
    process.stdout.write(`WIRETOP UNKNOWN - interrupted by ${interrupted}\n`);
    return { read: { ...read, error: null }, status: 3 };
  }
  if (check && read.error === null) {
    const result = checkStatus(events, session.model, inert(extras.readFile!), extras.checkWarning, extras.checkCritical);
    process.stdout.write(`${result.line}\n`);
    return { read, status: result.code };
  }
  return { read, status: 0 };
}

/**
 * The screen while the file is read (redrawn at each capture-time tick, at most every 100 ms), then
 * the final state to browse: keys that regroup or re-sort take effect at once, as no more data comes.
 */
async function screenFile(
  config: Configuration,
  monitor: Monitor,
  deps: ReplayDeps,
  watch: AlertWatch | null,
  reportTo: (report: (message: string) => void) => void,
): Promise<Outcome> {
  const { settings, extras } = config;
  const screen = startScreen();
  let redraw = () => {};
  const names = createNameService(extras.dnsServer, () => redraw());
  const session = new ScreenSession(monitor, initialUiState(settings, viewOptionsFrom(settings)), {
    version: VERSION,
    glyphs: glyphsForLocale(),
    fixedMaxBits: settings.maxBandwidth,
    useBytes: settings.useBytes,
    labeller: labellerFactory(names),
    alerts: watch,
    clockText: localClockText,
    linkBits: extras.linkSpeed,
    services: serviceNames(),
  });
  session.ui.labels = extras.labels;
  // Problems of the notifiers show as hints: stderr is hidden behind the screen.
  reportTo((m) => showHint(session.ui, m, CLOCK.epochSeconds()));
  const status = () => ({ dropped: 0, malformed: monitor.counters.malformed, banner: null });
  const draw = () => {
    const { cols, rows } = screen.terminal.size();
    screen.terminal.draw(session.frame(cols, rows, status()), false);
  };
  let quit = false;
  screen.terminal.onKey((k) => {
    if (k === 'q') quit = true;
  });
  screen.terminal.enter();
  let lastDraw = 0;
  const { read, driver } = await replayFile(
    monitor,
    (ts) => {
      session.tick(ts);
      if (CLOCK.monotonicMs() - lastDraw >= REPLAY_REDRAW_MS) {
        lastDraw = CLOCK.monotonicMs();
        draw();
      }
    },
    deps,
    0,
    () => quit || screen.status() !== 0,
  );
  session.reanalyse();
  const seconds = Math.max(0, driver.lastTs - (driver.firstTs ?? driver.lastTs));
  showHint(session.ui, `End of file: ${monitor.counters.frames} packets, ${seconds.toFixed(1)} s`, CLOCK.epochSeconds(), true);
  if (!quit && screen.status() === 0) {
    const loop = new ScreenLoop(monitor, session, { capture: null, clock: CLOCK, terminal: screen.terminal, status, programFor: bpfProgramText });
    screen.attach(loop);
    redraw = () => loop.redraw();
    await loop.run();
  }
  screen.terminal.restore();
  return { read, status: screen.status() };
}
