// @ts-check
// The page: one event stream per tab (the chosen source), each tick drawn into the totals, health, graph, alerts, flows and programs.
import { historyChart, liveChart } from './charts.js';
import { FlowTable } from './flow-table.js';
import { formatBytes, formatClock, formatCount, formatDateTime, formatRate } from './format.js';
import { openStream, timings } from './stream.js';

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * An element with text (never markup: every string from the server may come from outside).
 * @param {string} tag
 * @param {string} [text]
 * @param {string} [cls]
 */
function el(tag, text = '', cls = '') {
  const e = document.createElement(tag);
  if (text !== '') e.textContent = text;
  if (cls !== '') e.className = cls;
  return e;
}

const state = {
  /** @type {'bits' | 'bytes'} */
  units: 'bits',
  source: '0',
  /** @type {string | null} */
  run: null,
  kind: 'interface',
  history: false,
  span: 'hour',
  alertsKey: '',
  lineCount: 0,
  /** @type {{ close(): void } | null} */
  stream: null,
};

const table = new FlowTable(byId('flows-head'), byId('flows-body'), () => {});
const live = liveChart(byId('live-chart'), () => state.units);
const hist = historyChart(byId('history-chart'), () => state.units);

// Benchmarks and tests read the page's own update times here.
Object.assign(window, { wiretop: { timings } });

/**
 * @param {'connecting' | 'live' | 'reconnecting' | 'refused' | 'ended'} s
 * @param {string} detail
 */
function setStatus(s, detail) {
  const e = byId('status');
  e.dataset['state'] = s;
  const words = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…', refused: 'refused', ended: 'file read' };
  e.textContent = words[s];
  e.title = detail;
}

/** @param {any} h the first frame of a stream */
function onHello(h) {
  if (state.run !== null && state.run !== h.run) byId('when').title = 'wiretop restarted: the page started afresh';
  state.run = h.run;
  document.body.dataset['run'] = h.run;
  state.units = h.units;
  state.kind = h.source.kind;
  state.history = h.history;
  byId('source-name').textContent = `${h.source.kind === 'file' ? 'file' : 'interface'} ${h.source.name}`;
  byId('version').textContent = `wiretop ${h.version}`;
  if (h.metrics && byId('metrics-link').childElementCount === 0) {
    const a = /** @type {HTMLAnchorElement} */ (el('a', 'metrics'));
    a.href = '/metrics';
    byId('metrics-link').replaceChildren(document.createTextNode(' · '), a);
  }
  document.title = `wiretop: ${h.source.name}`;
  byId('graph-span').textContent = h.source.kind === 'file' ? '(the whole capture)' : '(the last 10 minutes)';
  live.replace(h.series);
  if (h.tick !== null) applyTick(h.tick, false);
  loadHistory();
}

/**
 * @param {any} t one tick
 * @param {boolean} withPoints whether its graph points are news (not in a first frame, which had the whole series)
 */
function applyTick(t, withPoints) {
  const when = state.kind === 'file' ? `capture time ${formatDateTime(t.ts)}` : `tick ${t.tick} at ${formatClock(t.ts)}`;
  const w = byId('when');
  w.textContent = when;
  // The exact tick for scripts and tests (the text is rounded to the second).
  w.dataset['tick'] = String(t.tick);
  w.dataset['ts'] = String(t.ts);
  if (t.ended && state.kind === 'file') setStatus('ended', 'the whole file has been read; the page shows its end');
  showTotals(t);
  showHealth(t);
  table.setLines(t.lines, state.units);
  state.lineCount = t.lineCount;
  showCount();
  if (withPoints) {
    if (t.series !== undefined) live.replace(t.series);
    else live.append(t.points, state.kind === 'file' ? 600 : 300);
  }
  showAlerts(t.alerts);
  showPrograms(t.programs);
}

/** How many lines the filter leaves, of those sent (the top WEB_MAX_ROWS), of all. */
function showCount() {
  const sent = table.lines.length;
  byId('flow-count').textContent = `${table.order.length} shown of ${sent}${state.lineCount > sent ? ` (the top ${sent} of ${state.lineCount} lines)` : ''}`;
}

