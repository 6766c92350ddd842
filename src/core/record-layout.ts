// The layout of a packet record: 16 words per decoded, classified and hashed packet.

/**
 * One record is 16 uint32 words (64 bytes, one cache line), at a word offset `at` that is a multiple
 * of RECORD_WORDS in a Uint32Array, with a Float64Array over the same buffer for the timestamp:
 *
 * - words 0–1: capture time, seconds since the epoch (f64[at / 2]);
 * - word 2: what the frame was (RecordKind) plus the RECORD_* flags;
 * - word 3: bytes to account; word 4: hashKey() of the key; words 5–14: the flow key (local side first).
 *
 * Length, hash and key are only meaningful for INCOMING and OUTGOING records.
 */
export const RECORD_WORDS = 16;
export const RECORD_KIND = 2;
export const RECORD_LENGTH = 3;
export const RECORD_HASH = 4;
export const RECORD_KEY = 5;

/** Word 2, low 3 bits: the classifier's verdict for an IP packet, or why the frame is not one. */
export const RecordKind = {
  /** Accounted, received in the totals (Verdict.INCOMING). */
  INCOMING: 0,
  /** Accounted, sent in the totals (Verdict.OUTGOING). */
  OUTGOING: 1,
  /** An IP packet the classifier drops (-F/-G, link-local). */
  FILTERED: 2,
  NON_IP: 3,
  MALFORMED: 4,
  UNSUPPORTED_LINK: 5,
  /** Non-IP because the link layer encrypted it (802.11 Protected Frame): counted in nonIp and encrypted. */
  ENCRYPTED: 6,
} as const;
export const RECORD_KIND_MASK = 7;
/** The packet's bytes go to the flow's "sent" side (FlowClassifier.sentSide). */
export const RECORD_SENT_SIDE = 8;
/** The IP length field could not be true; the length was taken from the frame (PacketRecord.lengthFromWire). */
export const RECORD_LENGTH_FROM_WIRE = 16;

