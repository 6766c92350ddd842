// `wiretop history` arguments: vnstat's report flags (-5 -h -d -m -y -t with an optional count, -hg), ranges, formats.
import type { Dimension } from '../ports/history-store.js';
import type { ListUnit } from '../history/report/vnstat-text.js';

export type HistoryReport =
  | { readonly kind: 'summary' }
  | { readonly kind: 'list'; readonly unit: ListUnit; readonly limit: number | null }
  | { readonly kind: 'hoursgraph' }
  | { readonly kind: 'percentile' }
  | { readonly kind: 'top'; readonly dim: Dimension }
  | { readonly kind: 'graph'; readonly unit: 'hour' | 'day' };

export interface HistoryRequest {
  readonly report: HistoryReport;
  readonly begin: string | null;
  readonly end: string | null;
  readonly at: string | null;
  /** --limit: entries shown (0: all); overrides a list flag's count. */
  readonly limit: number | null;
  /** -i a+b: interfaces merged into one report; null: every interface, one report each. */
  readonly ifaces: readonly string[] | null;
  readonly db: string | null;
  readonly format: 'text' | 'json' | 'csv';
  readonly log: boolean;
}

export type ParsedHistoryArgs =
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'run'; readonly request: HistoryRequest };

const LISTS: Record<string, ListUnit> = {
  '-5': 'fiveminute', '--fiveminutes': 'fiveminute', '-h': 'hour', '--hours': 'hour', '-d': 'day', '--days': 'day',
  '-m': 'month', '--months': 'month', '-y': 'year', '--years': 'year', '-t': 'top', '--top': 'top',
};
const TOPS: Record<string, Dimension> = { '--hosts': 'host', '--ports': 'port', '--processes': 'program', '--programs': 'program', '--units': 'unit' };
const VALUED = new Set(['-b', '--begin', '-e', '--end', '--at', '--limit', '-i', '--iface', '--db']);

/** Parses argv after the word `history`. Errors are one line that names the fix. */
export function parseHistoryArgs(argv: readonly string[]): ParsedHistoryArgs {
  const reports: { flag: string; report: HistoryReport }[] = [];
  let graph = false, log = false, json = false, csv = false;
  let begin: string | null = null, end: string | null = null, at: string | null = null, db: string | null = null;
  let limit: number | null = null;
  let ifaces: string[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : null;
    if (flag === '--help' || flag === '-?') return { kind: 'help' };
    if (inline !== null && !VALUED.has(flag)) return error(`option ${flag} takes no value`);
    const list = LISTS[flag];
    if (list !== undefined) {
      // vnstat's optional count: -d 7.
      let n: number | null = null;
      if (/^\d{1,6}$/.test(argv[i + 1] ?? '')) n = Number(argv[++i]);
      reports.push({ flag, report: { kind: 'list', unit: list, limit: n } });
      continue;
    }
    const dim = TOPS[flag];
    if (dim !== undefined) {
      reports.push({ flag, report: { kind: 'top', dim } });
      continue;
    }
    if (VALUED.has(flag)) {
      const value = inline ?? argv[++i];
      if (value === undefined) return error(`option ${flag} needs a value`);
      if (flag === '-b' || flag === '--begin') begin = value;
      else if (flag === '-e' || flag === '--end') end = value;
      else if (flag === '--at') at = value;
      else if (flag === '--db') db = value;
      else if (flag === '--limit') {
        if (!/^\d{1,6}$/.test(value)) return error(`--limit takes a number of entries (0 for all), not "${value}"`);
        limit = Number(value);
      } else {
        ifaces = value.split('+');
        if (ifaces.some((x) => x === '') || new Set(ifaces).size !== ifaces.length) return error(`-i takes an interface or several joined by + (eth0+eth1), each once, not "${value}"`);
      }
      continue;
    }
    switch (flag) {
      case '-hg': case '--hoursgraph': reports.push({ flag, report: { kind: 'hoursgraph' } }); break;
      case '--95': case '--95th': reports.push({ flag, report: { kind: 'percentile' } }); break;
      case '-s': case '--summary': reports.push({ flag, report: { kind: 'summary' } }); break;
      case '--graph': graph = true; break;
      case '--log': log = true; break;
      case '--json': json = true; break;
      case '--csv': csv = true; break;
      default:
        return error(raw.startsWith('-') ? `unknown option ${flag}` : `unexpected argument "${raw}"`);
    }
  }
  if (json && csv) return error('--json and --csv exclude each other: choose one');
  let report: HistoryReport;
  if (graph) {
    const other = reports.filter((r) => !(r.report.kind === 'list' && (r.report.unit === 'hour' || r.report.unit === 'day')));
    if (other.length > 0 || reports.length > 1) return error(`--graph draws hours (-h, the default) or days (-d), not ${other[0]?.flag ?? 'both'}`);
    const r = reports[0]?.report;
    report = { kind: 'graph', unit: r !== undefined && r.kind === 'list' && r.unit === 'day' ? 'day' : 'hour' };
    if (limit === null && r !== undefined && r.kind === 'list' && r.limit !== null) limit = r.limit;
  } else {
    if (reports.length > 1) return error(`${reports[0]!.flag} and ${reports[1]!.flag} are two reports: give one at a time`);
    report = reports[0]?.report ?? { kind: 'summary' };
  }
  if (log && report.kind !== 'graph') return error('--log is for --graph (a log scale for the bars)');
  const ranged = begin !== null || end !== null || at !== null;
  if (at !== null && (begin !== null || end !== null)) return error('--at picks one bucket; leave out --begin and --end with it');
  if (at !== null && report.kind !== 'top') return error('--at works with --hosts, --ports, --processes and --units');
  if (ranged && (report.kind === 'summary' || report.kind === 'hoursgraph' || report.kind === 'percentile')) {
    return error('--begin and --end work with the lists (-5 -h -d -m -y -t), the top lists (--hosts …) and --graph');
  }
  if (csv && (report.kind === 'summary' || report.kind === 'hoursgraph')) {
    return error('--csv needs a table: -5, -h, -d, -m, -y, -t, --95, --hosts, --ports, --processes, --units or --graph');
  }
  return {
    kind: 'run',
    request: { report, begin, end, at, limit, ifaces, db, format: json ? 'json' : csv ? 'csv' : 'text', log },
  };
}

function error(message: string): ParsedHistoryArgs {
  return { kind: 'error', message: `${message} (wiretop history --help lists the options)` };
}
