// Runs a command per alert event with the event as JSON on stdin: one at a time, bounded queue, time limit for its whole process group.
import { spawn } from 'node:child_process';
import type { AlertEvent } from '../../alerts/alert-engine.js';

const MAX_QUEUED = 100;
const TIME_LIMIT_MS = 10_000;

export interface AlertCommand {
  notify(event: AlertEvent): void;
  /** Resolves when the queue is empty (used before exit). */
  idle(): Promise<void>;
  /** Events queued or being handled. */
  pending(): number;
}

/** `sh -c COMMAND` for each event, in order; events beyond MAX_QUEUED waiting are dropped and reported once. */
export function alertCommand(command: string, onError: (message: string) => void, timeLimitMs = TIME_LIMIT_MS): AlertCommand {
  const queue: AlertEvent[] = [];
  let running = false;
  let dropped = 0;
  let idleWaiters: (() => void)[] = [];
  const next = () => {
    const event = queue.shift();
    if (event === undefined) {
      running = false;
      for (const w of idleWaiters) w();
      idleWaiters = [];
      return;
    }
    running = true;
    // Its own process group, so the time limit ends what the shell started too; stderr is caught so a
    // chatty command cannot write over the full-screen view.
    const child = spawn('sh', ['-c', command], { stdio: ['pipe', 'ignore', 'pipe'], detached: true });
    let said = '';
    let ended = false;
    const end = (problem: string | null) => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      if (problem !== null) onError(problem);
      next();
    };
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeLimitMs);
    child.stderr.on('data', (d: Buffer) => {
      if (said.length < 500) said += d.toString('utf8', 0, 500);
    });
    child.stdin.on('error', () => {});
    child.stdin.end(JSON.stringify(event) + '\n');
    child.on('error', (e) => end(`alert command failed to start: ${e.message}`));
    child.on('close', (code, signal) => {
      const first = said.trim().split('\n')[0]?.slice(0, 200) ?? '';
      const why = first === '' ? '' : `: ${first}`;
      end(signal !== null ? `alert command ended by ${signal}${why}` : code !== 0 ? `alert command exited with status ${code}${why}` : null);
    });
  };
  return {
    notify(event) {
      if (queue.length >= MAX_QUEUED) {
        if (dropped++ === 0) onError(`alert command is not keeping up; dropping events`);
        return;
      }
      queue.push(event);
      if (!running) next();
    },
    idle: () => (running ? new Promise((r) => idleWaiters.push(r)) : Promise.resolve()),
    pending: () => queue.length + (running ? 1 : 0),
  };
}
