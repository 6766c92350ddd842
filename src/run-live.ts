// Wiring for live capture: interface facts, the capture worker, then the text loop or the full-screen view.
import { CaptureOpenError, LiveCapture } from './adapters/capture/live-capture.js';
import { defaultInterface, interfaceExists, interfaceInfo, linkSpeedBits, operState } from './adapters/host/linux-host.js';
import { dropPrivileges } from './adapters/host/privileges.js';
import { StdoutOutput } from './adapters/io/stdout-output.js';
import { readKeys } from './adapters/io/stdin-keys.js';
import type { KeyReader } from './adapters/io/stdin-keys.js';
import { LiveTextLoop } from './app/live-text.js';
import type { LiveEnd } from './app/live-text.js';
import { ScreenLoop } from './app/screen/screen-loop.js';
import { ScreenSession } from './app/screen/screen-session.js';
import { initialUiState, showHint } from './app/screen/ui-state.js';
import type { AlertWatch } from './app/alert-watch.js';
import type { AlertEvent } from './alerts/alert-engine.js';
import { checkStatus } from './app/check-status.js';
import type { TextOutput } from './ports/text-output.js';
import { createAlerts } from './alerts-wiring.js';
import { TextSession } from './app/text-session.js';
import type { Configuration } from './cli/configuration.js';
import { Monitor } from './core/monitor.js';
import type { LocalNetwork } from './core/local-network.js';
import { formatAddress } from './format/inet-ntop.js';
import { inert } from './format/inert.js';
import { ndjsonHeader } from './render/ndjson.js';
import { glyphsForLocale, screenWanted, startScreen } from './run-screen.js';
import { VERSION } from './version.js';
import { closeAlerts, serviceNames, bpfProgramText, createNameService, DISCARD, fail, inCheckMode, installSignals, LIBPCAP_MISSING, labellerFactory, randomSeed, SIGNAL_NUMBERS, viewOptionsFrom, localClockText } from './wiring.js';

const CLOCK = { monotonicMs: () => performance.now(), epochSeconds: () => Date.now() / 1000 };

interface Live {
  readonly iface: string;
  /** The interface name made safe to print. */
  readonly shown: string;
  readonly capture: LiveCapture;
  readonly monitor: Monitor;
  readonly alerts: AlertWatch | null;
  /** Where notifier problems go (stderr, or a hint on the screen). */
  readonly setAlertReporter: (report: (message: string) => void) => void;
}

export async function runLive(config: Configuration): Promise<number> {
  const { settings, extras } = config;
  const iface = settings.interface ?? defaultInterface();
  const shown = inert(iface);
  if (iface !== 'any' && !interfaceExists(iface)) return fail(`no such interface "${shown}" (ip link lists the interfaces)`);
  const info = interfaceInfo(iface);
  if (!inCheckMode()) printInterface(shown, info);
  const local: LocalNetwork = {
    mac: info.mac, ipv4: info.ipv4, ipv6: info.ipv6,
    netFilter4: settings.netFilter4, netFilter6: settings.netFilter6, linkLocal: settings.linkLocal,
  };
  let capture: LiveCapture;
  try {
    capture = await LiveCapture.open({
      device: iface,
      filter: bpfProgramText(settings.filterCode),
      snaplen: extras.snaplen,
      promiscuous: settings.promiscuous,
      bufferBytes: extras.bufferSizeKiB * 1024,
    });
  } catch (e) {
    if (e instanceof CaptureOpenError) return fail(openErrorMessage(e, shown, settings.filterCode));
    throw e;
  }
  // Root is only needed to open the capture: drop it before the first packet is parsed.
  let reportAlertProblem: (m: string) => void = (m) => void process.stderr.write(`wiretop: ${m}\n`);
  const alerts = createAlerts(config, iface, extras.linkSpeed ?? linkSpeedBits(iface), (m) => reportAlertProblem(m));
  const dropped = dropPrivileges(extras.user);
  if (dropped.kind === 'error' || (alerts !== null && 'error' in alerts)) {
    await capture.stop();
    return fail(dropped.kind === 'error' ? dropped.message : inert((alerts as { error: string }).error));
  }
  const live: Live = {
    iface, shown, capture, monitor: new Monitor({ local, maxFlows: extras.maxFlows, hashSeed: randomSeed() }),
    alerts: alerts?.watch ?? null, setAlertReporter: (r) => (reportAlertProblem = r),
  };
  const run = screenWanted(config) ? runScreen(config, live) : runText(config, live);
  const { end, status, error } = await run;
  await closeAlerts(alerts);
  const kernel = capture.kernelStats();
  await capture.stop();
  // Capture loss is reported, not hidden (iftop never mentions it).
  if (kernel.dropped > 0 || kernel.ifDropped > 0) {
    process.stderr.write(`wiretop: the kernel dropped ${kernel.dropped + kernel.ifDropped} of ${kernel.received} packets; a larger --buffer-size may help\n`);
  }
  if (end.reason === 'failed') return fail(`capture on ${shown} failed: ${inert(end.message)}`);
  if (error !== null) return fail(error);
  return status;
}

