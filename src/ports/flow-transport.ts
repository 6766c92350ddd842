// Where flow export datagrams go: a connected UDP socket in production, an array in tests.

export interface FlowTransport {
  /** Hands one datagram over (the array is not reused by the caller). Never throws, never blocks. */
  send(datagram: Uint8Array): void;
  /**
   * Registers the listener for delivery problems: a one-line reason each time a datagram is lost
   * (refused by the collector's host, dropped on backpressure, a socket error), and null once
   * datagrams go through again after a problem (the transport decides when).
   */
  onStatus(listener: (problem: string | null) => void): void;
  /** Sends what is still queued (bounded in time by the transport), then lets go; safe to call twice. */
  close(): Promise<void>;
}
