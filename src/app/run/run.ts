// The one run path for an interface or a file: open the input, alerts and outputs, drop root, then tick every sink until the end.
import type { Configuration } from '../../cli/configuration.js';
import { Monitor } from '../../core/monitor.js';
import type { SnapshotSource } from '../../core/tick-snapshot.js';
import { isSupportedLinkType } from '../../decode/decode-frame.js';
import { linkTypeName } from '../../decode/link-types.js';
import { inert } from '../../format/inert.js';
import { glyphsForLocale, screenWanted } from '../screen/screen-choice.js';
import { AlertSink } from '../../sinks/alert-sink.js';
import { createNotifiers, createWatch, linkSpeedProblem, loadRules } from '../alerts-setup.js';
import type { Notifiers } from '../alerts-setup.js';
import type { AlertWatch } from '../alert-watch.js';
import type { Rule } from '../../alerts/rules.js';
import { CheckPresenter } from './check-presenter.js';
import type { RunDeps } from './deps.js';
import { replayFile } from './file-driver.js';
import type { FileReplay } from './file-driver.js';
import { openFileInput } from './file-input.js';
import type { FileInput } from './file-input.js';
import { LiveDriver } from './live-driver.js';
import { interfaceLines, LiveInput } from './live-input.js';
import { openOutputs, stdoutClaims } from './outputs.js';
import { QuietPresenter } from './quiet-presenter.js';
import type { Presenter, RunControl, RunOutcome } from './presenter.js';
import { reporter } from './report.js';
import type { Reporter } from './report.js';
import { ScreenPresenter } from './screen-presenter.js';
import { GuardedSink } from './sink.js';
import type { Sink } from './sink.js';
import { TextPresenter } from './text-presenter.js';
import { Ticker } from './ticker.js';
import { chooseAttribution } from './attribution-run.js';
import type { RunOwners } from '../owner-rows.js';

/** How long queued alert notifications may take at the end (a check, which a monitoring system times, gets 1 s). */
const CLOSE_ALERTS_MS = 5000;
const CLOSE_ALERTS_CHECK_MS = 1000;
/** How long the outputs may take to flush at the end. */
const CLOSE_OUTPUTS_MS = 5000;

type Input = { readonly live: LiveInput } | { readonly file: FileInput };

/**
 * Runs wiretop on the interface (or -r file) of `config` and resolves to the exit status. Every
 * user error is one line (UNKNOWN in a check); real adapters come in through deps.
 */
