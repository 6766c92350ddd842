// Time zone rules from the runtime's tz database (Intl), for the pure Zone.
import { Zone } from '../../history/time/zone.js';
import type { CivilParts, ZoneParts } from '../../history/time/zone.js';

/** The local fields of an instant in a named zone, or null for a name Intl does not know. */
export function intlZoneParts(name: string): ZoneParts | null {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  } catch {
    return null;
  }
  return (t) => {
    const out = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
    for (const p of format.formatToParts(t * 1000)) {
      if (p.type === 'year' || p.type === 'month' || p.type === 'day' || p.type === 'hour' || p.type === 'minute' || p.type === 'second') {
        out[p.type] = Number(p.value);
      }
    }
    return out satisfies CivilParts;
  };
}

/** A zone by name with the runtime's rules; throws for an unknown name. */
export function intlZone(name: string): Zone {
  const parts = intlZoneParts(name);
  if (parts === null) throw new RangeError(`unknown time zone ${name}`);
  return new Zone(name, parts);
}
