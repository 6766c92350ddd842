// The fixed-width host[:port] cell of both UIs (iftop's sprint_host), spec section 7.4.
import { fitCells, sliceCells, stringCells } from './cells.js';

/*
 * Widths are terminal cells (iftop counts bytes with strlen(), the same thing for the ASCII that
 * inet_ntop, port numbers and /etc/services produce); a name with wide characters is cut by cells so
 * the columns to its right stay in place.
 */

/** One side of a flow as the caller has already resolved it. */
export interface HostLabelInput {
  /**
   * Print ` * ` instead of a name: iftop does so when this side is hidden (`s`/`d`, so the
   * aggregated address is all-zero) AND the address is all-zero. The caller checks both.
   */
  hidden: boolean;
  /** The resolver's current string (name or numeric placeholder), or inet_ntop text. */
  name: string;
  /**
   * True when DNS resolution is on, i.e. `name` came from the resolver — a real name OR the
   * numeric placeholder of a pending/failed lookup. iftop then cuts it to width − 1; inet_ntop
   * text shown with DNS off is not cut at that stage.
   */
  fromResolver: boolean;
  family: 4 | 6;
  /** 0 when ports are not shown for this side (no suffix). */
  port: number;
  /** Service name for (port, protocol) if port resolution is on and one exists. */
  service: string | undefined;
}

/** iftop's HOSTNAME_LENGTH: the service buffer holds at most 255 characters. */
const SUFFIX_MAX = 255;

/**
 * iftop's `sprint_host(line, …, L, …)`: exactly `width` characters.
 * Example at width 40: `a-very-long-host-name-for-truncatio:9002`, `[ip6-localhost]:9003`.
 */
export function formatHostLabel(width: number, input: HostLabelInput): string {
  // A host column narrower than nothing (very narrow terminal) is simply empty.
  const L = Math.max(0, Math.trunc(width));

  let base: string;
  if (input.hidden) base = ' * ';
  else if (input.fromResolver) base = sliceCells(input.name, Math.max(0, L - 1));
  else base = input.name;

  const suffix =
    input.port !== 0 ? (':' + (input.service ?? String(input.port))).slice(0, SUFFIX_MAX) : '';

  let line: string;
  let left = stringCells(base);
  if (input.port === 0 || input.family === 4 || L < 2) {
    line = fitCells(base, Math.max(L, left));
  } else {
    // IPv6 with a port: brackets, so the port's ':' cannot be read as part of the address.
    line = '[' + sliceCells(base, L - 2) + ']';
    left += 2;
  }
  // Shorten the name so the whole suffix fits; a suffix longer than L is cut below.
  // (In C a suffix longer than L overflows the cell through an unsigned comparison; we keep
  // the cell width, see the spec's wording.)
  if (left > L - suffix.length) left = Math.max(0, L - suffix.length);
  return fitCells(sliceCells(line, left) + suffix, L);
}
