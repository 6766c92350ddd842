// Wiring for alerts: rules from --alerts/--alert/--alert-preset, their context (services, networks, link speed), notifiers.
import { readTextFile } from './adapters/host/linux-host.js';
import { alertCommand } from './adapters/notify/alert-command.js';
import { openAlertLog } from './adapters/notify/alert-log.js';
import { alertWebhook } from './adapters/notify/alert-webhook.js';
import type { RuleContext } from './alerts/conditions.js';
import { parseRules } from './alerts/rule-parser.js';
import type { Rule } from './alerts/rules.js';
import { AlertWatch } from './app/alert-watch.js';
import type { Configuration } from './cli/configuration.js';
import { inNetwork } from './core/local-network.js';
import type { NetFilter } from './core/local-network.js';
import { parseCidr } from './config/net-filter.js';
import { localHour, serviceNames } from './wiring.js';
import { inert } from './format/inert.js';

export interface Alerts {
  readonly watch: AlertWatch;
  /** Lets queued notifications finish (bounded by their own time limits). */
  close(): Promise<void>;
  /** Notifications queued or being delivered. */
  pending(): number;
}

/** Private, loopback, link-local and CGNAT ranges: "internal" when no -F/-G network says otherwise. */
const PRIVATE = [
  '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', 'fc00::/7', 'fe80::/10', '::1/128',
].map((n) => parseCidr(n)!);

/**
 * Builds the alert watch, or says in one line why it cannot. Files are opened here, before
 * privileges are dropped, so a log only root can write still works afterwards.
 */
export function createAlerts(config: Configuration, source: string, linkBits: number | null, reportRaw: (message: string) => void): Alerts | { error: string } | null {
  const { extras, settings } = config;
  // Messages can hold a command, a path or the text of a rule: made inert like everything else shown.
  const report = (message: string) => reportRaw(inert(message));
  const rules: Rule[] = [];
  const errors: string[] = [];
  if (extras.alertsFile !== null) {
    const file = readTextFile(extras.alertsFile);
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
  if (errors.length > 0) return { error: `bad alert rule: ${errors[0]}` };
  if (rules.length === 0) return null;
  if (rules.some((r) => r.kind === 'util') && (linkBits === null || linkBits <= 0)) {
    return { error: `util rules need the link speed, and ${source} reports none: give it with --link-speed (100M, 1G, 10G)` };
  }
  const nets = [settings.netFilter4, settings.netFilter6].filter((n): n is NetFilter => n !== null);
  const internal = nets.length > 0 ? nets : PRIVATE;
  const scratch = new Uint8Array(16);
  const view = new DataView(scratch.buffer);
  const services = serviceNames();
  const context: RuleContext = {
    linkBitsPerSecond: linkBits,
    isService: (port, proto) => services(port, proto) !== undefined,
    isInternal: (family, words) => {
      for (let i = 0; i < 4; i++) view.setUint32(i * 4, words[i]!);
      return internal.some((n) => n.family === family && inNetwork(n, scratch));
    },
  };
  const watch = new AlertWatch(rules, source, context, localHour, report);
  const closers: (() => Promise<void> | void)[] = [];
  const queues: { pending(): number }[] = [];
  try {
    if (extras.alertLog !== null) {
      const log = openAlertLog(extras.alertLog, report);
      watch.onEvent((e) => log.write(e));
      closers.push(() => log.close());
    }
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  if (extras.alertCommand !== null) {
    const command = alertCommand(extras.alertCommand, report);
    watch.onEvent((e) => command.notify(e));
    closers.push(() => command.idle());
    queues.push(command);
  }
  if (extras.alertWebhook !== null) {
    const hook = alertWebhook(extras.alertWebhook, report);
    watch.onEvent((e) => hook.notify(e));
    closers.push(() => hook.idle());
    queues.push(hook);
  }
  return {
    watch,
    close: async () => {
      for (const c of closers) await c();
    },
    pending: () => queues.reduce((n, q) => n + q.pending(), 0),
  };
}
