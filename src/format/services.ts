// The /etc/services table iftop loads at start-up: (port, IP protocol) → primary service name.

/*
 * iftop walks getservent() in file order, maps each entry's protocol name with
 * getprotobyname() and inserts into a hash where a later insert shadows an earlier one, so the
 * LAST entry for a (port, protocol) wins and aliases are never used. This module reproduces
 * that from the file text (pure: the caller reads the file). Line syntax follows glibc's
 * nss_files parser: `name port/protocol [aliases…]`, `#` starts a comment anywhere, fields are
 * separated by C isspace() characters, and a line that does not parse is skipped.
 */

/**
 * getprotobyname() results for the protocols /etc/services uses (Debian's /etc/protocols,
 * official name and its upper-case alias). Unknown names make iftop skip the entry.
 */
const PROTOCOL_NUMBERS: ReadonlyMap<string, number> = new Map([
  ['tcp', 6],
  ['TCP', 6],
  ['udp', 17],
  ['UDP', 17],
  ['ddp', 37],
  ['DDP', 37],
  ['sctp', 132],
  ['SCTP', 132],
]);

/** IP protocol number for a protocol name as getprotobyname() would give it, or undefined. */
export function protocolNumber(name: string): number | undefined {
  return PROTOCOL_NUMBERS.get(name);
}

/** Read-only lookup built by parseServices(). */
export interface ServiceTable {
  /** Primary name for (port, IP protocol number), e.g. (53, 17) → "domain"; undefined if none. */
  serviceName(port: number, proto: number): string | undefined;
  /** Number of distinct (port, protocol) keys. */
  readonly size: number;
}

/** C isspace(): space, \t, \n, \v, \f, \r. */
const FIELD_SEPARATOR = /[ \t\n\v\f\r]+/;
/** 64-bit unsigned long. */
const ULONG_MAX = (1n << 64n) - 1n;
/** strtoul() in base 10 after an optional sign; the port field must end right there. */
const PORT_FIELD = /^([+-]?)(\d+)$/;

/** Parse the text of /etc/services. Never throws; malformed lines are ignored. */
export function parseServices(text: string): ServiceTable {
  // Key port * 256 + proto: one number, so lookups allocate nothing.
  const names = new Map<number, string>();
  for (const rawLine of text.split('\n')) {
    const hash = rawLine.indexOf('#');
    const line = hash === -1 ? rawLine : rawLine.slice(0, hash);
    const fields = line.split(FIELD_SEPARATOR).filter((f) => f !== '');
    const name = fields[0];
    const portProto = fields[1];
    if (name === undefined || portProto === undefined) continue;
    const slash = portProto.indexOf('/');
    if (slash === -1) continue;
    const port = parsePort(portProto.slice(0, slash));
    const proto = protocolNumber(portProto.slice(slash + 1));
    if (port === undefined || proto === undefined) continue;
    names.set(port * 256 + proto, name);
  }
  return {
    serviceName(port: number, proto: number): string | undefined {
      return names.get(port * 256 + proto);
    },
    get size(): number {
      return names.size;
    },
  };
}

/**
 * glibc stores strtou32(field) through htons(): strtoul (which accepts a sign and negates
 * modulo 2^64), saturated to 32 bits, then cut to 16. So 65616 → 80 and -1 → 65535. Real
 * files never do this; it is here so an odd file maps the way it does in iftop.
 */
function parsePort(field: string): number | undefined {
  const match = PORT_FIELD.exec(field);
  if (match === null) return undefined;
  const magnitude = BigInt(match[2] ?? '0');
  let value: bigint;
  if (magnitude > ULONG_MAX) value = ULONG_MAX; // strtoul overflow, whatever the sign
  else if (match[1] === '-' && magnitude !== 0n) value = ULONG_MAX + 1n - magnitude;
  else value = magnitude;
  if (value > 0xffffffffn) return 0xffff;
  return Number(value & 0xffffn);
}
