// The `l` filter's owner terms (pid:N, proc:NAME, unit:NAME, container:ID, pod:UID, user:NAME, reason:GAP) as a predicate.
import type { GapReason, Owner } from './owner.js';
import { GAP_REASONS } from './owner.js';

export type OwnerFilter = (owner: Owner | undefined) => boolean;

/** What parseOwnerFilter says about a filter text: not an owner term (use the host filter), a predicate, or an error to show. */
export type OwnerFilterParse = { readonly kind: 'none' } | { readonly kind: 'filter'; readonly test: OwnerFilter } | { readonly kind: 'error'; readonly message: string };

const TERMS = ['pid', 'proc', 'unit', 'container', 'pod', 'user', 'reason'] as const;

/** comm is cut to 15 bytes by the kernel: a longer name matches its first 15 characters too. */
function nameMatches(comm: string, cmdline: string, name: string): boolean {
  if (comm === name || (name.length > 15 && comm === name.slice(0, 15))) return true;
  const argv0 = cmdline.split(' ', 1)[0] ?? '';
  return argv0 === name || argv0.endsWith(`/${name}`);
}

function unitMatches(unit: string | null, cgroup: string, name: string): boolean {
  const want = name.includes('.') ? [name] : [name, `${name}.service`, `${name}.scope`];
  if (unit !== null && want.includes(unit)) return true;
  // Any enclosing unit counts too: unit:user@1000.service selects that user's services.
  return cgroup.split('/').some((seg) => want.includes(seg));
}

/**
 * Parses "TERM:VALUE". Terms: pid (a number), proc (comm or argv[0]'s base name), unit (nginx,
 * nginx.service, or any enclosing unit), container (an id prefix of at least 3 characters, or a
 * name), pod (a Kubernetes pod uid prefix), user (name or uid), reason (a gap: no-permission, …).
 */
export function parseOwnerFilter(text: string): OwnerFilterParse {
  const colon = text.indexOf(':');
  const term = colon < 0 ? '' : text.slice(0, colon).trim().toLowerCase();
  if (!(TERMS as readonly string[]).includes(term)) return { kind: 'none' };
  const value = text.slice(colon + 1).trim();
  if (value === '') return { kind: 'error', message: `${term}: needs a value, e.g. ${term === 'pid' ? 'pid:1234' : `${term}:NAME`}` };
  switch (term) {
    case 'pid': {
      if (!/^\d{1,10}$/.test(value)) return { kind: 'error', message: `pid:${value}: not a process id` };
      const pid = Number(value);
      return { kind: 'filter', test: (o) => o?.kind === 'process' && o.pid === pid };
    }
    case 'proc':
      return { kind: 'filter', test: (o) => o?.kind === 'process' && nameMatches(o.name, o.cmdline, value) };
    case 'unit':
      return { kind: 'filter', test: (o) => o !== undefined && (o.kind === 'process' ? unitMatches(o.unit, o.cgroup, value) : unitMatches(o.unit, '', value)) };
    case 'container': {
      const v = value.toLowerCase();
      if (/^[0-9a-f]+$/.test(v) && v.length < 3) return { kind: 'error', message: `container:${value}: give at least 3 characters of the id` };
      return { kind: 'filter', test: (o) => o?.container != null && (o.container.id.startsWith(v) || o.container.id === value) };
    }
    case 'pod': {
      const v = value.toLowerCase();
      return { kind: 'filter', test: (o) => o?.container?.pod != null && o.container.pod.startsWith(v) };
    }
    case 'user': {
      const uid = /^\d+$/.test(value) ? Number(value) : null;
      return { kind: 'filter', test: (o) => o !== undefined && (o.user === value || (uid !== null && o.uid === uid)) };
    }
    default: {
      if (!(GAP_REASONS as readonly string[]).includes(value)) return { kind: 'error', message: `reason:${value}: one of ${GAP_REASONS.join(', ')}` };
      const reason = value as GapReason;
      return { kind: 'filter', test: (o) => o?.kind === 'gap' && o.reason === reason };
    }
  }
}
