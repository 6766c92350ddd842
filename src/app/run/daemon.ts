// `wiretop daemon`: headless and long-running, one capture per interface feeding shared outputs; SIGHUP reloads the alert rules.
import type { Rule } from '../../alerts/rules.js';
import type { DaemonOptions } from '../../cli/daemon-args.js';
import { Monitor } from '../../core/monitor.js';
import type { SnapshotSource } from '../../core/tick-snapshot.js';
import { AlertSink } from '../../sinks/alert-sink.js';
import type { AlertWatch } from '../alert-watch.js';
import { createNotifiers, createWatch, linkSpeedProblem, loadRules } from '../alerts-setup.js';
import type { Notifiers } from '../alerts-setup.js';
import type { RunDeps } from './deps.js';
import { LiveDriver } from './live-driver.js';
import type { LiveEnd } from './live-driver.js';
import { LiveInput, linkEventLine } from './live-input.js';
import { logger } from './log.js';
import type { Logger } from './log.js';
import { openOutputs } from './outputs.js';
import { GuardedSink } from './sink.js';
import type { Sink } from './sink.js';
import { chooseAttribution } from './attribution-run.js';
import type { RunAttribution } from './attribution-run.js';
import type { ProgramSource } from '../../web/programs.js';
import { Ticker } from './ticker.js';

/** The whole shutdown stays under 5 s: outputs and captures close together, then the notifiers get what is left. */
const CLOSE_OUTPUTS_MS = 3000;
const CLOSE_NOTIFIERS_MS = 1500;

interface Capture {
  readonly input: LiveInput;
  /** Its sinks: its alert watch, then the outputs (shared and its own). */
  readonly sinks: readonly GuardedSink[];
  readonly monitor: Monitor;
  readonly watch: AlertWatch;
  readonly ticker: Ticker;
  readonly driver: LiveDriver;
  readonly linkBits: number | null;
}

