// /proc/PID/cgroup text → the cgroup v2 path, and a path → systemd unit, container and Kubernetes pod (pure).
import { inert } from '../format/inert.js';
import type { ContainerRef } from './owner.js';

/**
 * The process's cgroup path from /proc/PID/cgroup: the unified ("0::") line, or on a hybrid host
 * where that is "/" the name=systemd line (systemd keeps its units there). "" when neither exists.
 */
export function cgroupPathOf(text: string): string {
  let unified: string | null = null;
  let systemd: string | null = null;
  let lines = 0;
  for (const line of text.split('\n')) {
    if (++lines > 64) break;
    const first = line.indexOf(':');
    const second = first < 0 ? -1 : line.indexOf(':', first + 1);
    if (second < 0) continue;
    const controllers = line.slice(first + 1, second);
    const path = line.slice(second + 1);
    if (!path.startsWith('/')) continue;
    if (line.slice(0, first) === '0' && controllers === '') unified = path;
    else if (controllers === 'name=systemd') systemd = path;
  }
  if (unified !== null && unified !== '/') return unified;
  if (systemd !== null && systemd !== '/') return systemd;
  return unified ?? systemd ?? '';
}

/** What a cgroup path says about the service and container a process runs in. */
export interface CgroupFacts {
  /** The innermost systemd unit (.service, .scope, .socket, .mount, .swap), or null. */
  readonly unit: string | null;
  /** The systemd user manager the unit runs under ("user@1000.service"), or null. */
  readonly userManager: string | null;
  readonly container: ContainerRef | null;
}

const HEX64 = /^[0-9a-f]{64}$/;
const UNIT_SUFFIX = /\.(service|scope|socket|mount|swap)$/;
/** Scopes runtimes create per container: prefix → runtime. Their conmon/shim twins are not containers. */
const SCOPE_PREFIXES: readonly (readonly [string, string])[] = [
  ['docker-', 'docker'],
  ['libpod-', 'podman'],
  ['cri-containerd-', 'containerd'],
  ['crio-', 'cri-o'],
];
/** cgroupfs-driver parents: /docker/<id>, /libpod_parent/libpod-<id>, /kubepods/…/<id>. */
const PARENTS: Readonly<Record<string, string>> = { docker: 'docker', libpod_parent: 'podman' };

function scopeContainer(segment: string): { runtime: string; id: string } | null {
  if (!segment.endsWith('.scope')) return null;
  const stem = segment.slice(0, -'.scope'.length);
  for (const [prefix, runtime] of SCOPE_PREFIXES) {
    if (!stem.startsWith(prefix)) continue;
    const id = stem.slice(prefix.length);
    if (HEX64.test(id)) return { runtime, id };
  }
  return null;
}

/** Kubernetes pod uid from "kubepods-burstable-pod<uid>.slice" (underscores for dashes) or "pod<uid>". */
function podUid(segment: string): string | null {
  const m = /^(?:kubepods(?:-[a-z]+)*-)?pod([0-9a-f_-]{32,36})(?:\.slice)?$/.exec(segment);
  return m === null ? null : m[1]!.replace(/_/g, '-');
}

/** The unit, user manager and container of a cgroup path (bounded: at most 64 segments are read; names inert). */
export function describeCgroup(path: string): CgroupFacts {
  const segments = path.split('/').filter((s) => s !== '').slice(0, 64);
  let unit: string | null = null;
  let userManager: string | null = null;
  let container: { runtime: string; id: string } | null = null;
  let pod: string | null = null;
  let kube = false;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (s.startsWith('kubepods')) kube = true;
    const p = podUid(s);
    if (p !== null && (kube || s.startsWith('pod'))) pod = p;
    const scoped = scopeContainer(s);
    if (scoped !== null) container = scoped;
    else if (HEX64.test(s) && (kube || PARENTS[segments[i - 1] ?? ''] !== undefined)) {
      container = { runtime: kube ? 'kubernetes' : PARENTS[segments[i - 1]!]!, id: s };
    } else if (s.startsWith('libpod-') && HEX64.test(s.slice(7)) && segments[i - 1] === 'libpod_parent') {
      container = { runtime: 'podman', id: s.slice(7) };
    } else if (s.startsWith('lxc.payload.') && s.length > 12) container = { runtime: 'lxc', id: s.slice(12) };
    else if (segments[i - 1] === 'lxc' && i === 1) container = { runtime: 'lxc', id: s };
    else if (/^systemd-nspawn@.+\.service$/.test(s)) container = { runtime: 'nspawn', id: s.slice(15, -8) };
    else if (/^machine-.+\.scope$/.test(s) && segments[i - 1] === 'machine.slice') container = { runtime: 'nspawn', id: s.slice(8, -6) };
    if (/^user@\d+\.service$/.test(s)) userManager = s;
    if (UNIT_SUFFIX.test(s)) unit = s;
  }
  // Inside a user manager, its own init.scope is the manager itself.
  if (unit === 'init.scope' && userManager !== null) unit = userManager;
  // Directory names are anyone's with a delegated subtree: made inert before they reach a terminal.
  const ref: ContainerRef | null = container === null ? null : { runtime: container.runtime, id: inert(container.id), pod };
  return { unit: unit === null ? null : inert(unit), userManager, container: ref };
}
