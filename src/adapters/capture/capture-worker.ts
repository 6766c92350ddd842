// Worker thread that owns the live pcap handle: libpcap's own pcap_dump writes each batch to memory, we copy it to the ring.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { Libpcap, Ptr } from './pcap-ffi.js';
import { loadLibpcap, PCAP_ERROR_BREAK, PCAP_ERRBUF_SIZE } from './pcap-ffi.js';
import type { RingBuffers } from './shared-ring.js';
import { Ctl, HandleState, RingWriter } from './shared-ring.js';
import type { CaptureCommand, CaptureOpenRequest, WorkerMessage } from './worker-protocol.js';
import { STATS_FIELDS } from './worker-protocol.js';
import { Cap, dropAllCaps, raiseEffective } from '../host/capabilities.js';
import { ipFilterIsExact } from '../../app/labelling.js';

/** Batch buffer for pcap_dump output; records per pcap_dispatch call are limited to fit. */
const BATCH_BYTES = 4 << 20;
const STATS_INTERVAL_MS = 250;

const request = workerData as CaptureOpenRequest & { ring: RingBuffers; stats: SharedArrayBuffer };
const port = parentPort!;
const ctl = new Int32Array(request.ring.control);
const stats = new Float64Array(request.stats);
const post = (m: WorkerMessage) => port.postMessage(m);

run();

function run(): void {
  let lib: Libpcap;
  try {
    lib = loadLibpcap();
  } catch (e) {
    post({ type: 'open-failed', code: 'LIBPCAP_MISSING', message: e instanceof Error ? e.message : String(e) });
    return;
  }
  const errbuf = new Uint8Array(PCAP_ERRBUF_SIZE);
  const h = lib.create(request.device, errbuf);
  if (h === null) {
    post({ type: 'open-failed', code: 'PCAP_OPEN', message: cString(errbuf) });
    return;
  }
  const failure = activate(lib, h);
  if (failure !== null) {
    lib.close(h);
    post(failure);
    return;
  }
  const buf = lib.malloc(BATCH_BYTES);
  const file = buf === null ? null : lib.fmemopen(buf, BATCH_BYTES, 'w');
  const dumper = file === null ? null : lib.dumpFopen(h, file);
  if (buf === null || file === null || dumper === null) {
    lib.close(h);
    post({ type: 'open-failed', code: 'PCAP_OPEN', message: 'cannot set up the capture batch buffer' });
    return;
  }
  // The dumper has written its 24-byte file header: its link type is the LINKTYPE_ the decoders use.
  lib.dumpFlush(dumper);
  const header = lib.read(buf, 24);
  const linktype = new DataView(header.buffer).getUint32(20, true) & 0xffff;
  lib.fseek(file, 0, 0);
  Atomics.store(ctl, Ctl.HANDLE, HandleState.OPEN);
  post({ type: 'opened', linktype, handle: h });
  const error = captureLoop(lib, h, buf, file, dumper);
  closeHandle(lib, h, dumper);
  lib.free(buf);
  post(error === null ? { type: 'stopped' } : { type: 'failed', message: error });
}

/**
 * Applies options, activates and installs the filter; returns the failure to report, if any. After
 * root was dropped the process keeps CAP_NET_RAW permitted only: this thread raises it for the
 * activation and then gives up every capability (it needs none to read its open handle).
 */
function activate(lib: Libpcap, h: Ptr): WorkerMessage | null {
  lib.setSnaplen(h, request.snaplen);
  lib.setPromisc(h, request.promiscuous ? 1 : 0);
  lib.setTimeout(h, request.timeoutMs);
  lib.setBufferSize(h, request.bufferBytes);
  const raised = safely(() => raiseEffective([Cap.NET_RAW]));
  const rc = lib.activate(h);
  // Only a thread that raised a capability drops them: a thread still running as root must keep
  // CAP_SETUID, or glibc aborts when the main thread later changes every thread's uid.
  if (raised) safely(() => (dropAllCaps(), true));
  if (rc < 0) {
    const code = rc === -5 ? 'NO_DEVICE' : rc === -8 || rc === -11 ? 'PERMISSION' : rc === -9 ? 'IFACE_DOWN' : 'PCAP_OPEN';
    const text = rc === -1 || rc === -5 || rc === -8 || rc === -11 ? lib.geterr(h) : lib.statusToStr(rc);
    return { type: 'open-failed', code, message: text };
  }
  // On 802.11, SLIP, PPP and the like libpcap's `ip or ip6` loses IP packets: the user's filter alone there.
  const problem = installFilter(lib, h, ipFilterIsExact(lib.datalink(h)) ? request.filter : request.filterOtherLinks);
  return problem === null ? null : { type: 'open-failed', code: 'BAD_FILTER', message: problem };
}

