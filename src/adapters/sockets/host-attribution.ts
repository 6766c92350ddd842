// The real host behind attribution: sock_diag in our namespace (or /proc/net text when netlink is refused) and /proc.
import { endianness } from 'node:os';
import type { KernelSockets, ProcFs } from '../../ports/attribution.js';
import type { KernelSocketStats } from './kernel-sockets.js';
import { openKernelSockets } from './kernel-sockets.js';
import { createProcFs } from './proc-fs.js';

export interface HostAttribution {
  readonly kernel: KernelSockets | null;
  /** Why netlink could not be used (then kernel is null), else null. */
  readonly kernelError: string | null;
  readonly kernelStats: KernelSocketStats | null;
  readonly proc: ProcFs;
  readonly littleEndian: boolean;
}

/** Opens what attribution reads. Call in the network namespace being captured, before dropping privileges. */
export function openHostAttribution(): HostAttribution {
  const k = openKernelSockets();
  const proc = createProcFs();
  const littleEndian = endianness() === 'LE';
  if ('error' in k) return { kernel: null, kernelError: k.error, kernelStats: null, proc, littleEndian };
  return { kernel: k.sockets, kernelError: null, kernelStats: k.stats, proc, littleEndian };
}