/** @param {any} t */
function showTotals(t) {
  const g = byId('totals');
  const T = t.totals;
  const u = state.units;
  /** @type {[string, string, number[], number, number][]} */
  const rows = [
    ['Sent', 'out', T.sent, T.peakSent, T.cumulativeSent],
    ['Recv', 'in', T.recv, T.peakRecv, T.cumulativeRecv],
    ['Total', '', [0, 1, 2].map((i) => T.sent[i] + T.recv[i]), T.peakTotal, T.cumulativeSent + T.cumulativeRecv],
  ];
  const cells = [el('span', '', 'h'), el('span', '2s', 'h wide'), el('span', '10s', 'h'), el('span', '40s', 'h wide'), el('span', 'peak', 'h'), el('span', 'cumulative', 'h')];
  for (const [name, cls, r, peak, cum] of rows) {
    cells.push(el('span', name, `k ${cls}`));
    r.forEach((v, i) => {
      const c = el('span', formatRate(v, u), `n${i === 1 ? '' : ' wide'}`);
      c.title = `${v} bytes/s`;
      cells.push(c);
    });
    const p = el('span', formatRate(peak, u), 'n');
    p.title = `${peak} bytes/s`;
    const c = el('span', formatBytes(cum), 'n');
    c.title = `${cum} bytes`;
    cells.push(p, c);
  }
  g.replaceChildren(...cells);
}

/** @param {any} t */
function showHealth(t) {
  const c = t.capture;
  /** @type {[string, string, boolean, string][]} */
  const items = [];
  if (t.kernel !== null) {
    const lost = t.kernel.dropped + t.kernel.ifDropped;
    const share = t.kernel.received + lost > 0 ? ` (${((100 * lost) / (t.kernel.received + lost)).toFixed(2)} %)` : '';
    items.push(['kernel received', formatCount(t.kernel.received), false, 'packets the kernel handed to the capture']);
    items.push(['kernel dropped', `${formatCount(lost)}${lost > 0 ? share : ''}`, lost > 0, 'capture buffer full or dropped by the interface: a larger --buffer-size may help']);
  }
  items.push(['frames', formatCount(c.frames), false, 'frames read']);
  items.push(['accounted', formatCount(c.accounted), false, 'IP packets counted in a flow']);
  items.push(['malformed', formatCount(c.malformed), c.malformed > 0, 'frames whose headers were cut short or impossible']);
  items.push(['non-IP', formatCount(c.nonIp), false, 'frames without IP']);
  items.push(['unsupported link', formatCount(c.unsupported), c.unsupported > 0, 'frames of a link type wiretop cannot decode']);
  items.push(['filtered', formatCount(c.filtered), false, 'dropped by -F/-G or the link-local rule']);
  items.push(['table full', formatCount(c.overflow), c.overflow > 0, 'packets counted on the overflow line (--max-flows)']);
  items.push(['flows', formatCount(t.flows), false, 'flow records in the table']);
  byId('health').replaceChildren(...items.map(([k, v, bad, why]) => {
    const d = el('div', '', bad ? 'bad' : '');
    d.title = why;
    d.append(el('dt', k), el('dd', v));
    return d;
  }));
}

/** @param {{ firing: any[], firingCount: number, recent: any[] }} a */
function showAlerts(a) {
  const key = `${a.firingCount}/${a.recent.length}/${a.recent[0]?.id ?? ''}/${a.recent[0]?.ts ?? ''}/${a.recent[0]?.state ?? ''}`;
  if (key === state.alertsKey) return;
  state.alertsKey = key;
  byId('alert-count').textContent = a.firingCount === 0 ? '(none firing)' : `(${a.firingCount} firing)`;
  const box = byId('alerts-firing');
  if (a.firing.length === 0) box.replaceChildren(el('p', 'nothing is firing', 'empty'));
  else {
    const tbl = el('table');
    const head = el('tr');
    for (const h of ['severity', 'subject', 'since', 'detail']) head.append(el('th', h));
    tbl.append(head);
    for (const f of a.firing) {
      const tr = el('tr');
      tr.append(el('td', f.severity, `sev-${f.severity}`), el('td', f.subject), el('td', formatDateTime(f.since)), el('td', `${f.detail} (${f.rule})`));
      tbl.append(tr);
    }
    box.replaceChildren(tbl);
  }
  byId('alerts-recent').replaceChildren(...(a.recent.length === 0 ? [el('li', 'no alert events yet', 'empty')]
    : a.recent.map((e) => el('li', `${formatDateTime(e.ts)} ${e.state === 'firing' ? 'FIRING' : 'resolved'} ${e.severity}: ${e.subject}: ${e.detail} (${e.rule})`, e.state)))); 
}

