// Applies a BPF filter to frames read from a file, compiling it once per link type the file uses.
import type { FrameSink } from '../capture-file/frame-sink.js';
import type { BpfProgram } from '../bpf/bpf-program.js';
import { runBpf, validateBpf } from '../bpf/bpf-program.js';

export type BpfCompiler = (linktype: number) => { program: BpfProgram } | { error: string };

/** Passes on the frames the filter accepts; a compile error stops the read through `error`. */
export class FilteredSink implements FrameSink {
  /** Set when the filter cannot be compiled for a link type in the file. */
  error: string | null = null;
  private readonly programs = new Map<number, BpfProgram>();
  private readonly mem = new Uint32Array(16);

  constructor(
    private readonly next: FrameSink,
    private readonly compile: BpfCompiler,
  ) {}

  frame(linktype: number, data: Uint8Array, offset: number, caplen: number, wirelen: number, ts: number): void {
    if (this.error !== null) return;
    let program = this.programs.get(linktype);
    if (program === undefined) {
      const r = this.compile(linktype);
      const problem = 'error' in r ? r.error : validateBpf(r.program);
      if (problem !== null || !('program' in r)) {
        this.error = problem ?? 'cannot compile';
        return;
      }
      program = r.program;
      this.programs.set(linktype, program);
    }
    if (runBpf(program, data, offset, caplen, wirelen, this.mem) !== 0) this.next.frame(linktype, data, offset, caplen, wirelen, ts);
  }
}
