// Text output on stdout: flushed per block, dropped (and counted) when a pipe reader stalls, quiet on EPIPE.
import type { TextOutput } from '../../ports/text-output.js';

/** Beyond this much unwritten text, live blocks are dropped instead of growing memory without bound. */
const MAX_BACKLOG = 1 << 20;

export class StdoutOutput implements TextOutput {
  private closedListener: (error: NodeJS.ErrnoException) => void = () => {};
  /** Writes whose callback has not come yet (an error calls it too). */
  private unwritten = 0;
  private waiters: (() => void)[] = [];
  private readonly written = (): void => {
    if (--this.unwritten > 0) return;
    for (const w of this.waiters.splice(0)) w();
  };

  /** @param lossless replay mode: never drop, the caller waits for drained() instead */
  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly lossless: boolean,
  ) {
    stream.on('error', (e: NodeJS.ErrnoException) => this.closedListener(e));
  }

  /** Called once stdout fails: EPIPE (reader gone) or e.g. ENOSPC on /dev/full. */
  onClosed(listener: (error: NodeJS.ErrnoException) => void): void {
    this.closedListener = listener;
  }

  write(text: string): boolean {
    if (this.stream.destroyed) return false;
    if (!this.lossless && this.stream.writableLength > MAX_BACKLOG) return false;
    this.unwritten++;
    this.stream.write(text, this.written);
    return true;
  }

  /**
   * Resolves once everything written so far has reached the OS. Counted by the writes' own callbacks:
   * 'drain' alone would never come for a backlog below the stream's high-water mark (the write that made
   * it returned true), and a file's run would then wait forever at its end.
   */
  drained(): Promise<void> {
    if (this.stream.destroyed || this.unwritten === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.stream.off('error', done);
        this.stream.off('close', done);
        resolve();
      };
      this.waiters.push(done);
      this.stream.once('error', done);
      this.stream.once('close', done);
    });
  }
}
