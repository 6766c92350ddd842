// Reverse DNS as the name service sees it.

export interface ReverseLookup {
  /** The first PTR name of a numeric address, or null (no name, error, timeout). Never rejects. */
  reverse(address: string): Promise<string | null>;
}
