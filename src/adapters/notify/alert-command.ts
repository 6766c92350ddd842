// Runs a command per alert event with the event as JSON on stdin: one at a time, bounded queue, time limit.
import { spawn } from 'node:child_process';
import type { AlertEvent } from '../../alerts/alert-engine.js';

const MAX_QUEUED = 100;
const TIME_LIMIT_MS = 10_000;

export interface AlertCommand {
  notify(event: AlertEvent): void;
  /** Resolves when the queue is empty (used before exit). */
  idle(): Promise<void>;
}

/** `sh -c COMMAND` for each event, in order; events beyond MAX_QUEUED waiting are dropped and reported once. */
export function alertCommand(command: string, onError: (message: string) => void): AlertCommand {
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
    const child = spawn('sh', ['-c', command], { stdio: ['pipe', 'ignore', 'inherit'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIME_LIMIT_MS);
    child.stdin.on('error', () => {});
    child.stdin.end(JSON.stringify(event) + '\n');
    child.on('error', (e) => onError(`alert command failed to start: ${e.message}`));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal !== null) onError(`alert command ended by ${signal}`);
      else if (code !== 0) onError(`alert command exited with status ${code}`);
      next();
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
  };
}