export async function daemon(deps: RunDeps & { readonly stderrIsJournal: boolean }, o: DaemonOptions): Promise<number> {
  const log = logger((t) => deps.stdio.writeStderr(t), deps.stderrIsJournal);
  const { settings, extras } = o;
  const names = o.interfaces.length > 0 ? o.interfaces : [deps.host.defaultInterface()];
  const config = { settings, extras, messages: [] };
  // Everything that needs root is opened first: the captures, the alert log, the output files.
  const inputs: LiveInput[] = [];
  const stopInputs = () => Promise.all(inputs.map((i) => i.stop()));
  for (const iface of names) {
    const opened = await LiveInput.open(
      { host: deps.host, capture: deps.capture, schedule: deps.schedule, monotonicMs: () => deps.clock.monotonicMs() },
      { iface, userFilter: settings.filterCode, snaplen: extras.snaplen, promiscuous: settings.promiscuous, bufferBytes: extras.bufferSizeKiB * 1024,
        netFilter4: settings.netFilter4, netFilter6: settings.netFilter6, linkLocal: settings.linkLocal },
      true,
    );
    if ('error' in opened) {
      log.error(opened.error);
      await stopInputs();
      return 1;
    }
    inputs.push(opened.input);
  }
  const loaded = loadRules(extras, deps.readText);
  const sources: SnapshotSource[] = inputs.map((i) => ({ kind: 'interface', name: i.name }));
  // Attribution reads the sockets of the daemon's own network namespace, where its interfaces are.
  const choice = chooseAttribution(deps.attribution, extras, true, false, deps.clock, deps.schedule, (m) => log.warn(m));
  const attribution = 'run' in choice ? choice.run : null;
  // Bound once the captures run (an output can only fail once it writes, at the first tick).
  let stdoutGone = () => {};
  const outputs = await openOutputs(deps, config, sources, (m) => log.warn(m),
    { canShowToken: false, owners: attribution?.owners.lookup ?? null, onStdoutGone: () => stdoutGone() });
  const notifiers = createNotifiers(deps, extras, (m) => log.warn(m));
  const linkBits = inputs.map((i) => extras.linkSpeed ?? deps.host.linkSpeedBits(i.name));
  const speed = 'rules' in loaded ? inputs.map((i, n) => linkSpeedProblem(loaded.rules, linkBits[n]!, i.shown)).find((p) => p !== null) ?? null : null;
  const dropped = deps.process.dropPrivileges(extras.user, { recapture: true, attribution: attribution !== null });
  const problem = 'error' in loaded ? loaded.error : speed !== null ? speed : 'error' in outputs ? outputs.error : 'error' in notifiers ? notifiers.error
    : dropped.kind === 'error' ? dropped.message : null;
  if (problem !== null || !('rules' in loaded) || 'error' in outputs || 'error' in notifiers) {
    log.error(problem ?? 'cannot start');
    attribution?.close();
    if (!('error' in outputs)) await outputs.stop();
    await stopInputs();
    return 1;
  }
  if (outputs.sinks.length === 0 && o.extras.flowExport === null && o.extras.web === null && loaded.rules.length === 0) {
    log.error('nothing to do: give an output (--ndjson-file FILE, --csv FILE, --metrics PORT, --flow-export URL, --web PORT) or alert rules (--alerts FILE, --alert RULE), on the command line or in the configuration');
    attribution?.close();
    await stopInputs();
    return 1;
  }
  const shared = outputs.sinks.map((s) => new GuardedSink(s, (m) => log.warn(m)));
  const captures = inputs.map((input, n) => startCapture(deps, o, input, loaded.rules, linkBits[n]!, notifiers, attribution,
    (monitor, programs) => [...shared, ...outputs.forSource(sources[n]!, n, monitor, programs).map((s) => new GuardedSink(s, (m) => log.warn(m)))], log));
  let stopping = false;
  const stop = (line: string) => {
    if (stopping) return;
    stopping = true;
    log.info(line);
    for (const c of captures) c.driver.end({ reason: 'quit' });
  };
  deps.process.onSignal((signal) => {
    if (signal === 'SIGHUP') reload(deps, o, captures, log, dropped.kind === 'dropped' ? dropped.user : null);
    else stop(`stopping (${signal})`);
  });
  // Standard output as the only output (`wiretop daemon --ndjson-file - | jq …`): its reader gone, the
  // daemon ends as any producer in a pipeline would; beside other outputs, those go on.
  const onlyOutput = outputs.sinks.length === 1 && o.extras.flowExport === null && o.extras.web === null && loaded.rules.length === 0;
  stdoutGone = () => {
    if (onlyOutput) stop('stopping (standard output closed: its reader is gone)');
    else log.warn('standard output closed (its reader is gone); the other outputs go on');
  };
  // Said only once the signals are handled: whoever waits for this line may send SIGHUP at once (before,
  // SIGHUP's default action would end the daemon).
  log.info(`started on ${inputs.map((i) => i.shown).join(', ')} as ${dropped.kind === 'dropped' ? dropped.user : dropped.kind === 'kept-root' ? 'root' : 'the starting user'}`
    + `${o.configFile === null ? '' : ` with ${o.configFile}`}; ${loaded.rules.length} alert rule${loaded.rules.length === 1 ? '' : 's'}`
    + `${outputs.described.map((d) => `; ${d}`).join('')}`);
  const ends = await Promise.all(captures.map((c) => runCapture(c, log)));
  const now = deps.clock.epochSeconds();
  for (const c of captures) {
    c.input.source?.drain(c.monitor);
    c.ticker.finish(now, 'stop');
  }
  const closing = [...new Set(captures.flatMap((c) => c.sinks))];
  await Promise.all([
    Promise.race([Promise.all(closing.map((s) => s.close())), new Promise<void>((r) => deps.schedule(r, CLOSE_OUTPUTS_MS))]),
    stopInputs(),
  ]);
  attribution?.close();
  await outputs.stop();
  await Promise.race([notifiers.close(), new Promise<void>((r) => deps.schedule(r, CLOSE_NOTIFIERS_MS))]);
  const left = notifiers.pending();
  if (left > 0) log.warn(`${left} alert notification${left > 1 ? 's' : ''} not delivered before exit`);
  const failed = ends.filter((e) => e.reason === 'failed').length;
  log.info(failed === 0 ? 'stopped' : `stopped; ${failed} of ${captures.length} captures had failed`);
  // A stop asked for is a clean exit; only a daemon whose every capture failed reports failure.
  return !stopping && failed === captures.length ? 1 : 0;
}

