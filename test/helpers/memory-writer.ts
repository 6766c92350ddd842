// A LineWriter that keeps what it is given in memory (optionally refusing some writes), for the CSV and JSON sink tests.
import type { LineWriter } from '../../src/ports/line-writer.js';

export class MemoryWriter implements LineWriter {
  readonly chunks: string[] = [];
  closed = false;
  drains = 0;

  /** @param refuse says whether the n-th write (0-based) is dropped, as a stalled pipe reader would make it */
  constructor(private readonly refuse: (n: number) => boolean = () => false) {}

  private writes = 0;

  write(text: string): boolean {
    if (this.closed) throw new Error('write after close');
    if (this.refuse(this.writes++)) return false;
    this.chunks.push(text);
    return true;
  }

  drained(): Promise<void> {
    this.drains++;
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  get text(): string {
    return this.chunks.join('');
  }
}
