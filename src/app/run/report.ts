// How a run speaks to the user: one line per problem on stderr and status 1, or Nagios UNKNOWN and 3 in a check.
import { inert } from '../../format/inert.js';

export interface Reporter {
  /** `wiretop check`: errors are UNKNOWN on stdout. */
  readonly check: boolean;
  /** One line naming the fix; returns the exit status for it. */
  fail(message: string): number;
  /** A note on stderr ("wiretop: …"), made inert. */
  note(message: string): void;
}

export function reporter(check: boolean, writeStdout: (text: string) => void, writeStderr: (text: string) => void): Reporter {
  return {
    check,
    fail(message) {
      if (check) {
        writeStdout(`WIRETOP UNKNOWN - ${inert(message)}\n`);
        return 3;
      }
      writeStderr(`wiretop: ${inert(message)}\n`);
      return 1;
    },
    note: (message) => writeStderr(`wiretop: ${inert(message)}\n`),
  };
}
