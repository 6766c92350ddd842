// A classic BPF interpreter (libpcap's bpf_filter semantics) so -f applies to files without libpcap reading them.

/** Compiled instructions, 4 numbers each: code, jt, jf, k (libpcap's struct bpf_insn). */
export interface BpfProgram {
  readonly insns: Uint32Array;
  readonly length: number;
}

const BPF_MEMWORDS = 16;
/** Far more than any libpcap program needs for one packet (protochain walks at most a few headers). */
const MAX_STEPS = 100_000;

/**
 * Checks what libpcap's bpf_validate checks: every jump lands inside the program, scratch memory
 * indexes are in range, division by a constant zero is absent, and the program ends with a return.
 * Returns an error message, or null when the program is safe to run.
 */
export function validateBpf(p: BpfProgram): string | null {
  const n = p.length;
  if (n === 0) return 'empty BPF program';
  for (let pc = 0; pc < n; pc++) {
    const code = p.insns[pc * 4]!, jt = p.insns[pc * 4 + 1]!, jf = p.insns[pc * 4 + 2]!, k = p.insns[pc * 4 + 3]!;
    const cls = code & 0x07;
    if ((cls === 0x00 || cls === 0x01) && (code & 0xe0) === 0x60 && k >= BPF_MEMWORDS) return `bad memory index at ${pc}`;
    if ((cls === 0x02 || cls === 0x03) && k >= BPF_MEMWORDS) return `bad memory index at ${pc}`;
    if (cls === 0x04 && (code & 0x08) === 0 && (code & 0xf0) === 0x30 && k === 0) return `division by zero at ${pc}`;
    if (cls === 0x04 && (code & 0x08) === 0 && (code & 0xf0) === 0x90 && k === 0) return `modulo by zero at ${pc}`;
    if (cls === 0x05) {
      if ((code & 0xf0) === 0x00) {
        // libpcap emits backward unconditional jumps for `protochain` loops: k is then negative.
        const target = pc + 1 + (k | 0);
        if (target < 0 || target >= n) return `jump out of range at ${pc}`;
      } else if (pc + 1 + jt >= n || pc + 1 + jf >= n) {
        return `jump out of range at ${pc}`;
      }
    }
  }
  return (p.insns[(n - 1) * 4]! & 0x07) === 0x06 ? null : 'program does not end with a return';
}

/**
 * Runs a validated program over data[offset, offset+caplen); returns the snapshot length the filter
 * asks for (0 = reject). Loads beyond the captured bytes reject, as in libpcap. Conditional jumps only go
 * forward; an unconditional one may go back (libpcap's `protochain` loop), so a run is also cut off after
 * MAX_STEPS instructions (rejecting the packet) — a hostile packet cannot make the loop run forever.
 */
export function runBpf(p: BpfProgram, data: Uint8Array, offset: number, caplen: number, wirelen: number, mem: Uint32Array): number {
  const ins = p.insns;
  let a = 0, x = 0, pc = 0;
  for (let steps = 0; steps < MAX_STEPS; steps++) {
    const o = pc * 4;
    const code = ins[o]!, k = ins[o + 3]!;
    pc++;
    switch (code) {
      case 0x06: return k >>> 0; // ret #k
      case 0x16: return a >>> 0; // ret a
      case 0x20: case 0x28: case 0x30: case 0x40: case 0x48: case 0x50: { // ld[hb] [k] / [x+k]
        // x + k beyond 2^32 rejects (libpcap checks for the overflow; wrapping would read the wrong bytes).
        const at = (code & 0x40) !== 0 ? x + k : k;
        const size = (code & 0x18) === 0 ? 4 : (code & 0x18) === 0x08 ? 2 : 1;
        if (at + size > caplen) return 0;
        a = load(data, offset + at, size);
        break;
      }
      case 0x00: a = k; break; // ld #k
      case 0x01: x = k; break; // ldx #k
      case 0x80: a = wirelen; break; // ld len
      case 0x81: x = wirelen; break; // ldx len
      case 0x60: a = mem[k]!; break; // ld M[k]
      case 0x61: x = mem[k]!; break; // ldx M[k]
      case 0xb1: { // ldxb 4*([k]&0xf)
        if (k >= caplen) return 0;
        x = (data[offset + k]! & 0x0f) << 2;
        break;
      }
      case 0x02: mem[k] = a; break; // st
      case 0x03: mem[k] = x; break; // stx
      case 0x07: x = a; break; // tax
      case 0x87: a = x; break; // txa
      case 0x05: pc += k | 0; break; // ja (signed: see validateBpf)
      default: {
        const cls = code & 0x07;
        if (cls === 0x05) {
          const v = (code & 0x08) !== 0 ? x : k;
          const op = code & 0xf0;
          if (op > 0x40) return 0;
          const taken = op === 0x10 ? a === v : op === 0x20 ? a >>> 0 > v >>> 0 : op === 0x30 ? a >>> 0 >= v >>> 0 : (a & v) !== 0;
          pc += taken ? ins[o + 1]! : ins[o + 2]!;
        } else if (cls === 0x04) {
          const v = (code & 0x08) !== 0 ? x : k;
          const r = alu(code & 0xf0, a, v);
          if (r === null) return 0;
          a = r;
        } else {
          return 0; // an instruction libpcap's compiler never emits for files
        }
      }
    }
  }
  return 0;
}

function load(d: Uint8Array, at: number, size: number): number {
  if (size === 1) return d[at]!;
  if (size === 2) return (d[at]! << 8) | d[at + 1]!;
  return ((d[at]! << 24) | (d[at + 1]! << 16) | (d[at + 2]! << 8) | d[at + 3]!) >>> 0;
}

/** 32-bit unsigned ALU; null for division or modulo by zero (libpcap returns 0 from the filter). */
function alu(op: number, a: number, v: number): number | null {
  switch (op) {
    case 0x00: return (a + v) >>> 0;
    case 0x10: return (a - v) >>> 0;
    case 0x20: return Math.imul(a, v) >>> 0;
    case 0x30: return v === 0 ? null : Math.floor((a >>> 0) / (v >>> 0)) >>> 0;
    case 0x40: return (a | v) >>> 0;
    case 0x50: return (a & v) >>> 0;
    case 0x60: return v >= 32 ? 0 : (a << v) >>> 0;
    case 0x70: return v >= 32 ? 0 : a >>> v;
    case 0x80: return -a >>> 0;
    case 0x90: return v === 0 ? null : (a >>> 0) % (v >>> 0);
    case 0xa0: return (a ^ v) >>> 0;
    default: return null;
  }
}
