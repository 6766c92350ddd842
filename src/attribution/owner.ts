// Who a flow belongs to: a process (with user, unit, container), or a labelled gap saying why no process.

/**
 * Why a flow has no process, as NDJSON spells it ("unattributed"):
 * - forwarded: neither end is an address of this host (in any network namespace it can see);
 * - no-socket: the kernel itself answered (RST to a closed port, ICMP errors, echo replies);
 * - other-netns: an address of another network namespace whose sockets hold no match;
 * - closed: the socket was closed before it could be looked up (time-wait, destroy notice);
 * - no-permission: the socket's process could not be read (another user's /proc/PID/fd);
 * - kernel-socket: a socket no process holds (kernel tunnels, NFS, an fd in flight);
 * - ambiguous: sockets of several processes match (ICMP without an echo id);
 * - pending: the lookup has not finished yet;
 * - table-full: traffic beyond the flow table's cap (no flow record to attribute).
 */
export type GapReason =
  | 'forwarded'
  | 'no-socket'
  | 'other-netns'
  | 'closed'
  | 'no-permission'
  | 'kernel-socket'
  | 'ambiguous'
  | 'pending'
  | 'table-full';

export const GAP_REASONS: readonly GapReason[] = [
  'forwarded', 'no-socket', 'other-netns', 'closed', 'no-permission', 'kernel-socket', 'ambiguous', 'pending', 'table-full',
];

/** A short human label per reason, for screens and text blocks. */
export const GAP_LABELS: Readonly<Record<GapReason, string>> = {
  'forwarded': 'forwarded (not this host)',
  'no-socket': 'no socket (kernel reply)',
  'other-netns': 'other network namespace',
  'closed': 'closed before seen',
  'no-permission': 'no permission',
  'kernel-socket': 'kernel socket (no process)',
  'ambiguous': 'several candidate processes',
  'pending': 'lookup pending',
  'table-full': 'flow table full',
};

/** A container as the cgroup path names it. */
export interface ContainerRef {
  /** docker, podman, containerd, cri-o, lxc, nspawn. */
  readonly runtime: string;
  /** The full id (64 hex digits for docker/podman/containerd/cri-o), or the name (lxc, nspawn). */
  readonly id: string;
  /** Kubernetes pod uid (with dashes), when the path is under kubepods. */
  readonly pod: string | null;
}

/** Identity of a process across PID reuse: pid plus start time (clock ticks since boot). */
export interface ProcessIdentity {
  readonly pid: number;
  readonly startTime: number;
}

/** What is known about a process that owned traffic; strings are inert (safe for a terminal). */
export interface ProcessOwner extends ProcessIdentity {
  readonly kind: 'process';
  /** comm (at most 15 bytes in the kernel), inert. */
  readonly name: string;
  /** argv joined by spaces, inert, bounded; "" for kernel threads or when unreadable. */
  readonly cmdline: string;
  readonly uid: number;
  /** User name from /etc/passwd, else the uid as text. */
  readonly user: string;
  /** The innermost systemd unit (nginx.service, session-3.scope, user@1000.service), or null. */
  readonly unit: string | null;
  readonly container: ContainerRef | null;
  /** cgroup v2 path ("/system.slice/nginx.service"), "" when not known. */
  readonly cgroup: string;
  /** Network namespace id (inode), 0 when not known. */
  readonly netns: number;
  /** Epoch seconds when the process was seen gone, else null. Set once by the engine. */
  exitedAt: number | null;
}

/**
 * A gap with what is still known: the uid from the socket table and the unit/container from the
 * socket's cgroup, when the socket was found but its process could not be read.
 */
export interface GapOwner {
  readonly kind: 'gap';
  readonly reason: GapReason;
  readonly uid: number | null;
  readonly user: string | null;
  readonly unit: string | null;
  readonly container: ContainerRef | null;
}

export type Owner = ProcessOwner | GapOwner;

/** A stable text key per owner (rows and maps): "p:PID:START" or "g:REASON:UID:UNIT:CONTAINER". */
export function ownerKey(o: Owner): string {
  if (o.kind === 'process') return `p:${o.pid}:${o.startTime}`;
  return `g:${o.reason}:${o.uid ?? ''}:${o.unit ?? ''}:${o.container?.id ?? ''}`;
}

/** Docker's short form: the first 12 characters of a hex id (names are kept whole). */
export function shortContainerId(c: ContainerRef): string {
  return /^[0-9a-f]{64}$/.test(c.id) ? c.id.slice(0, 12) : c.id;
}
