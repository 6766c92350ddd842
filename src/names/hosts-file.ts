// Parses /etc/hosts text into address → first name (what getnameinfo answers from the files source).
import { formatAddress, parseAddress } from '../format/inet-ntop.js';

/** Keys are canonical numeric text (so "::1" and "0:0::1" match); the first line naming an address wins. */
export function parseHostsFile(text: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const [address, name] = line.split(/\s+/);
    if (address === undefined || name === undefined) continue;
    const parsed = parseAddress(address.replace(/%.*$/, ''));
    if (parsed === null) continue;
    const key = formatAddress(parsed.family, parsed.bytes);
    if (!names.has(key)) names.set(key, name);
  }
  return names;
}
