// `wiretop history …`: arguments, the database, the zone and the range in; one report out; an exit status.
import { historyUsageText } from '../cli/history-usage.js';
import { parseHistoryArgs } from '../cli/history-args.js';
import type { HistoryRequest } from '../cli/history-args.js';
import { inert } from '../format/inert.js';
import type { HistoryReader } from '../ports/history-store.js';
import { defaultHistoryPath, historyReadCandidates } from './history-path.js';
import { buildReport } from './report/build-report.js';
import type { ReportData, Target } from './report/build-report.js';
import { graphColumns, historyGraphText } from './report/history-graph.js';
import { hoursGraphText } from './report/hours-graph.js';
import { reportCsv, reportJson } from './report/machine-output.js';
import { percentileText } from './report/percentile.js';
import { topText } from './report/top-list.js';
import { listText, summaryText } from './report/vnstat-text.js';
import { parseTime } from './time/parse-time.js';
import { zoneOrError } from './time/zone.js';
import type { Zone, ZoneRules } from './time/zone.js';

export type OpenStoreResult =
  | { readonly ok: true; readonly reader: HistoryReader }
  | { readonly ok: false; readonly missing: boolean; readonly problem: string };

export interface HistoryDeps {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Epoch seconds. */
  readonly now: () => number;
  readonly uid: number;
  /** Opens a database read-only (src/adapters/history/sqlite-reader.ts: openHistoryReader). */
  readonly openStore: (path: string) => OpenStoreResult;
  readonly exists: (path: string) => boolean;
  /** LC_ALL / LC_CTYPE / LANG as the process has them: UTF-8 block characters or ASCII in graphs. */
  readonly locale: string;
  /** The zone when TZ is unset (Intl's resolved default). */
  readonly systemTimeZone: string;
  /** The tz rules of a named zone (Intl in production). */
  readonly zoneRules: ZoneRules;
  /** Terminal size for --graph; null when stdout is not a terminal (80 × 24 then). */
  readonly terminal: { readonly columns: number; readonly rows: number } | null;
  readonly version: string;
}

