// validateBpf rejects unsafe programs (libpcap's bpf_validate rules); runBpf never reads past the captured bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileBpf } from '../../src/adapters/capture/bpf-compile.js';
import { runBpf, validateBpf } from '../../src/bpf/bpf-program.js';
import type { BpfProgram } from '../../src/bpf/bpf-program.js';
import { ethernet, ipv4 } from '../helpers/frames.js';

type Insn = readonly [code: number, jt: number, jf: number, k: number];

function prog(...insns: Insn[]): BpfProgram {
  return { insns: Uint32Array.from(insns.flat()), length: insns.length };
}

const RET_A: Insn = [0x16, 0, 0, 0];
const RET = (k: number): Insn => [0x06, 0, 0, k];
const LD_IMM = (k: number): Insn => [0x00, 0, 0, k];
const LDX_IMM = (k: number): Insn => [0x01, 0, 0, k];

/** Runs p over `bytes` placed at offset 5 of a larger buffer whose other bytes are all 0xee. */
function run(p: BpfProgram, bytes: readonly number[], wirelen = bytes.length): number {
  const data = new Uint8Array(bytes.length + 40).fill(0xee);
  data.set(bytes, 5);
  return runBpf(p, data, 5, bytes.length, wirelen, new Uint32Array(16));
}

test('validateBpf accepts what libpcap compiles', () => {
  for (const f of ['tcp', 'udp port 53', 'vlan and tcp', 'len > 100', 'ip[2:2] / 4 > 50']) {
    const c = compileBpf(f, 1);
    assert.ok('program' in c, f);
    assert.equal(validateBpf(c.program), null, f);
  }
});

test('validateBpf rejects an empty program and one that does not end with a return', () => {
  assert.equal(validateBpf(prog()), 'empty BPF program');
  assert.equal(validateBpf(prog(LD_IMM(1))), 'program does not end with a return');
  assert.equal(validateBpf(prog(RET(1), LD_IMM(1))), 'program does not end with a return');
});

test('validateBpf rejects jumps that leave the program (true branch, false branch, ja)', () => {
  assert.match(validateBpf(prog([0x15, 2, 0, 1], RET(1), RET(0))) ?? '', /jump out of range at 0/);
  assert.match(validateBpf(prog([0x15, 0, 2, 1], RET(1), RET(0))) ?? '', /jump out of range at 0/);
  assert.match(validateBpf(prog(LD_IMM(0), [0x05, 0, 0, 1], RET(0))) ?? '', /jump out of range at 1/);
  assert.equal(validateBpf(prog([0x15, 1, 0, 1], RET(1), RET(0))), null, 'a jump to the last instruction is fine');
  assert.equal(validateBpf(prog([0x05, 0, 0, 1], RET(1), RET(0))), null);
});

test('validateBpf rejects scratch memory indexes of 16 and more in ld, ldx, st and stx', () => {
  for (const code of [0x60, 0x61, 0x02, 0x03]) {
    assert.match(validateBpf(prog([code, 0, 0, 16], RET(0))) ?? '', /bad memory index at 0/, `code 0x${code.toString(16)}`);
    assert.equal(validateBpf(prog([code, 0, 0, 15], RET(0))), null, `code 0x${code.toString(16)}, M[15]`);
  }
});

test('validateBpf rejects division and modulo by a constant zero, not by X', () => {
  assert.match(validateBpf(prog(LD_IMM(1), [0x34, 0, 0, 0], RET_A)) ?? '', /division by zero at 1/);
  assert.match(validateBpf(prog(LD_IMM(1), [0x94, 0, 0, 0], RET_A)) ?? '', /modulo by zero at 1/);
  assert.equal(validateBpf(prog(LD_IMM(1), [0x3c, 0, 0, 0], RET_A)), null);
});

test('division or modulo by X = 0 at run time rejects the packet, as libpcap does', () => {
  assert.equal(run(prog(LDX_IMM(0), LD_IMM(7), [0x3c, 0, 0, 0], RET_A), [1]), 0);
  assert.equal(run(prog(LDX_IMM(0), LD_IMM(7), [0x9c, 0, 0, 0], RET_A), [1]), 0);
  assert.equal(run(prog(LDX_IMM(2), LD_IMM(7), [0x3c, 0, 0, 0], RET_A), [1]), 3);
  assert.equal(run(prog(LDX_IMM(4), LD_IMM(7), [0x9c, 0, 0, 0], RET_A), [1]), 3);
});

