// @ts-check
// The flows table: sort and filter over the tick's lines (pure functions), drawn as a virtual list so 1 000 rows cost the rows on screen.
import { formatBytes, formatRate, hostText } from './format.js';

/** Cell positions of a line, as the server sends them (src/web/tick-view.ts LINE_COLUMNS). */
export const C = /** @type {const} */ ({ srcName: 0, srcAddr: 1, srcPort: 2, srcService: 3, dstName: 4, dstAddr: 5, dstPort: 6, dstService: 7, proto: 8,
  s2: 9, s10: 10, s40: 11, r2: 12, r10: 13, r40: 14, cumSent: 15, cumRecv: 16 });

/** @typedef {[string, string, number, string, string, string, number, string, string, number, number, number, number, number, number, number, number]} Line */
/** @typedef {{ key: string, desc: boolean }} Sort */

/**
 * The columns: what each shows and sorts by. `cls` lets narrow screens hide some.
 * @type {readonly { key: string, title: string, cls: string, numeric: boolean, value: (l: Line) => number | string }[]}
 */
export const COLUMNS = [
  { key: 'local', title: 'Host', cls: 'c-host', numeric: false, value: (l) => hostText(l[C.srcName], l[C.srcAddr], l[C.srcPort], l[C.srcService]) },
  { key: 'remote', title: 'Peer', cls: 'c-host', numeric: false, value: (l) => hostText(l[C.dstName], l[C.dstAddr], l[C.dstPort], l[C.dstService]) },
  { key: 'proto', title: 'Proto', cls: 'c-proto', numeric: false, value: (l) => l[C.proto] },
  { key: 's2', title: 'Sent 2s', cls: 'c-rate c-out c-2s', numeric: true, value: (l) => l[C.s2] },
  { key: 's10', title: 'Sent 10s', cls: 'c-rate c-out c-10s', numeric: true, value: (l) => l[C.s10] },
  { key: 's40', title: 'Sent 40s', cls: 'c-rate c-out c-40s', numeric: true, value: (l) => l[C.s40] },
  { key: 'r2', title: 'Recv 2s', cls: 'c-rate c-in c-2s', numeric: true, value: (l) => l[C.r2] },
  { key: 'r10', title: 'Recv 10s', cls: 'c-rate c-in c-10s', numeric: true, value: (l) => l[C.r10] },
  { key: 'r40', title: 'Recv 40s', cls: 'c-rate c-in c-40s', numeric: true, value: (l) => l[C.r40] },
  { key: 'cumSent', title: 'Sent total', cls: 'c-total', numeric: true, value: (l) => l[C.cumSent] },
  { key: 'cumRecv', title: 'Recv total', cls: 'c-total', numeric: true, value: (l) => l[C.cumRecv] },
];

/**
 * The text the filter box searches: both sides (names, addresses, ports, services) and the protocol.
 * @param {Line} l
 */
export function searchText(l) {
  return `${l[C.srcName]} ${l[C.srcAddr]} ${l[C.srcAddr]}:${l[C.srcPort]} ${l[C.srcService]} ${l[C.dstName]} ${l[C.dstAddr]} ${l[C.dstAddr]}:${l[C.dstPort]} ${l[C.dstService]} ${l[C.proto]}`.toLowerCase();
}

/**
 * Indices of the lines that match the filter (every word must appear), in the order asked for; ties keep
 * the server's order (the screen's), which is also the order when no column is chosen.
 * @param {readonly Line[]} lines
 * @param {Sort | null} sort
 * @param {string} filter
 * @returns {number[]}
 */
export function orderLines(lines, sort, filter) {
  const words = filter.toLowerCase().split(/\s+/).filter((w) => w !== '');
  /** @type {number[]} */
  const idx = [];
  for (let i = 0; i < lines.length; i++) {
    if (words.length === 0) idx.push(i);
    else {
      const text = searchText(/** @type {Line} */ (lines[i]));
      if (words.every((w) => text.includes(w))) idx.push(i);
    }
  }
  const col = sort === null ? undefined : COLUMNS.find((c) => c.key === sort.key);
  if (col === undefined || sort === null) return idx;
  const values = idx.map((i) => col.value(/** @type {Line} */ (lines[i])));
  const pos = idx.map((_, k) => k);
  const dir = sort.desc ? -1 : 1;
  pos.sort((a, b) => {
    const va = /** @type {number | string} */ (values[a]), vb = /** @type {number | string} */ (values[b]);
    if (va !== vb) return (va < vb ? -1 : 1) * dir;
    return /** @type {number} */ (idx[a]) - /** @type {number} */ (idx[b]);
  });
  return pos.map((k) => /** @type {number} */ (idx[k]));
}

/**
 * The cell text and its tooltip (exact figures, numeric addresses behind names).
 * @param {Line} l
 * @param {number} column
 * @param {'bits' | 'bytes'} units
 * @returns {[string, string]}
 */
