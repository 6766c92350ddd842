// Timers as an input: run a function after a delay, cancellable (real timers in production, a fake clock in tests).

/** Runs fn after ms milliseconds; returns a cancel function. */
export type Schedule = (fn: () => void, ms: number) => () => void;