interface RunResult {
  end: LiveEnd;
  status: number;
  error: string | null;
}

/** -t (and --ndjson, and any run without a usable terminal): blocks on stdout, iftop's keys on stdin. */
async function runText(config: Configuration, live: Live): Promise<RunResult> {
  const { settings, extras } = config;
  const session = new TextSession(
    live.monitor,
    { view: viewOptionsFrom(settings), dnsOn: settings.dnsResolution, portNamesOn: settings.portResolution, paused: false },
    { numLines: settings.numLines, useBytes: settings.useBytes, ndjson: extras.ndjson, labels: extras.labels, linkBits: extras.linkSpeed ?? linkSpeedBits(live.iface), services: serviceNames() },
    labellerFactory(createNameService(extras.dnsServer)),
    () => live.capture.kernelStats(),
    live.alerts,
  );
  const check = extras.check;
  // Only a check looks back at the events (a long text-mode run must not keep them all).
  const events: AlertEvent[] = [];
  if (check) live.alerts?.onEvent((e) => events.push(e));
  let interrupted: string | null = null;
  const out: TextOutput = check ? DISCARD : new StdoutOutput(process.stdout, false);
  const loop = new LiveTextLoop(live.monitor, session, { capture: live.capture, clock: CLOCK, out }, { timedSeconds: settings.timedOutput });
  let status = 0;
  let error: string | null = null;
  if (out instanceof StdoutOutput) {
    out.onClosed((e) => {
      if (e.code !== 'EPIPE') error = `cannot write the output: ${e.message}`;
      loop.end({ reason: 'quit' });
    });
  }
  installSignals((signal) => {
    status = signal === 'SIGINT' ? 0 : 128 + SIGNAL_NUMBERS[signal];
    interrupted = signal;
    loop.end({ reason: 'quit' });
  });
  const stopWatching = watchLink(live.iface, (down) =>
    process.stderr.write(`wiretop: ${live.shown} is ${down ? 'down; waiting for it to come back' : 'up again'}\n`),
  );
  if (!check) out.write(extras.ndjson ? ndjsonHeader(VERSION, { interface: live.iface }) : `Listening on ${live.shown}\n`);
  // iftop reads keys in text mode unless -s is given.
  let keys: KeyReader | null = null;
  const startKeys = () => {
    keys = readKeys(process.stdin, (k) => loop.key(k), (signal) => {
      if (signal === 'SIGTSTP') {
        keys?.close();
        process.once('SIGCONT', startKeys);
        process.kill(process.pid, 'SIGSTOP');
      } else {
        status = signal === 'SIGINT' ? 0 : 128 + SIGNAL_NUMBERS[signal];
        loop.end({ reason: 'quit' });
      }
    });
  };
  if (settings.timedOutput === 0 && !extras.ndjson && !check) startKeys();
  const end = await loop.run();
  stopWatching();
  (keys as KeyReader | null)?.close();
  await out.drained();
  if (check && interrupted !== null) {
    // A monitoring system's timeout: the check says it did not finish, in its own terms.
    process.stdout.write(`WIRETOP UNKNOWN - interrupted by ${interrupted}\n`);
    return { end, status: 3, error };
  }
  if (check && end.reason !== 'failed') {
    const result = checkStatus(events, session.model, live.shown, extras.checkWarning, extras.checkCritical);
    process.stdout.write(`${result.line}\n`);
    return { end, status: result.code, error };
  }
  return { end, status, error };
}