test('absolute loads that end past the captured bytes reject; the last byte in range is readable', () => {
  const bytes = [1, 2, 3, 4, 5, 6];
  assert.equal(run(prog([0x30, 0, 0, 5], RET_A), bytes), 6, 'ldb [5]');
  assert.equal(run(prog([0x30, 0, 0, 6], RET_A), bytes), 0, 'ldb [6]');
  assert.equal(run(prog([0x28, 0, 0, 4], RET_A), bytes), 0x0506, 'ldh [4]');
  assert.equal(run(prog([0x28, 0, 0, 5], RET_A), bytes), 0, 'ldh [5]');
  assert.equal(run(prog([0x20, 0, 0, 2], RET_A), bytes), 0x03040506, 'ld [2]');
  assert.equal(run(prog([0x20, 0, 0, 3], RET_A), bytes), 0, 'ld [3]');
  assert.equal(run(prog([0x20, 0, 0, 0xffffffff], RET_A), bytes), 0, 'ld [4294967295]');
  assert.equal(run(prog([0x30, 0, 0, 0], RET_A), []), 0, 'nothing captured');
});

test('indexed loads and ldxb that end past the captured bytes reject', () => {
  const bytes = [0x45, 2, 3, 4, 5, 6];
  assert.equal(run(prog(LDX_IMM(3), [0x50, 0, 0, 2], RET_A), bytes), 6, 'ldb [x+2], x=3');
  assert.equal(run(prog(LDX_IMM(4), [0x50, 0, 0, 2], RET_A), bytes), 0, 'ldb [x+2], x=4');
  assert.equal(run(prog(LDX_IMM(2), [0x48, 0, 0, 3], RET_A), bytes), 0, 'ldh [x+3], x=2');
  assert.equal(run(prog(LDX_IMM(1), [0x40, 0, 0, 2], RET_A), bytes), 0, 'ld [x+2], x=1');
  assert.equal(run(prog([0xb1, 0, 0, 0], [0x87, 0, 0, 0], RET_A), bytes), 20, 'ldxb 4*([0]&0xf)');
  assert.equal(run(prog([0xb1, 0, 0, 6], [0x87, 0, 0, 0], RET_A), bytes), 0, 'ldxb 4*([6]&0xf)');
});

test('an indexed load whose x + k passes 2^32 rejects (libpcap checks X > buflen - k), it does not wrap around', () => {
  const bytes = [0x45, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x07];
  // x = 0xffffffff, k = 14: libpcap rejects; a 32-bit wrap-around would read byte 13 (0x07).
  assert.equal(run(prog(LDX_IMM(0xffffffff), [0x50, 0, 0, 14], RET_A), bytes), 0, 'ldb [x+14]');
  assert.equal(run(prog(LDX_IMM(0xfffffff0), [0x48, 0, 0, 0x10], RET_A), bytes), 0, 'ldh [x+16]');
  assert.equal(run(prog(LDX_IMM(0x80000000), [0x40, 0, 0, 0x80000000], RET_A), bytes), 0, 'ld [x+2^31]');
});

test('ld len and ldx len give the wire length, not the captured length', () => {
  assert.equal(run(prog([0x80, 0, 0, 0], RET_A), [1, 2, 3], 1514), 1514);
  assert.equal(run(prog([0x81, 0, 0, 0], [0x87, 0, 0, 0], RET_A), [1, 2, 3], 60), 60);
});

test('a compiled "tcp port 80" rejects a frame cut before the ports and accepts the whole frame', () => {
  const c = compileBpf('tcp port 80', 1);
  assert.ok('program' in c);
  const frame = ethernet({}, ipv4({ proto: 'tcp', srcPort: 40000, dstPort: 80, dataLength: 20 }));
  const mem = new Uint32Array(16);
  assert.notEqual(runBpf(c.program, frame, 0, frame.length, frame.length, mem), 0);
  for (const cut of [10, 14, 23, 34, 36, 37]) {
    const data = new Uint8Array(frame.length + 20);
    data.set(frame);
    assert.equal(runBpf(c.program, data, 0, cut, frame.length, mem), 0, `captured ${cut} bytes`);
  }
});

test('loads are relative to the frame offset, never to the start of the buffer', () => {
  const data = Uint8Array.from([9, 9, 9, 0xab, 0xcd]);
  assert.equal(runBpf(prog([0x28, 0, 0, 0], RET_A), data, 3, 2, 2, new Uint32Array(16)), 0xabcd);
  assert.equal(runBpf(prog([0x30, 0, 0, 2], RET_A), data, 3, 2, 2, new Uint32Array(16)), 0);
});
