// @ts-check
// The two charts, drawn by uPlot (vendored, canvas): incoming/outgoing of the last minutes, and the history buckets.
import { formatBytes, formatRate } from './format.js';

const IN_COLOUR = '#2a7ab0';
const OUT_COLOUR = '#d9731a';

/**
 * @param {HTMLElement} el
 * @returns {number}
 */
function widthOf(el) {
  return Math.max(200, Math.floor(el.clientWidth || 600));
}

/**
 * The live graph: bytes/s in and out per tick, y in the page's units.
 * @param {HTMLElement} el
 * @param {() => 'bits' | 'bytes'} units
 */
export function liveChart(el, units) {
  /** @type {uPlot.Options} */
  const opts = {
    width: widthOf(el),
    height: 220,
    cursor: { drag: { x: false, y: false } },
    legend: { live: true },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    axes: [
      { stroke: '#555' },
      { stroke: '#555', size: 70, values: (_u, ticks) => ticks.map((v) => formatRate(v, units())) },
    ],
    series: [
      {},
      { label: 'In', stroke: IN_COLOUR, fill: 'rgba(42,122,176,0.15)', width: 1.5, value: (_u, v) => (v == null ? '–' : formatRate(v, units())) },
      { label: 'Out', stroke: OUT_COLOUR, fill: 'rgba(217,115,26,0.12)', width: 1.5, value: (_u, v) => (v == null ? '–' : formatRate(v, units())) },
    ],
  };
  /** @type {number[]} */
  let ts = [];
  /** @type {number[]} */
  let rx = [];
  /** @type {number[]} */
  let tx = [];
  const plot = new uPlot(opts, [ts, rx, tx], el);
  return {
    /** @param {readonly (readonly [number, number, number])[]} points */
    replace(points) {
      ts = points.map((p) => p[0]);
      rx = points.map((p) => p[1]);
      tx = points.map((p) => p[2]);
      plot.setData([ts, rx, tx]);
    },
    /**
     * New points (those not newer than the last one are ones a first frame already had); `max` points kept.
     * @param {readonly (readonly [number, number, number])[]} points
     * @param {number} max
     */
    append(points, max) {
      const last = ts.length === 0 ? -Infinity : /** @type {number} */ (ts[ts.length - 1]);
      const fresh = points.filter((p) => p[0] > last);
      if (fresh.length === 0) return;
      ts = ts.concat(fresh.map((p) => p[0])).slice(-max);
      rx = rx.concat(fresh.map((p) => p[1])).slice(-max);
      tx = tx.concat(fresh.map((p) => p[2])).slice(-max);
      plot.setData([ts, rx, tx]);
    },
    resize() {
      plot.setSize({ width: widthOf(el), height: 220 });
    },
    redraw() {
      plot.redraw();
    },
  };
}

/**
 * A history chart: one bar pair per bucket, average rate over the bucket; the legend gives its volume.
 * @param {HTMLElement} el
 * @param {() => 'bits' | 'bytes'} units
 */
export function historyChart(el, units) {
  let resolution = 60;
  // In left of the bucket's time, out right of it: side by side.
  const bars = (/** @type {-1 | 1} */ align) => (uPlot.paths.bars === undefined ? {} : { paths: uPlot.paths.bars({ size: [0.4, 30], align }) });
  /** @type {uPlot.Options} */
  const opts = {
    width: widthOf(el),
    height: 200,
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    axes: [
      { stroke: '#555' },
      { stroke: '#555', size: 70, values: (_u, ticks) => ticks.map((v) => formatRate(v, units())) },
    ],
    series: [
      {},
      { label: 'In', stroke: IN_COLOUR, fill: 'rgba(42,122,176,0.6)', width: 0, ...bars(-1),
        value: (_u, v) => (v == null ? 'no data' : `${formatRate(v, units())} (${formatBytes(v * resolution)})`) },
      { label: 'Out', stroke: OUT_COLOUR, fill: 'rgba(217,115,26,0.6)', width: 0, ...bars(1),
        value: (_u, v) => (v == null ? 'no data' : `${formatRate(v, units())} (${formatBytes(v * resolution)})`) },
    ],
  };
  const plot = new uPlot(opts, [[], [], []], el);
  return {
    /**
     * @param {{ resolution: number, ts: number[], rxBytes: (number | null)[], txBytes: (number | null)[] }} h
     */
    show(h) {
      resolution = h.resolution;
      const rate = (/** @type {number | null} */ b) => (b === null ? null : b / h.resolution);
      plot.setData([h.ts, h.rxBytes.map(rate), h.txBytes.map(rate)]);
    },
    resize() {
      plot.setSize({ width: widthOf(el), height: 200 });
    },
  };
}
