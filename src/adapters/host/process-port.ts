// The real process: signals, stdin keys, Ctrl+Z, and dropping privileges.
import type { HandledSignal, ProcessPort } from '../../ports/process-port.js';
import { SIGNAL_NUMBERS } from '../../ports/process-port.js';
import { readKeys } from '../io/stdin-keys.js';
import { ATTRIBUTION_CAPS, dropPrivileges, KEPT_CAPS } from './privileges.js';

export const processPort: ProcessPort = {
  onSignal(handler) {
    const listeners = (Object.keys(SIGNAL_NUMBERS) as HandledSignal[]).map((s) => {
      const l = () => handler(s);
      process.on(s, l);
      return [s, l] as const;
    });
    return () => {
      for (const [s, l] of listeners) process.off(s, l);
    };
  },
  readKeys: (onKey, onSignalKey) => readKeys(process.stdin, onKey, onSignalKey),
  suspend(resumed) {
    process.once('SIGCONT', resumed);
    process.kill(process.pid, 'SIGSTOP');
  },
  dropPrivileges: (user, needs) => dropPrivileges(user, needs.recapture ? KEPT_CAPS : [], needs.attribution ? ATTRIBUTION_CAPS : []),
};
