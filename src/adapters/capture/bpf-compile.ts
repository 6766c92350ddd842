// Compiles filter text with libpcap for a file's link type (pcap_open_dead) and copies the instructions out.
import type { BpfProgram } from '../../bpf/bpf-program.js';
import { LinkType } from '../../decode/link-types.js';
import { loadLibpcap } from './pcap-ffi.js';

/** pcap_open_dead takes DLT_ numbers; they equal the LINKTYPE_ ones except for raw IP. */
function dltFor(linktype: number): number {
  return linktype === LinkType.RAW || linktype === LinkType.RAW_DLT14 ? LinkType.RAW_DLT12 : linktype;
}

/** libpcap's compiled program for `filter` on `linktype`, or libpcap's error text. */
export function compileBpf(filter: string, linktype: number): { program: BpfProgram } | { error: string } {
  const lib = loadLibpcap();
  const h = lib.openDead(dltFor(linktype), 262144);
  if (h === null) return { error: 'libpcap cannot open a dead handle' };
  try {
    const program = new Uint8Array(16); // struct bpf_program { u_int bf_len; struct bpf_insn *bf_insns; }
    if (lib.compile(h, program, filter, 1, 0xffffffff) !== 0) return { error: lib.geterr(h) };
    const view = new DataView(program.buffer);
    const count = view.getUint32(0, true);
    const raw = lib.read(view.getBigUint64(8, true), count * 8);
    lib.freecode(program);
    const insns = new Uint32Array(count * 4);
    const r = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < count; i++) {
      insns[i * 4] = r.getUint16(i * 8, true);
      insns[i * 4 + 1] = r.getUint8(i * 8 + 2);
      insns[i * 4 + 2] = r.getUint8(i * 8 + 3);
      insns[i * 4 + 3] = r.getUint32(i * 8 + 4, true);
    }
    return { program: { insns, length: count } };
  } finally {
    lib.close(h);
  }
}
