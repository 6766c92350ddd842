// The one-method interface every packet source (file reader, live ring) delivers frames through.

/**
 * Receives captured frames. Arguments are plain numbers and a view into the source's buffer so
 * the per-packet path allocates nothing; `data` is only valid during the call.
 */
export interface FrameSink {
  /**
   * @param linktype LINKTYPE_* of the interface the frame was captured on
   * @param data buffer holding the frame at [offset, offset + caplen)
   * @param caplen bytes captured (never more than data.length - offset)
   * @param wirelen length of the frame on the wire (may exceed caplen)
   * @param ts capture time in seconds since the epoch (fractional)
   */
  frame(linktype: number, data: Uint8Array, offset: number, caplen: number, wirelen: number, ts: number): void;
}