export async function run(deps: RunDeps, config: Configuration, check: boolean): Promise<number> {
  const report = reporter(check, (t) => deps.stdio.writeStdout(t), (t) => deps.stdio.writeStderr(t));
  if (config.extras.readFile !== null && config.extras.metrics !== null) {
    return report.fail('--metrics serves live traffic; a file is summed up by --json or --csv');
  }
  const opened = await openInput(deps, config, report);
  if ('status' in opened) return opened.status;
  const input = opened.input;
  const { settings, extras } = config;
  const name = 'live' in input ? input.live.name : input.file.path;
  const shown = 'live' in input ? input.live.shown : input.file.shown;
  const source: SnapshotSource = 'live' in input ? { kind: 'interface', name } : { kind: 'file', path: name };
  const linkBits = extras.linkSpeed ?? ('live' in input ? deps.host.linkSpeedBits(name) : null);
  const closeInput = async () => {
    if ('live' in input) await input.live.stop();
  };
  const choice = chooseAttribution(deps.attribution, extras, 'live' in input, check, deps.clock, deps.schedule, (m) => report.note(m));
  if ('error' in choice) {
    await closeInput();
    return report.fail(choice.error);
  }
  const attribution = 'run' in choice ? choice.run : null;
  // Everything that needs root is opened now: the alert log, the output files.
  let reportAlert: (message: string) => void = (m) => report.note(m);
  const alerts = setUpAlerts(deps, config, name, linkBits, (m) => reportAlert(m));
  // A token made for --web is printed on stderr: not behind the full screen, where it could not be read.
  const onScreen = !check && stdoutClaims(config).length === 0 && screenWanted(config, deps.env, deps.stdio);
  const outputs = await openOutputs(deps, config, [source], (m) => report.note(m), { canShowToken: !onScreen, owners: attribution?.owners.lookup ?? null });
  // Root is only needed to open things: drop it before the first packet is parsed (a capture file is untrusted input too).
  // A file is never opened again, so a file run keeps no capability (nor loads the FFI that keeping one takes).
  const dropped = deps.process.dropPrivileges(extras.user, { recapture: 'live' in input, attribution: attribution !== null });
  const problem = dropped.kind === 'error' ? dropped.message
    : alerts !== null && 'error' in alerts ? alerts.error
    : 'error' in outputs ? outputs.error : null;
  if (problem !== null || 'error' in outputs) {
    await closeInput();
    attribution?.close();
    if (!('error' in outputs)) await outputs.stop();
    return report.fail(problem ?? 'cannot start');
  }
  if (outputs.webUrl !== null && !check) deps.stdio.writeStderr(`wiretop: ${outputs.webNotice ?? `web view at ${outputs.webUrl}`}\n`);
  const live = 'live' in input ? input.live : null;
  const monitor = new Monitor({ local: 'live' in input ? input.live.local : input.file.local, maxFlows: extras.maxFlows, hashSeed: deps.seed() });
  const notifiers = alerts === null || 'error' in alerts ? null : alerts;
  const watch = notifiers === null ? null : createWatch(deps, settings, notifiers.rules, name, linkBits, notifiers, (m) => reportAlert(m));

  let driver: LiveDriver | null = null;
  let stopping = false;
  let screen: ScreenPresenter | null = null;
  let stopped: () => void = () => {};
  const control: RunControl = {
    stop: () => {
      stopping = true;
      driver?.end({ reason: 'quit' });
      screen?.end();
      stopped();
    },
    get stopping() {
      return stopping;
    },
  };
  const kernel = live === null ? () => null : () => live.kernelStats();
  const quiet = stdoutClaims(config).length > 0;
  // Notes from attribution (missing capabilities) go where alerts' problems go: the screen, else stderr.
  const owned = attribution?.forSource(monitor, (m) => reportAlert(m)) ?? null;
  const owners: RunOwners = owned !== null ? { rows: owned } : { off: (choice as { off: string }).off };
  const presenter = makePresenter(deps, config, check, quiet, { kind: source.kind, name, shown, linkBits, kernel }, monitor, watch, control, (s) => (screen = s), owners);
  if (screen !== null) reportAlert = (m) => screen!.problem(m);

  // Attribution ticks before the presenter and the outputs, which read its rows and owners of the same tick.
  const programs = owned?.programs ?? null;
  const sinks: Sink[] = [
    ...(watch === null ? [] : [new AlertSink(watch, monitor)]), ...(owned === null ? [] : [owned]),
    ...presenter.sinks, ...outputs.sinks, ...outputs.forSource(source, 0, monitor, programs),
  ];
  const guarded = sinks.map((s) => new GuardedSink(s, (m) => report.note(m)));
  const ticker = new Ticker(monitor, source, guarded, kernel);

  let outcome: RunOutcome;
  if (live !== null) {
    monitor.setTimeBase(deps.clock.epochSeconds());
    // -s applies to text mode (and a check) only, as in iftop.
    const timed = screen === null ? settings.timedOutput : 0;
    const hooks = presenter.liveHooks();
    driver = new LiveDriver(monitor, ticker, { source: live.source, clock: deps.clock, schedule: deps.schedule }, timed,
      owned === null ? hooks : { ...hooks, afterDrain: () => owned.afterDrain() });
    presenter.startLive(driver, live);
    live.attach(driver, monitor, (e) => presenter.linkEvent(e));
    const end = await driver.run();
    // What the capture holds goes into the final part-slot the outputs flush.
    live.source?.drain(monitor);
    ticker.finish(deps.clock.epochSeconds(), 'stop');
    outcome = { live: end };
  } else {
    const fileInput = (input as { file: FileInput }).file;
    const hooks = presenter.startFile();
    const replay: FileReplay = await replayFile(monitor, ticker, { file: fileInput.file, filter: fileInput.filter, ...hooks },
      check ? 0 : settings.timedOutput, () => control.stopping);
    await presenter.afterFile(replay);
    if (outputs.webUrl !== null && !check && screen === null && !control.stopping) await serveUntilStopped(deps, outputs.webUrl, shown, (r) => (stopped = r));
    outcome = { file: replay };
  }
  const result = await presenter.finish(outcome);
  await closeAll(deps, guarded, CLOSE_OUTPUTS_MS);
  attribution?.close();
  await outputs.stop();
  await closeNotifiers(deps, notifiers, check ? CLOSE_ALERTS_CHECK_MS : CLOSE_ALERTS_MS, report);
  return finishInput(deps, input, outcome, result, report);
}