export function cellText(l, column, units) {
  const c = /** @type {(typeof COLUMNS)[number]} */ (COLUMNS[column]);
  if (c.key === 'local' || c.key === 'remote') {
    const local = c.key === 'local';
    const addr = local ? l[C.srcAddr] : l[C.dstAddr];
    const port = local ? l[C.srcPort] : l[C.dstPort];
    return [String(c.value(l)), port === 0 ? addr : `${addr} port ${port}`];
  }
  if (c.key === 'proto') return [l[C.proto], ''];
  const v = /** @type {number} */ (c.value(l));
  if (c.key === 'cumSent' || c.key === 'cumRecv') return [formatBytes(v), `${v} bytes`];
  return [formatRate(v, units), `${v} bytes/s`];
}

const ROW_HEIGHT = 24;
const OVERSCAN = 6;

/** The table on the page: header buttons sort, the body draws only the rows in view. */
export class FlowTable {
  /**
   * @param {HTMLElement} head the header row
   * @param {HTMLElement} viewport the scrolling box
   * @param {(sort: Sort | null) => void} onSort
   */
  constructor(head, viewport, onSort) {
    this.viewport = viewport;
    /** @type {readonly Line[]} */
    this.lines = [];
    /** @type {number[]} */
    this.order = [];
    /** @type {'bits' | 'bytes'} */
    this.units = 'bits';
    /** @type {Sort | null} */
    this.sort = null;
    this.filter = '';
    this.spacer = document.createElement('div');
    this.spacer.className = 'vt-spacer';
    this.body = document.createElement('div');
    this.body.className = 'vt-rows';
    this.spacer.append(this.body);
    viewport.append(this.spacer);
    /** @type {{ el: HTMLElement, cells: HTMLElement[] }[]} */
    this.pool = [];
    /** @type {HTMLButtonElement[]} */
    this.buttons = COLUMNS.map((c) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = `th ${c.cls}`;
      b.textContent = c.title;
      b.addEventListener('click', () => {
        // First click: the natural order (largest first for figures); second: the other way; third: the screen's order.
        const cur = this.sort;
        this.sort = cur === null || cur.key !== c.key ? { key: c.key, desc: c.numeric } : cur.desc === c.numeric ? { key: c.key, desc: !c.numeric } : null;
        onSort(this.sort);
        this.refresh();
      });
      return b;
    });
    head.replaceChildren(...this.buttons);
    let queued = false;
    viewport.addEventListener('scroll', () => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        this.draw();
      });
    });
  }

  /**
   * @param {readonly Line[]} lines
   * @param {'bits' | 'bytes'} units
   */
  setLines(lines, units) {
    this.lines = lines;
    this.units = units;
    this.refresh();
  }

  /** @param {string} text */
  setFilter(text) {
    this.filter = text;
    this.refresh();
  }

  /** Order again (new lines, another sort or filter) and draw. */
  refresh() {
    this.order = orderLines(this.lines, this.sort, this.filter);
    COLUMNS.forEach((c, i) => {
      const b = /** @type {HTMLButtonElement} */ (this.buttons[i]);
      const on = this.sort !== null && this.sort.key === c.key;
      b.setAttribute('aria-sort', on && this.sort !== null ? (this.sort.desc ? 'descending' : 'ascending') : 'none');
    });
    this.draw();
  }

  /** The rows in view (and a few around), from a pool of row elements reused tick after tick. */
  draw() {
    const n = this.order.length;
    this.spacer.style.height = `${n * ROW_HEIGHT}px`;
    const height = this.viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const count = Math.min(n - first, Math.ceil(height / ROW_HEIGHT) + 2 * OVERSCAN);
    while (this.pool.length < count) this.pool.push(this.makeRow());
    this.body.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
    for (let k = 0; k < this.pool.length; k++) {
      const row = /** @type {{ el: HTMLElement, cells: HTMLElement[] }} */ (this.pool[k]);
      if (k >= count) {
        row.el.hidden = true;
        continue;
      }
      row.el.hidden = false;
      const line = /** @type {Line} */ (this.lines[/** @type {number} */ (this.order[first + k])]);
      for (let c = 0; c < COLUMNS.length; c++) {
        const [text, title] = cellText(line, c, this.units);
        const cell = /** @type {HTMLElement} */ (row.cells[c]);
        // Text nodes only: a name from DNS is shown, never parsed as markup.
        if (cell.textContent !== text) cell.textContent = text;
        if (cell.title !== title) cell.title = title;
      }
    }
  }

  makeRow() {
    const el = document.createElement('div');
    el.className = 'tr';
    el.setAttribute('role', 'row');
    const cells = COLUMNS.map((c) => {
      const d = document.createElement('span');
      d.className = `td ${c.cls}`;
      d.setAttribute('role', 'cell');
      el.append(d);
      return d;
    });
    this.body.append(el);
    return { el, cells };
  }
}
