// Linux capabilities of the calling thread (capget/capset/prctl through koffi): keep chosen ones across the drop from root.
import { createRequire } from 'node:module';
import type * as Koffi from 'koffi';

/** Capability numbers (linux/capability.h) wiretop may keep. */
export const Cap = {
  DAC_READ_SEARCH: 2,
  NET_ADMIN: 12,
  NET_RAW: 13,
  SYS_PTRACE: 19,
} as const;

const LINUX_CAPABILITY_VERSION_3 = 0x20080522;
const PR_SET_KEEPCAPS = 8;

interface Libc {
  capget(header: Uint32Array, data: Uint32Array): number;
  capset(header: Uint32Array, data: Uint32Array): number;
  prctl(option: number, a2: number, a3: number, a4: number, a5: number): number;
}

let libc: Libc | null = null;

function load(): Libc {
  if (libc !== null) return libc;
  // koffi on first use (a synchronous require): a run that never changes capabilities never loads it.
  const koffi = createRequire(import.meta.url)('koffi') as typeof Koffi;
  const lib = koffi.load('libc.so.6');
  libc = {
    capget: lib.func('int capget(_Inout_ uint32_t*, _Out_ uint32_t*)'),
    capset: lib.func('int capset(_Inout_ uint32_t*, uint32_t*)'),
    prctl: lib.func('int prctl(int, unsigned long, unsigned long, unsigned long, unsigned long)'),
  };
  return libc;
}

/** The three capability sets of the calling thread as 64-bit masks (bit n = capability n). */
export interface CapSets {
  effective: bigint;
  permitted: bigint;
  inheritable: bigint;
}

function header(): Uint32Array {
  return Uint32Array.of(LINUX_CAPABILITY_VERSION_3, 0);
}

/** The calling thread's sets. */
export function getCaps(): CapSets {
  const data = new Uint32Array(6);
  if (load().capget(header(), data) !== 0) throw new Error('capget failed');
  const join = (lo: number, hi: number) => (BigInt(hi) << 32n) | BigInt(lo);
  return { effective: join(data[0]!, data[3]!), permitted: join(data[1]!, data[4]!), inheritable: join(data[2]!, data[5]!) };
}

/** Sets the calling thread's sets (permitted can only shrink, effective must lie within it); false when refused. */
export function setCaps(sets: CapSets): boolean {
  const lo = (v: bigint) => Number(v & 0xffffffffn), hi = (v: bigint) => Number(v >> 32n);
  const data = Uint32Array.of(lo(sets.effective), lo(sets.permitted), lo(sets.inheritable), hi(sets.effective), hi(sets.permitted), hi(sets.inheritable));
  return load().capset(header(), data) === 0;
}

export function mask(caps: readonly number[]): bigint {
  return caps.reduce((m, c) => m | (1n << BigInt(c)), 0n);
}

/** Whether a uid change from root keeps the permitted set (PR_SET_KEEPCAPS, of the calling thread). */
export function keepCapsOnUidChange(keep: boolean): boolean {
  return load().prctl(PR_SET_KEEPCAPS, keep ? 1 : 0, 0, 0, 0) === 0;
}

/**
 * Makes the permitted capabilities in `caps` effective for the calling thread (a capture worker about
 * to open a handle after root was dropped); returns whether anything had to be raised. A thread
 * without them permitted is left as it is (root has them all anyway).
 */
export function raiseEffective(caps: readonly number[]): boolean {
  const want = mask(caps);
  const now = getCaps();
  if ((now.effective & want) === want || (now.permitted & want) !== want) return false;
  return setCaps({ ...now, effective: now.effective | want });
}

/** Drops every capability of the calling thread (a worker whose handle is open needs none). */
export function dropAllCaps(): void {
  setCaps({ effective: 0n, permitted: 0n, inheritable: 0n });
}
