// The real full-screen terminal and everything that must restore it: signals, control keys, Ctrl+Z, the exit hook.
import { SIGNAL_NUMBERS } from '../../ports/process-port.js';
import type { ScreenHost } from '../../ports/terminal.js';
import { TtyTerminal } from './tty-terminal.js';

/**
 * Ctrl+C quits with 0 (as iftop), SIGTERM, SIGHUP and SIGQUIT with 128+n, Ctrl+Z suspends with the
 * terminal restored and redraws on `fg`, and the process 'exit' hook restores the terminal whatever
 * else happens (an uncaught error, EIO on the terminal).
 */
export function startScreen(): ScreenHost {
  const terminal = new TtyTerminal(process.stdin, process.stdout);
  let end: () => void = () => {};
  let status = 0;
  const quit = (code: number) => {
    status = code;
    end();
  };
  process.on('exit', () => terminal.restore());
  process.stdout.on('error', () => quit(1));
  for (const s of ['SIGTERM', 'SIGHUP', 'SIGQUIT'] as const) process.on(s, () => quit(128 + SIGNAL_NUMBERS[s]));
  process.on('SIGINT', () => quit(0));
  const suspend = () => {
    terminal.restore();
    process.once('SIGCONT', () => {
      terminal.enter();
      terminal.emitKey('\x0c'); // a full repaint once back in the foreground
    });
    process.kill(process.pid, 'SIGSTOP');
  };
  process.on('SIGTSTP', suspend);
  terminal.interceptControlKeys((k) => {
    if (k === '\x03') quit(0);
    else if (k === '\x1c') quit(128 + SIGNAL_NUMBERS.SIGQUIT);
    else suspend();
  });
  return { terminal, status: () => status, attach: (e) => (end = e) };
}
