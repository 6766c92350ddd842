// Text-mode keyboard (iftop 7.6): one key in, the new state and the message line(s) iftop prints.
import type { PortDisplay, ViewOptions } from '../core/view-options.js';

/** Switches that text-mode keys change; the view options plus the name toggles and pause. */
export interface TextKeyState {
  view: ViewOptions;
  dnsOn: boolean;
  portNamesOn: boolean;
  paused: boolean;
}

export interface KeyOutcome {
  /** Text to print before anything else (each message already ends with its newline(s)). */
  message: string;
  /** Print the current list right after (iftop's tick(1)). */
  printBlock: boolean;
  quit: boolean;
}

const NOTHING: KeyOutcome = { message: '', printBlock: false, quit: false };

/** Port display cycles of the S, D and p keys. */
const CYCLE_S: Record<PortDisplay, PortDisplay> = { off: 'source-only', 'source-only': 'off', 'destination-only': 'on', on: 'destination-only' };
const CYCLE_D: Record<PortDisplay, PortDisplay> = { off: 'destination-only', 'destination-only': 'off', 'source-only': 'on', on: 'source-only' };
const PORT_WORD: Record<PortDisplay, string> = { off: 'none', 'source-only': 'src', 'destination-only': 'dest', on: 'both' };

/** Applies one key to state (mutated) and says what to print. Unknown keys do nothing. */
export function applyTextKey(key: string, state: TextKeyState): KeyOutcome {
  const v = state.view;
  const say = (text: string): KeyOutcome => ({ message: `${text}\n\n`, printBlock: true, quit: false });
  const ports = (next: PortDisplay): KeyOutcome => {
    v.portDisplay = next;
    return say(`Showing ports: ${PORT_WORD[next]}.`);
  };
  switch (key) {
    case 'q':
      return { message: '', printBlock: false, quit: true };
    case 'u':
      return { message: '', printBlock: true, quit: false };
    case 'n':
      state.dnsOn = !state.dnsOn;
      return say(`DNS resolution is ${state.dnsOn ? 'ON' : 'OFF'}.`);
    case 'N':
      state.portNamesOn = !state.portNamesOn;
      return say(`Port resolution is ${state.portNamesOn ? 'ON' : 'OFF'}.`);
    case 's':
      v.hideSource = !v.hideSource;
      return say(v.hideSource ? 'Hide source host' : 'Show source host');
    case 'd':
      v.hideDestination = !v.hideDestination;
      return say(v.hideDestination ? 'Hide destination host' : 'Show destination host');
    case 'S':
      return ports(CYCLE_S[v.portDisplay]);
    case 'D':
      return ports(CYCLE_D[v.portDisplay]);
    case 'p':
      return ports(v.portDisplay === 'off' ? 'on' : 'off');
    case 'P':
      state.paused = !state.paused;
      return state.paused
        ? { message: "Pausing... press 'P' again to continue.\n", printBlock: false, quit: false }
        : say('Continuing.');
    case 'o':
      v.frozen = !v.frozen;
      return say(v.frozen ? 'Order frozen.' : 'Order unfrozen.');
    case '1':
    case '2':
    case '3':
      v.sort = key === '1' ? '2s' : key === '2' ? '10s' : '40s';
      return say(`Sorting by column ${key}.`);
    case '<':
      v.sort = 'source';
      return say('Sorting by column source.');
    case '>':
      v.sort = 'destination';
      return say('Sorting by column destination.');
    default:
      return NOTHING;
  }
}
