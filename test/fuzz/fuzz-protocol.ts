// What the fuzz runner and its worker share: the job and the layout of the heartbeat buffer.

export type FuzzTarget = 'decode' | 'ingest' | 'mutate' | 'hang-self-test';

export interface FuzzJob {
  readonly target: FuzzTarget;
  readonly seed: number;
  /** fast-check runs, or frames for 'mutate'. */
  readonly runs: number;
  /** Int32 [beat, linktype, caplen, wirelen, length] then the frame bytes. */
  readonly shared: SharedArrayBuffer;
}

export const HEADER_WORDS = 5;