/** @param {{ count: number, rows: any[][] } | null} p */
function showPrograms(p) {
  const section = byId('programs');
  section.hidden = p === null;
  if (p === null) return;
  byId('program-count').textContent = p.rows.length < p.count ? `(the top ${p.rows.length} of ${p.count})` : `(${p.count})`;
  const head = el('div', '', 'tr thead');
  for (const h of ['program / unit', 'pid', 'user', 'unit', 'sent 10s', 'recv 10s', 'sent total', 'recv total']) head.append(el('span', h, 'th'));
  const rows = p.rows.map((r) => {
    const tr = el('div', '', 'tr');
    const [, name, pid, user, unit, , , s10, , , r10, , cumSent, cumRecv] = r;
    tr.append(el('span', name === '' ? `(${r[0]})` : name, 'td c-host'), el('span', pid === null ? '' : String(pid), 'td'), el('span', user, 'td'),
      el('span', unit, 'td c-host'), el('span', formatRate(s10, state.units), 'td c-out'), el('span', formatRate(r10, state.units), 'td c-in'),
      el('span', formatBytes(cumSent), 'td'), el('span', formatBytes(cumRecv), 'td'));
    return tr;
  });
  byId('programs-table').replaceChildren(head, ...rows);
}

async function loadHistory() {
  const note = byId('history-note');
  const chart = byId('history-chart');
  if (!state.history) {
    note.textContent = 'no history (start with --history)';
    note.hidden = false;
    chart.hidden = true;
    return;
  }
  try {
    const r = await fetch(`/api/v1/history?source=${encodeURIComponent(state.source)}&span=${state.span}`, { credentials: 'same-origin', cache: 'no-store' });
    const body = await r.json();
    if (!r.ok) throw new Error(body.error ?? `the server answered ${r.status}`);
    note.hidden = true;
    chart.hidden = false;
    hist.resize();
    hist.show(body);
  } catch (e) {
    note.textContent = `history: ${e instanceof Error ? e.message : String(e)}`;
    note.hidden = false;
  }
}

for (const b of document.querySelectorAll('.tabs button')) {
  b.addEventListener('click', () => {
    state.span = /** @type {HTMLElement} */ (b).dataset['span'] ?? 'hour';
    for (const o of document.querySelectorAll('.tabs button')) o.setAttribute('aria-selected', String(o === b));
    loadHistory();
  });
}

/** @param {string} source */
function watch(source) {
  state.stream?.close();
  state.source = source;
  state.alertsKey = '';
  state.stream = openStream(source, { onHello, onTick: (t) => applyTick(t, true), onState: setStatus });
}

async function start() {
  const filter = /** @type {HTMLInputElement} */ (byId('filter'));
  filter.addEventListener('input', () => {
    table.setFilter(filter.value);
    showCount();
  });
  let queued = false;
  window.addEventListener('resize', () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      live.resize();
      hist.resize();
      table.draw();
    });
  });
  // Live, the history's last bucket fills up: asked again every minute.
  setInterval(() => {
    if (state.kind === 'interface' && state.history && !document.hidden) loadHistory();
  }, 60_000);
  const wanted = new URLSearchParams(location.hash.slice(1)).get('source') ?? '0';
  try {
    const r = await fetch('/api/v1/sources', { credentials: 'same-origin', cache: 'no-store' });
    const { sources } = await r.json();
    if (sources.length > 1) {
      const sel = /** @type {HTMLSelectElement} */ (byId('source'));
      sel.replaceChildren(...sources.map((/** @type {any} */ s) => {
        const o = /** @type {HTMLOptionElement} */ (el('option', s.name));
        o.value = String(s.index);
        return o;
      }));
      sel.value = wanted;
      sel.addEventListener('change', () => {
        location.hash = `source=${sel.value}`;
        watch(sel.value);
      });
      byId('source-box').hidden = false;
    }
  } catch {
    // The stream says what is wrong.
  }
  watch(wanted);
}

start();