async function openInput(deps: RunDeps, config: Configuration, report: Reporter): Promise<{ input: Input } | { status: number }> {
  const { settings, extras } = config;
  if (extras.readFile !== null) {
    const file = await openFileInput(deps.capture, config, extras.readFile);
    return 'error' in file ? { status: report.fail(file.error) } : { input: { file } };
  }
  const iface = settings.interface ?? deps.host.defaultInterface();
  const shown = inert(iface);
  if (iface !== 'any' && !deps.host.interfaceExists(iface)) return { status: report.fail(`no such interface "${shown}" (ip link lists the interfaces)`) };
  const options = {
    iface, userFilter: settings.filterCode, snaplen: extras.snaplen, promiscuous: settings.promiscuous, bufferBytes: extras.bufferSizeKiB * 1024,
    netFilter4: settings.netFilter4, netFilter6: settings.netFilter6, linkLocal: settings.linkLocal,
  };
  const liveDeps = { host: deps.host, capture: deps.capture, schedule: deps.schedule, monotonicMs: () => deps.clock.monotonicMs() };
  // iftop prints the interface's addresses before it opens the capture.
  if (!report.check) deps.stdio.writeStderr(interfaceLines(shown, deps.host.interfaceInfo(iface)).join('\n') + '\n');
  const live = await LiveInput.open(liveDeps, options, false);
  return 'error' in live ? { status: report.fail(live.error) } : { input: { live: live.input } };
}

/** The alert rules and notifiers of the run (null when there are no rules), opened before privileges go. */
function setUpAlerts(deps: RunDeps, config: Configuration, source: string, linkBits: number | null,
  report: (message: string) => void): (Notifiers & { readonly rules: readonly Rule[] }) | null | { error: string } {
  const loaded = loadRules(config.extras, deps.readText);
  if ('error' in loaded) return loaded;
  if (loaded.rules.length === 0) return null;
  const speed = linkSpeedProblem(loaded.rules, linkBits, source);
  if (speed !== null) return { error: speed };
  const notifiers = createNotifiers(deps, config.extras, report);
  return 'error' in notifiers ? notifiers : { ...notifiers, rules: loaded.rules };
}

