// --csv: the columns, RFC 4180 quoting and number forms of the per-flow, per-tick rows (CRLF line ends, one header row, no trailer).

/**
 * One row per flow per tick (and one "overflow" row when the flow table was full). Slot columns are
 * this tick's 2-second slot; `*_per_s_*` are iftop's averages; cumulative ones count since the flow
 * record was created; times are integer milliseconds since the epoch; ports are empty for protocols
 * without ports, and the address columns for the overflow row.
 */
export const CSV_COLUMNS = [
  'ts_ms', 'source', 'record', 'serial', 'family', 'proto', 'src', 'src_port', 'dst', 'dst_port',
  'sent_bytes', 'received_bytes', 'sent_packets', 'received_packets',
  'sent_bytes_per_s_2s', 'sent_bytes_per_s_10s', 'sent_bytes_per_s_40s',
  'received_bytes_per_s_2s', 'received_bytes_per_s_10s', 'received_bytes_per_s_40s',
  'cumulative_sent_bytes', 'cumulative_received_bytes', 'cumulative_sent_packets', 'cumulative_received_packets',
  'first_seen_ms', 'last_seen_ms', 'expired',
] as const;

/** RFC 4180 §2: records end with CRLF. */
export const CSV_EOL = '\r\n';

export const CSV_HEADER = CSV_COLUMNS.join(',') + CSV_EOL;

/** A field quoted when it holds a comma, a double quote, CR or LF (quotes doubled), as RFC 4180 §2.6–2.7 says. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A number in plain decimal, never in exponent form (spreadsheets and awk read it as it is). */
export function csvNumber(x: number): string {
  if (!Number.isFinite(x)) return '';
  const s = String(x);
  if (!s.includes('e')) return s;
  // Only tiny or huge magnitudes get here: 20 decimals keep a rate of 1e-7 bytes/s readable.
  return Math.abs(x) >= 1 ? BigInt(Math.round(x)).toString() : x.toFixed(20).replace(/0+$/, '');
}
