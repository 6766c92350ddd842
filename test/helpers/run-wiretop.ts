// Starting the built wiretop CLI (and other tools) from tests, collecting output with a deadline.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** bin/wiretop.js of this checkout (tests run from dist/test/…). */
export const WIRETOP = fileURLToPath(new URL('../../../bin/wiretop.js', import.meta.url));
/**
 * Reverse lookups of a test run go to a closed port on loopback (answered at once with "refused"),
 * never to the machine's resolver: tests send no traffic beyond loopback and their own namespaces.
 */
export const NO_DNS = ['--dns-server', '127.0.0.1:9'] as const;

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall-clock run time in ms. */
  ms: number;
}

/** Waits for a started process to end (killing it after timeoutMs, which fails the caller's assertions). */
export function finish(child: ChildProcess, timeoutMs = 30_000): Promise<Finished> {
  const started = Date.now();
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Runs a command to completion. */
export function run(cmd: string, args: readonly string[], opts: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<Finished> {
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env ?? process.env });
  // A command that exits without reading its input makes this write fail with EPIPE; that is not an error here.
  child.stdin?.on('error', () => {});
  child.stdin?.end(opts.input ?? '');
  return finish(child, opts.timeoutMs);
}

/** Resolves once `text` has appeared on the child's stdout (or stderr), or rejects after timeoutMs. */
export function waitForOutput(child: ChildProcess, text: string, timeoutMs = 10_000, stream: 'stdout' | 'stderr' = 'stdout'): Promise<void> {
  const from = stream === 'stdout' ? child.stdout : child.stderr;
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for "${text}" on ${stream}; got: ${seen}`)), timeoutMs);
    const onData = (d: Buffer | string) => {
      seen += d.toString();
      if (seen.includes(text)) {
        clearTimeout(timer);
        from?.off('data', onData);
        resolve();
      }
    };
    from?.on('data', onData);
  });
}

/** Polls `probe` until it gives a value (null or a throw: not yet), failing after `seconds`. */
export async function until<T>(what: string, seconds: number, probe: () => Promise<T | null>, everyMs = 250): Promise<T> {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const v = await probe().catch(() => null);
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
