// Host-pair keys that compare equal however a tool prints the addresses (tshark, wiretop, the generator).

/** Address bytes as text: dotted IPv4, or IPv6 as 8 four-digit groups. */
export function addressText(a: Uint8Array): string {
  if (a.length === 4) return a.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((a[i]! << 8) | a[i + 1]!) >>> 0).toString(16).padStart(4, '0'));
  return groups.join(':');
}

/** Canonical unordered pair key from two addresses as any tool prints them. */
export function pairKey(x: string, y: string): string {
  const a = canonical(x), b = canonical(y);
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}

/** IPv6 text expanded to 8 four-digit groups (tools compress differently); IPv4 unchanged. */
export function canonical(t: string): string {
  if (!t.includes(':')) return t;
  const [head, tail] = t.toLowerCase().split('::') as [string, string | undefined];
  const h = head === '' ? [] : head.split(':');
  const tl = tail === undefined || tail === '' ? [] : tail.split(':');
  const mid = tail === undefined ? [] : new Array<string>(8 - h.length - tl.length).fill('0');
  return [...h, ...mid, ...tl].map((g) => g.padStart(4, '0')).join(':');
}