function startCapture(deps: RunDeps, o: DaemonOptions, input: LiveInput, rules: readonly Rule[], linkBits: number | null, notifiers: Notifiers,
  attribution: RunAttribution | null, outputSinks: (monitor: Monitor, programs: ProgramSource | null) => readonly GuardedSink[], log: Logger): Capture {
  const monitor = new Monitor({ local: input.local, maxFlows: o.extras.maxFlows, hashSeed: deps.seed() });
  const watch = createWatch(deps, o.settings, rules, input.name, linkBits, notifiers, (m) => log.warn(m));
  const owned = attribution?.forSource(monitor, (m) => log.warn(m)) ?? null;
  const guard = (s: Sink) => new GuardedSink(s, (m) => log.warn(`${input.shown}: ${m}`));
  const programs = owned?.programs ?? null;
  const sinks = [guard(new AlertSink(watch, monitor)), ...(owned === null ? [] : [guard(owned)]), ...outputSinks(monitor, programs)];
  const ticker = new Ticker(monitor, { kind: 'interface', name: input.name }, sinks, () => input.kernelStats());
  monitor.setTimeBase(deps.clock.epochSeconds());
  const driver = new LiveDriver(monitor, ticker, { source: input.source, clock: deps.clock, schedule: deps.schedule }, 0,
    owned === null ? {} : { afterDrain: () => owned.afterDrain() });
  input.attach(driver, monitor, (e) => (e.kind === 'back' || e.kind === 'up' || e.kind === 'appeared' ? log.info : log.warn)(linkEventLine(input.shown, e)));
  if (input.source === null) log.warn(`${input.shown} does not exist yet; waiting for it`);
  return { input, monitor, watch, ticker, driver, linkBits, sinks };
}

async function runCapture(c: Capture, log: Logger): Promise<LiveEnd> {
  const end = await c.driver.run();
  if (end.reason === 'failed') log.error(`capture on ${c.input.shown} failed: ${end.message}`);
  const k = c.input.kernelStats();
  if (k.dropped > 0 || k.ifDropped > 0) log.warn(`${c.input.shown}: the kernel dropped ${k.dropped + k.ifDropped} of ${k.received} packets; a larger --buffer-size may help`);
  return end;
}

/**
 * SIGHUP: the alert rules again, from the same places; a file with an error keeps the old rules. The
 * file is read as the user the daemon runs as (`user`, when root was dropped), so it must be readable by it.
 */
function reload(deps: RunDeps, o: DaemonOptions, captures: readonly Capture[], log: Logger, user: string | null): void {
  const loaded = loadRules(o.extras, deps.readText);
  if ('error' in loaded) {
    const hint = user !== null && /: EACCES$/.test(loaded.error) ? ` (the daemon runs as ${user}: that user must be able to read it)` : '';
    log.warn(`SIGHUP: kept the alert rules in use: ${loaded.error}${hint}`);
    return;
  }
  const speed = captures.map((c) => linkSpeedProblem(loaded.rules, c.linkBits, c.input.shown)).find((p) => p !== null);
  if (speed !== undefined && speed !== null) {
    log.warn(`SIGHUP: kept the alert rules in use: ${speed}`);
    return;
  }
  for (const c of captures) c.watch.replaceRules(loaded.rules);
  log.info(`SIGHUP: reloaded the alert rules: ${loaded.rules.length} rule${loaded.rules.length === 1 ? '' : 's'}`);
}
