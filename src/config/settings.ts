// Turns the merged key/value map (command line + config file) into typed settings, with iftop's messages.
import type { NetFilter } from '../core/local-network.js';
import type { LineDisplay, PortDisplay, SortOrder } from '../core/view-options.js';
import { LINE_DISPLAYS, PORT_DISPLAYS, SORT_ORDERS } from '../core/view-options.js';
import { parseNetFilter4, parseNetFilter6 } from './net-filter.js';
import { parseBool, parseEnum, parseRate, parseStrtol } from './values.js';

/** Everything iftop's 21 directives configure. */
export interface Settings {
  /** null: choose the default interface as iftop does. */
  interface: string | null;
  dnsResolution: boolean;
  portResolution: boolean;
  filterCode: string | null;
  showBars: boolean;
  promiscuous: boolean;
  hideSource: boolean;
  hideDestination: boolean;
  useBytes: boolean;
  sort: SortOrder;
  lineDisplay: LineDisplay;
  showTotals: boolean;
  logScale: boolean;
  /** Fixed bar-scale maximum in bits/s; 0 = automatic. */
  maxBandwidth: number;
  portDisplay: PortDisplay;
  linkLocal: boolean;
  /** -s: seconds before the single text block; 0 = not timed. */
  timedOutput: number;
  noCurses: boolean;
  numLines: number;
  netFilter4: NetFilter | null;
  netFilter6: NetFilter | null;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  interface: null,
  dnsResolution: true,
  portResolution: true,
  filterCode: null,
  showBars: true,
  promiscuous: false,
  hideSource: false,
  hideDestination: false,
  useBytes: false,
  sort: '10s',
  lineDisplay: 'two-line',
  showTotals: false,
  logScale: false,
  maxBandwidth: 0,
  portDisplay: 'off',
  linkLocal: false,
  timedOutput: 0,
  noCurses: false,
  numLines: 10,
  netFilter4: null,
  netFilter6: null,
};

/** Derives settings; messages come in iftop's fixed key order and never stop the program. */
export function deriveSettings(keys: ReadonlyMap<string, string>): { settings: Settings; messages: string[] } {
  const s: Settings = { ...DEFAULT_SETTINGS };
  const messages: string[] = [];
  const str = (k: string) => keys.get(k);
  const bool = (k: string, set: (v: boolean) => void) => {
    const v = str(k);
    if (v !== undefined) set(parseBool(v));
  };
  const int = (k: string, set: (v: number) => void) => {
    const v = str(k);
    const n = v === undefined ? null : parseStrtol(v);
    if (n !== null) set(n);
  };
  const enumeration = <T extends string>(k: string, choices: readonly T[], set: (v: T) => void) => {
    const v = str(k);
    if (v === undefined) return;
    const r = parseEnum(k, v, choices);
    if (r.ok) set(r.value);
    else messages.push(r.message);
  };

  const iface = str('interface');
  if (iface !== undefined) s.interface = iface;
  bool('dns-resolution', (v) => (s.dnsResolution = v));
  bool('port-resolution', (v) => (s.portResolution = v));
  const filter = str('filter-code');
  if (filter !== undefined) s.filterCode = filter;
  bool('show-bars', (v) => (s.showBars = v));
  bool('promiscuous', (v) => (s.promiscuous = v));
  bool('hide-source', (v) => (s.hideSource = v));
  bool('hide-destination', (v) => (s.hideDestination = v));
  bool('use-bytes', (v) => (s.useBytes = v));
  enumeration('sort', SORT_ORDERS, (v) => (s.sort = v));
  enumeration('line-display', LINE_DISPLAYS, (v) => (s.lineDisplay = v));
  bool('show-totals', (v) => (s.showTotals = v));
  bool('log-scale', (v) => (s.logScale = v));
  const rate = str('max-bandwidth');
  if (rate !== undefined) {
    const r = parseRate(rate);
    if (r.ok) s.maxBandwidth = r.bitsPerSecond;
    else messages.push(r.message);
  }
  enumeration('port-display', PORT_DISPLAYS, (v) => (s.portDisplay = v));
  bool('link-local', (v) => (s.linkLocal = v));
  int('timed-output', (v) => (s.timedOutput = v));
  bool('no-curses', (v) => (s.noCurses = v));
  int('num-lines', (v) => (s.numLines = v));
  const net4 = str('net-filter');
  if (net4 !== undefined) {
    const r = parseNetFilter4(net4);
    s.netFilter4 = r.filter;
    if (r.message !== null) messages.push(r.message);
  }
  const net6 = str('net-filter6');
  if (net6 !== undefined) {
    const r = parseNetFilter6(net6);
    s.netFilter6 = r.filter;
    if (r.message !== null) messages.push(r.message);
  }
  return { settings: s, messages };
}
