// A child process that speaks JSON lines: wait for its next line (with a timeout), write requests, kill it for sure.
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export class JsonChild<T = unknown> {
  private readonly lines: string[] = [];
  private waiter: (() => void) | null = null;
  private stderr = '';
  exited = false;

  constructor(readonly child: ChildProcess, readonly label: string) {
    createInterface({ input: child.stdout! }).on('line', (l) => {
      this.lines.push(l);
      this.waiter?.();
    });
    child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    child.on('exit', () => {
      this.exited = true;
      this.waiter?.();
    });
  }

  /** The next JSON line; rejects after timeoutMs or if the child exits first (with its stderr). */
  async next(timeoutMs = 10_000): Promise<T> {
    return JSON.parse(await this.line(timeoutMs)) as T;
  }

  /** The next line as text. */
  async line(timeoutMs = 10_000): Promise<string> {
    const deadline = performance.now() + timeoutMs;
    while (this.lines.length === 0) {
      if (this.exited) throw new Error(`${this.label} exited: ${this.stderr}`);
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`${this.label}: no output within ${timeoutMs} ms; stderr: ${this.stderr}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiter = () => {
          clearTimeout(t);
          r();
        };
      });
      this.waiter = null;
    }
    return this.lines.shift()!;
  }

  send(line: unknown): void {
    this.child.stdin!.write(`${typeof line === 'string' ? line : JSON.stringify(line)}\n`);
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}
