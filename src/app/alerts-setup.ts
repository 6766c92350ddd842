// Alerts for a run: rules from --alerts/--alert/--alert-preset, their context (services, networks, link speed) and the notifiers.
import type { RuleContext } from '../alerts/conditions.js';
import { parseRules } from '../alerts/rule-parser.js';
import type { Rule } from '../alerts/rules.js';
import type { Extras } from '../cli/args.js';
import type { ReadText } from '../cli/configuration.js';
import type { Settings } from '../config/settings.js';
import { parseCidr } from '../config/net-filter.js';
import { inNetwork } from '../core/local-network.js';
import type { NetFilter } from '../core/local-network.js';
import { inert } from '../format/inert.js';
import type { ServiceTable } from '../format/services.js';
import type { AlertNotifiers, LocalTime } from '../ports/notifier-port.js';
import { AlertWatch } from './alert-watch.js';
import { serviceNames } from './labelling.js';

export interface AlertsDeps {
  readonly readText: ReadText;
  readonly notifiers: AlertNotifiers;
  readonly localTime: LocalTime;
  readonly services: ServiceTable;
}

/** The notifiers of a run, shared by the watches of all its sources. */
export interface Notifiers {
  /** Hands an event to every notifier. */
  notify: AlertListener;
  /** Lets queued notifications finish (bounded by their own time limits). */
  close(): Promise<void>;
  /** Notifications queued or being delivered. */
  pending(): number;
}

type AlertListener = Parameters<AlertWatch['onEvent']>[0];

/** Private, loopback, link-local and CGNAT ranges: "internal" when no -F/-G network says otherwise. */
const PRIVATE = [
  '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', 'fc00::/7', 'fe80::/10', '::1/128',
].map((n) => parseCidr(n)!);

/** The rules of --alerts FILE, --alert RULE and --alert-preset; the first error, named by file and line, refuses them all. */
export function loadRules(extras: Extras, readText: ReadText): { rules: Rule[] } | { error: string } {
  const rules: Rule[] = [];
  const errors: string[] = [];
  if (extras.alertsFile !== null) {
    const file = readText(extras.alertsFile);
    if (!('text' in file)) return { error: `cannot read the alert rules ${extras.alertsFile}: ${file.error.code ?? file.error.message}` };
    const parsed = parseRules(file.text, extras.alertsFile);
    rules.push(...parsed.rules);
    errors.push(...parsed.errors);
  }
  extras.alertRules.forEach((text, i) => {
    const parsed = parseRules(text, `--alert ${i + 1}`);
    rules.push(...parsed.rules);
    errors.push(...parsed.errors);
  });
  return errors.length > 0 ? { error: `bad alert rule: ${errors[0]}` } : { rules };
}

/** The context rules are judged in: link speed, known services, internal networks. */
export function ruleContext(settings: Settings, linkBits: number | null, services: ServiceTable): RuleContext {
  const nets = [settings.netFilter4, settings.netFilter6].filter((n): n is NetFilter => n !== null);
  const internal = nets.length > 0 ? nets : PRIVATE;
  const scratch = new Uint8Array(16);
  const view = new DataView(scratch.buffer);
  const names = serviceNames(services);
  return {
    linkBitsPerSecond: linkBits,
    isService: (port, proto) => names(port, proto) !== undefined,
    isInternal: (family, words) => {
      for (let i = 0; i < 4; i++) view.setUint32(i * 4, words[i]!);
      return internal.some((n) => n.family === family && inNetwork(n, scratch));
    },
  };
}

/** Whether any rule needs the link speed, and the one-line refusal when the source reports none. */
export function linkSpeedProblem(rules: readonly Rule[], linkBits: number | null, source: string): string | null {
  if (!rules.some((r) => r.kind === 'util') || (linkBits !== null && linkBits > 0)) return null;
  return `util rules need the link speed, and ${source} reports none: give it with --link-speed (100M, 1G, 10G)`;
}

/**
 * The notifiers of --alert-log, --alert-command and --alert-webhook. The log is opened here, before
 * privileges are dropped, so a log only root can write still works afterwards.
 */
export function createNotifiers(deps: AlertsDeps, extras: Extras, reportRaw: (message: string) => void): Notifiers | { error: string } {
  // Messages can hold a command, a path or the text of a rule: made inert like everything else shown.
  const report = (message: string) => reportRaw(inert(message));
  const listeners: AlertListener[] = [];
  const closers: (() => Promise<void> | void)[] = [];
  const queues: { pending(): number }[] = [];
  if (extras.alertLog !== null) {
    try {
      const log = deps.notifiers.openLog(extras.alertLog, report);
      listeners.push((e) => log.write(e));
      closers.push(() => log.close());
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }
  for (const queued of [
    extras.alertCommand === null ? null : deps.notifiers.command(extras.alertCommand, report),
    extras.alertWebhook === null ? null : deps.notifiers.webhook(extras.alertWebhook, report),
  ]) {
    if (queued === null) continue;
    listeners.push((e) => queued.notify(e));
    closers.push(() => queued.idle());
    queues.push(queued);
  }
  return {
    notify: (e) => {
      for (const l of listeners) l(e);
    },
    close: async () => {
      for (const c of closers) await c();
    },
    pending: () => queues.reduce((n, q) => n + q.pending(), 0),
  };
}

/** One source's watch over the rules, its events going to the notifiers. */
export function createWatch(deps: AlertsDeps, settings: Settings, rules: readonly Rule[], source: string, linkBits: number | null,
  notifiers: Notifiers, reportRaw: (message: string) => void): AlertWatch {
  const watch = new AlertWatch(rules, source, ruleContext(settings, linkBits, deps.services), (ts) => deps.localTime.hourOf(ts),
    (m) => reportRaw(inert(m)));
  watch.onEvent(notifiers.notify);
  return watch;
}