/** iftop's full-screen view, with the link banner and drop counts beyond it. */
async function runScreen(config: Configuration, live: Live): Promise<RunResult> {
  const { settings, extras } = config;
  const screen = startScreen();
  let redraw = () => {};
  const names = createNameService(extras.dnsServer, () => redraw());
  let banner: string | null = null;
  const stopWatching = watchLink(live.iface, (down) => (banner = down ? `${live.shown} is down` : null));
  const session = new ScreenSession(live.monitor, initialUiState(settings, viewOptionsFrom(settings)), {
    version: VERSION,
    glyphs: glyphsForLocale(),
    fixedMaxBits: settings.maxBandwidth,
    useBytes: settings.useBytes,
    labeller: labellerFactory(names),
    alerts: live.alerts,
    clockText: localClockText,
    linkBits: extras.linkSpeed ?? linkSpeedBits(live.iface),
    services: serviceNames(),
  });
  session.ui.labels = extras.labels;
  live.setAlertReporter((m) => showHint(session.ui, m, CLOCK.epochSeconds()));
  session.ui.hint = { text: `Listening on ${live.shown}`.slice(0, 19), since: Math.floor(CLOCK.epochSeconds()), persistent: false };
  const loop = new ScreenLoop(live.monitor, session, {
    capture: live.capture,
    clock: CLOCK,
    terminal: screen.terminal,
    status: () => {
      const k = live.capture.kernelStats();
      return { dropped: k.dropped + k.ifDropped, malformed: live.monitor.counters.malformed, banner };
    },
    programFor: bpfProgramText,
  });
  screen.attach(loop);
  redraw = () => loop.redraw();
  const end = await loop.run();
  stopWatching();
  screen.terminal.restore();
  return { end, status: screen.status(), error: null };
}

/**
 * libpcap says nothing while an interface is down (it just blocks), so its operational state is
 * polled once a second; `changed` is called once per change, never repeatedly.
 */
function watchLink(iface: string, changed: (down: boolean) => void): () => void {
  if (iface === 'any') return () => {};
  let down = false;
  const timer = setInterval(() => {
    const state = operState(iface);
    const nowDown = state === 'down' || state === 'lowerlayerdown' || state === 'notpresent';
    if (nowDown !== down) {
      down = nowDown;
      changed(down);
    }
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}

/** iftop's start-up lines on stderr (the first IPv4 and IPv6 address, the MAC). */
function printInterface(shown: string, info: ReturnType<typeof interfaceInfo>): void {
  const lines = [`interface: ${shown}`];
  if (info.ipv4[0] !== undefined) lines.push(`IP address is: ${formatAddress(4, info.ipv4[0])}`);
  if (info.ipv6[0] !== undefined) lines.push(`IPv6 address is: ${formatAddress(6, info.ipv6[0])}`);
  if (info.mac !== null) lines.push(`MAC address is: ${[...info.mac].map((b) => b.toString(16).padStart(2, '0')).join(':')}`);
  process.stderr.write(lines.join('\n') + '\n');
}

function openErrorMessage(e: CaptureOpenError, iface: string, filter: string | null): string {
  switch (e.code) {
    case 'LIBPCAP_MISSING':
      return LIBPCAP_MISSING;
    case 'NO_DEVICE':
      return `no such interface "${iface}" (ip link lists the interfaces)`;
    case 'PERMISSION':
      return `no permission to capture on ${iface}: run it as root (sudo wiretop …), or let node capture: ` +
        'sudo setcap cap_net_raw,cap_net_admin+eip "$(readlink -f "$(command -v node)")"';
    case 'IFACE_DOWN':
      return `interface ${iface} is down; bring it up first: sudo ip link set ${iface} up`;
    case 'BAD_FILTER':
      return `bad filter "${inert(filter ?? '')}": ${inert(e.message)}`;
    case 'PCAP_OPEN':
      return `cannot capture on ${iface}: ${inert(e.message)}`;
  }
}