function makePresenter(deps: RunDeps, config: Configuration, check: boolean, quiet: boolean,
  source: { kind: 'interface' | 'file'; name: string; shown: string; linkBits: number | null; kernel: () => ReturnType<LiveInput['kernelStats']> | null },
  monitor: Monitor, watch: AlertWatch | null, control: RunControl, isScreen: (s: ScreenPresenter) => void, owners: RunOwners): Presenter {
  const common = { version: deps.version, process: deps.process, services: deps.services, yieldToEvents: () => deps.yieldToEvents() };
  if (check) return new CheckPresenter({ ...common, writeStdout: (t) => deps.stdio.writeStdout(t), writeStderr: (t) => deps.stdio.writeStderr(t) }, config, source.shown, control);
  if (quiet) return new QuietPresenter({ ...common, writeStderr: (t) => deps.stdio.writeStderr(t) }, source.shown, control);
  if (screenWanted(config, deps.env, deps.stdio)) {
    const screen = new ScreenPresenter(
      { ...common, clock: deps.clock, schedule: deps.schedule, glyphs: glyphsForLocale(deps.env), clockText: (ts) => deps.localTime.clockText(ts) },
      config, monitor, deps.startScreen(), (onNames) => deps.nameService(config.extras.dnsServer, onNames), watch, source.linkBits, control,
      () => {
        const k = source.kernel();
        return k === null ? 0 : k.dropped + k.ifDropped;
      },
      owners,
    );
    isScreen(screen);
    return screen;
  }
  const out = deps.stdio.stdout(source.kind === 'file');
  return new TextPresenter({ ...common, schedule: deps.schedule, writeStderr: (t) => deps.stdio.writeStderr(t), epochSeconds: () => deps.clock.epochSeconds() },
    config, source, monitor, out, deps.nameService(config.extras.dnsServer, () => {}), control, owners);
}

/** -r with --web: the file is read, the page stays up for browsing until a signal or q stops the run. */
async function serveUntilStopped(deps: RunDeps, url: string, shown: string, onStop: (resolve: () => void) => void): Promise<void> {
  deps.stdio.writeStderr(`wiretop: ${shown} is read; the web view stays at ${url} until Ctrl+C\n`);
  await new Promise<void>((resolve) => onStop(resolve));
}

/** Closes sinks within a time limit (a stalled disk must not keep the process alive). */
async function closeAll(deps: RunDeps, sinks: readonly GuardedSink[], limitMs: number): Promise<void> {
  if (sinks.length === 0) return;
  await Promise.race([Promise.all(sinks.map((s) => s.close())), new Promise<void>((r) => deps.schedule(r, limitMs))]);
}

/** Lets queued alert notifications go out for a bounded time, and says how many did not. */
async function closeNotifiers(deps: RunDeps, notifiers: Notifiers | null, limitMs: number, report: Reporter): Promise<void> {
  if (notifiers === null) return;
  await Promise.race([notifiers.close(), new Promise<void>((r) => deps.schedule(r, limitMs))]);
  const left = notifiers.pending();
  if (left > 0) report.note(`${left} alert notification${left > 1 ? 's' : ''} not delivered before exit`);
}

/** The last words: capture loss, unsupported link types, a failed capture or read, else the presenter's status. */
async function finishInput(deps: RunDeps, input: Input, outcome: RunOutcome, result: { status: number; error: string | null }, report: Reporter): Promise<number> {
  if ('live' in input) {
    const kernel = input.live.kernelStats();
    await input.live.stop();
    // Capture loss is reported, not hidden (iftop never mentions it).
    if (kernel.dropped > 0 || kernel.ifDropped > 0) {
      report.note(`the kernel dropped ${kernel.dropped + kernel.ifDropped} of ${kernel.received} packets; a larger --buffer-size may help`);
    }
    const end = (outcome as { live: { reason: string; message?: string } }).live;
    if (end.reason === 'failed') return report.fail(`capture on ${input.live.shown} failed: ${inert(end.message ?? '')}`);
    if (result.error !== null) return report.fail(result.error);
    return result.status;
  }
  const replay = (outcome as { file: FileReplay }).file;
  if (result.error !== null) return report.fail(result.error);
  for (const lt of replay.read.linktypes) {
    if (!isSupportedLinkType(lt)) deps.stdio.writeStderr(`wiretop: ${input.file.shown}: link type ${lt} (${linkTypeName(lt)}) is not supported; its packets were not counted\n`);
  }
  if (replay.read.error !== null) return report.fail(inert(replay.read.error.message));
  return result.status;
}