function safely(f: () => boolean): boolean {
  try {
    return f();
  } catch {
    return false;
  }
}

function installFilter(lib: Libpcap, h: Ptr, filter: string): string | null {
  const program = new Uint8Array(16); // struct bpf_program
  if (lib.compile(h, program, filter, 1, 0) !== 0) return lib.geterr(h);
  const rc = lib.setfilter(h, program);
  lib.freecode(program);
  return rc === 0 ? null : lib.geterr(h);
}

/** Dispatches batches until asked to stop; returns libpcap's error text if the capture failed. */
function captureLoop(lib: Libpcap, h: Ptr, buf: Ptr, file: Ptr, dumper: Ptr): string | null {
  const writer = new RingWriter(request.ring);
  const batch = new Uint8Array(lib.view(buf, BATCH_BYTES));
  const perCall = Math.max(1, Math.floor(BATCH_BYTES / (16 + request.snaplen)) - 1);
  const statsOut = new Uint8Array(16);
  const statsView = new DataView(statsOut.buffer);
  const stopped = () => Atomics.load(ctl, Ctl.STOP) !== 0;
  let lastStats = 0;
  while (!stopped()) {
    const n = lib.dispatch(h, perCall, lib.dumpCallback, dumper);
    if (n === PCAP_ERROR_BREAK) {
      handleCommands(lib, h);
      continue;
    }
    if (n < 0) return lib.geterr(h);
    if (n > 0) {
      lib.dumpFlush(dumper);
      const len = Math.min(lib.ftell(file), BATCH_BYTES);
      const ok = writer.write(batch, 0, len, stopped);
      lib.fseek(file, 0, 0);
      writer.publish();
      if (!ok) break;
    }
    // Also when a burst ends (a short batch): the link may now go idle, and on an idle link dispatch
    // does not return, so this is the last chance to bring the kernel's counts up to date.
    const now = Date.now();
    if ((n < perCall || now - lastStats >= STATS_INTERVAL_MS) && lib.stats(h, statsOut) === 0) {
      lastStats = now;
      stats[STATS_FIELDS.received] = statsView.getUint32(0, true);
      stats[STATS_FIELDS.dropped] = statsView.getUint32(4, true);
      stats[STATS_FIELDS.ifDropped] = statsView.getUint32(8, true);
    }
  }
  return null;
}

/** Commands arrive with a pcap_breakloop() wake-up; they are read synchronously between dispatches. */
function handleCommands(lib: Libpcap, h: Ptr): void {
  for (;;) {
    const m = receiveMessageOnPort(request.commands);
    if (m === undefined) return;
    const cmd = m.message as CaptureCommand;
    if (cmd.type === 'set-filter') {
      const problem = installFilter(lib, h, cmd.filter);
      post({ type: 'filter-result', id: cmd.id, error: problem });
    }
  }
}

/** Waits out a main-thread pcap_breakloop() in progress, then marks the handle closed before closing it. */
function closeHandle(lib: Libpcap, h: Ptr, dumper: Ptr): void {
  while (Atomics.compareExchange(ctl, Ctl.HANDLE, HandleState.OPEN, HandleState.CLOSED) !== HandleState.OPEN) {
    Atomics.wait(ctl, Ctl.HANDLE, HandleState.WAKING, 10);
  }
  lib.dumpClose(dumper);
  lib.close(h);
}

function cString(b: Uint8Array): string {
  const end = b.indexOf(0);
  return new TextDecoder().decode(b.subarray(0, end < 0 ? b.length : end));
}