/** Runs `wiretop history` with argv after the word history; resolves to the exit status (0, or 1 with one line on stderr). */
export async function historyMain(argv: readonly string[], deps: HistoryDeps): Promise<number> {
  const fail = (message: string) => {
    deps.stderr(`wiretop history: ${inert(message)}\n`);
    return 1;
  };
  const parsed = parseHistoryArgs(argv);
  const own = defaultHistoryPath(deps.uid, deps.env) ?? '$XDG_STATE_HOME/wiretop/history.db';
  if (parsed.kind === 'help') {
    deps.stdout(historyUsageText(deps.version, own));
    return 0;
  }
  if (parsed.kind === 'error') return fail(parsed.message);
  const req = parsed.request;
  const zone = zoneOrError(deps.env['TZ'], deps.systemTimeZone, deps.zoneRules);
  if ('error' in zone) return fail(zone.error);
  const now = deps.now();
  const range = resolveRange(req, zone, now);
  if ('error' in range) return fail(range.error);
  for (const n of range.notes) deps.stderr(`wiretop history: note: ${n}\n`);

  const path = req.db ?? historyReadCandidates(deps.uid, deps.env).find((p) => deps.exists(p)) ?? null;
  if (path === null) {
    return fail(`no history database at ${historyReadCandidates(deps.uid, deps.env).join(' or ')}: record one with wiretop --history (or wiretop daemon), or give --db FILE`);
  }
  const opened = deps.openStore(path);
  if (!opened.ok) {
    return fail(opened.missing ? `${path} does not exist: record one with wiretop --history ${path}, or give --db FILE` : opened.problem);
  }
  const reader = opened.reader;
  try {
    const columns = deps.terminal?.columns ?? 80;
    const rows = deps.terminal?.rows ?? 24;
    // One read transaction: a recorder flushing meanwhile never shows half its flush to a report.
    // A file damaged past its header fails in a query: one line, not a stack trace.
    let built: ReturnType<typeof build>;
    const build = () => reader.snapshot(() => {
      const targets = selectTargets(reader.interfaces(), req.ifaces);
      if ('error' in targets) return targets;
      const data = buildReport(reader, req.report, targets, {
        now, zone, limit: req.limit, begin: range.begin, end: range.end, at: range.at, graphColumns: graphColumns(columns),
      });
      return { targets, data };
    });
    try {
      built = build();
    } catch (e) {
      return fail(`cannot read ${reader.path}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if ('error' in built) return fail(built.error);
    const { targets, data } = built;
    if (req.format === 'json') deps.stdout(reportJson(data, { toolVersion: deps.version, database: reader.path, generated: now, zone }));
    else if (req.format === 'csv') deps.stdout(reportCsv(data, zone));
    else if (targets.length === 0) deps.stdout(`${reader.path} holds no traffic yet: the recorder writes at every flush (each minute by default).\n`);
    else deps.stdout(reportText(data, zone, now, { columns, rows, unicode: /utf-?8/i.test(deps.locale), log: req.log }));
    return 0;
  } finally {
    reader.close();
  }
}

function reportText(d: ReportData, zone: Zone, now: number, layout: { columns: number; rows: number; unicode: boolean; log: boolean }): string {
  switch (d.kind) {
    case 'summary': return d.items.map((s) => summaryText(s, zone, now)).join('\n');
    case 'list': return d.items.map((l) => listText(l, zone, now)).join('');
    case 'hoursgraph': return d.items.map((g) => hoursGraphText(g.target.name, g.hours, g.target.updated, zone)).join('\n');
    case 'percentile': return d.items.map((x) => percentileText(x.p, x.target.name, zone)).join('');
    case 'top': return d.items.map((t) => topText(t, zone)).join('');
    case 'graph': return d.items.map((g) => historyGraphText(g.target.name, d.unit, g.rows, zone, layout)).join('\n');
  }
}

function selectTargets(all: ReturnType<HistoryReader['interfaces']>, wanted: readonly string[] | null): Target[] | { error: string } {
  if (wanted === null) return all.map((i) => ({ name: i.name, ifaces: [i.name], created: i.created, updated: i.updated }));
  const found = wanted.map((w) => all.find((i) => i.name === w));
  const missing = wanted.filter((_, k) => found[k] === undefined);
  if (missing.length > 0) {
    const known = all.length === 0 ? 'it holds no interface yet' : `it has ${all.map((i) => i.name).join(', ')}`;
    return { error: `no interface ${missing.join(', ')} in the history (${known}): pick one with -i` };
  }
  const hit = found as NonNullable<(typeof found)[number]>[];
  return [{ name: wanted.join('+'), ifaces: [...wanted], created: Math.min(...hit.map((i) => i.created)), updated: Math.max(...hit.map((i) => i.updated)) }];
}

/** --begin/--end as [begin, end) epoch seconds (a date alone for --end takes in its whole day), or --at's instant. */
function resolveRange(req: HistoryRequest, zone: Zone, now: number): { begin: number | null; end: number | null; at: number | null; notes: string[] } | { error: string } {
  const notes: string[] = [];
  const one = (text: string | null, option: string) => {
    if (text === null) return null;
    const r = parseTime(text, now, zone);
    if ('error' in r) return { error: `${option}: ${r.error}` };
    if (r.note !== null) notes.push(`${option}: ${r.note}`);
    return r;
  };
  if (req.at !== null) {
    const a = one(req.at, '--at');
    if (a !== null && 'error' in a) return a;
    // The report picks the stored bucket around it (finest detail resolution kept at that time).
    return { begin: null, end: null, at: a!.t, notes };
  }
  const b = one(req.begin, '--begin');
  if (b !== null && 'error' in b) return b;
  const e = one(req.end, '--end');
  if (e !== null && 'error' in e) return e;
  const begin = b === null ? null : b.t;
  const end = e === null ? null : e.dateOnly ? zone.nextPeriod('day', e.t) : e.t;
  if (begin !== null && end !== null && end <= begin) return { error: `--end (${zone.iso(end)}) is not after --begin (${zone.iso(begin)})` };
  return { begin, end, at: null, notes };
}
