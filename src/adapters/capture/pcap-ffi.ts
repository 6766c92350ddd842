// The only importer of koffi: libpcap and the few libc calls the capture worker needs, typed.
import { createRequire } from 'node:module';
import type * as Koffi from 'koffi';

let koffiModule: typeof Koffi | null = null;
/**
 * koffi, loaded on first use (a synchronous require, as callers here are synchronous): reading a
 * capture file without -f needs neither it nor libpcap, and loading it was 7 ms of every start.
 */
function koffi(): typeof Koffi {
  return (koffiModule ??= createRequire(import.meta.url)('koffi') as typeof Koffi);
}

/** A native pointer as koffi represents it. Never leaves src/adapters/capture/. */
export type Ptr = bigint;

export const PCAP_ERRBUF_SIZE = 256;
/** pcap_dispatch's return when pcap_breakloop() stopped it. */
export const PCAP_ERROR_BREAK = -2;

export interface Libpcap {
  version(): string;
  create(device: string, errbuf: Uint8Array): Ptr | null;
  setSnaplen(p: Ptr, n: number): number;
  setPromisc(p: Ptr, on: number): number;
  setTimeout(p: Ptr, ms: number): number;
  setBufferSize(p: Ptr, bytes: number): number;
  activate(p: Ptr): number;
  /** DLT_ of an activated handle. */
  datalink(p: Ptr): number;
  geterr(p: Ptr): string;
  statusToStr(code: number): string;
  compile(p: Ptr, program: Uint8Array, filter: string, optimize: number, netmask: number): number;
  setfilter(p: Ptr, program: Uint8Array): number;
  freecode(program: Uint8Array): void;
  openDead(linktype: number, snaplen: number): Ptr | null;
  dumpFopen(p: Ptr, file: Ptr): Ptr | null;
  dumpFlush(d: Ptr): number;
  dumpClose(d: Ptr): void;
  dispatch(p: Ptr, count: number, callback: Ptr, user: Ptr): number;
  breakloop(p: Ptr): void;
  stats(p: Ptr, out: Uint8Array): number;
  close(p: Ptr): void;
  /** Address of pcap_dump(), passed to pcap_dispatch as the callback so no JS runs per packet. */
  dumpCallback: Ptr;
  malloc(n: number): Ptr | null;
  free(p: Ptr): void;
  fmemopen(buf: Ptr, size: number, mode: string): Ptr | null;
  ftell(f: Ptr): number;
  fseek(f: Ptr, off: number, whence: number): number;
  /** An ArrayBuffer over native memory (no copy). */
  view(p: Ptr, length: number): ArrayBuffer;
  /** Copies `length` bytes of native memory out. */
  read(p: Ptr, length: number): Uint8Array;
}

export class LibpcapMissingError extends Error {}

let cached: Libpcap | null = null;

/** Loads libpcap.so.0.8 (Debian's libpcap0.8); throws LibpcapMissingError when it is absent. */
export function loadLibpcap(): Libpcap {
  if (cached !== null) return cached;
  const k = koffi();
  let pcap: ReturnType<typeof Koffi.load>;
  let libc: ReturnType<typeof Koffi.load>;
  try {
    pcap = k.load('libpcap.so.0.8');
    libc = k.load('libc.so.6');
  } catch (e) {
    throw new LibpcapMissingError(e instanceof Error ? e.message : String(e));
  }
  const dlopen = libc.func('void* dlopen(const char*, int)');
  const dlsym = libc.func('void* dlsym(void*, const char*)');
  const handle = dlopen('libpcap.so.0.8', 2 /* RTLD_NOW */) as Ptr | null;
  const dump = handle === null ? null : (dlsym(handle, 'pcap_dump') as Ptr | null);
  if (dump === null) throw new LibpcapMissingError('libpcap.so.0.8 has no pcap_dump');
  const f = (sig: string) => pcap.func(sig);
  const c = (sig: string) => libc.func(sig);
  cached = {
    version: f('const char* pcap_lib_version()'),
    create: f('void* pcap_create(const char*, _Out_ uint8_t*)'),
    setSnaplen: f('int pcap_set_snaplen(void*, int)'),
    setPromisc: f('int pcap_set_promisc(void*, int)'),
    setTimeout: f('int pcap_set_timeout(void*, int)'),
    setBufferSize: f('int pcap_set_buffer_size(void*, int)'),
    activate: f('int pcap_activate(void*)'),
    datalink: f('int pcap_datalink(void*)'),
    geterr: f('const char* pcap_geterr(void*)'),
    statusToStr: f('const char* pcap_statustostr(int)'),
    compile: f('int pcap_compile(void*, _Inout_ uint8_t*, const char*, int, uint32_t)'),
    setfilter: f('int pcap_setfilter(void*, uint8_t*)'),
    freecode: f('void pcap_freecode(_Inout_ uint8_t*)'),
    openDead: f('void* pcap_open_dead(int, int)'),
    dumpFopen: f('void* pcap_dump_fopen(void*, void*)'),
    dumpFlush: f('int pcap_dump_flush(void*)'),
    dumpClose: f('void pcap_dump_close(void*)'),
    dispatch: f('int pcap_dispatch(void*, int, void*, void*)'),
    breakloop: f('void pcap_breakloop(void*)'),
    stats: f('int pcap_stats(void*, _Out_ uint8_t*)'),
    close: f('void pcap_close(void*)'),
    dumpCallback: dump,
    malloc: c('void* malloc(size_t)'),
    free: c('void free(void*)'),
    fmemopen: c('void* fmemopen(void*, size_t, const char*)'),
    ftell: c('long ftell(void*)'),
    fseek: c('int fseek(void*, long, int)'),
    view: (p, length) => k.view(p, length),
    read: (p, length) => new Uint8Array(k.view(p, length).slice(0)),
  };
  return cached;
}
