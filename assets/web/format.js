// @ts-check
// Number and time formatting for the page (rates in bits or bytes per second, totals in bytes); pure, so tests can import it too.

const RATE_BITS = ['b', 'Kb', 'Mb', 'Gb', 'Tb'];
const RATE_BYTES = ['B', 'KB', 'MB', 'GB', 'TB'];
const SIZE = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/**
 * A value with iftop's 1024 steps and three significant figures: "0b", "812b", "1.53Kb", "10.0Mb", "153Mb".
 * @param {number} value
 * @param {readonly string[]} units
 */
function scaled(value, units) {
  if (!Number.isFinite(value) || value <= 0) return `0${units[0]}`;
  let v = value;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const digits = i === 0 ? 0 : v < 10 ? 2 : v < 100 ? 1 : 0;
  return `${v.toFixed(digits)}${units[i]}`;
}

/**
 * A rate given in bytes per second, shown in bits (the screen's default) or bytes (-B).
 * @param {number} bytesPerSecond
 * @param {'bits' | 'bytes'} units
 */
export function formatRate(bytesPerSecond, units) {
  return units === 'bits' ? scaled(bytesPerSecond * 8, RATE_BITS) : scaled(bytesPerSecond, RATE_BYTES);
}

/**
 * A number of bytes (cumulative totals are bytes on the screen too).
 * @param {number} bytes
 */
export function formatBytes(bytes) {
  return scaled(bytes, SIZE);
}

/**
 * A count with thin grouping: 1234567 → "1 234 567".
 * @param {number} n
 */
export function formatCount(n) {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}

/**
 * hh:mm:ss of a time in seconds since the epoch, in the browser's time zone.
 * @param {number} ts
 */
export function formatClock(ts) {
  const d = new Date(ts * 1000);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/**
 * "2023-11-14 22:13:20" in the browser's time zone.
 * @param {number} ts
 */
export function formatDateTime(ts) {
  const d = new Date(ts * 1000);
  const date = [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n, i) => String(n).padStart(i === 0 ? 4 : 2, '0')).join('-');
  return `${date} ${formatClock(ts)}`;
}

/**
 * One side of a line as the screen shows it: name (or address) and port (or service).
 * @param {string} name
 * @param {string} addr
 * @param {number} port
 * @param {string} service
 */
export function hostText(name, addr, port, service) {
  const host = name !== '' ? name : addr.includes(':') && port !== 0 ? `[${addr}]` : addr;
  if (port === 0) return host;
  return `${host}:${service !== '' ? service : port}`;
}
