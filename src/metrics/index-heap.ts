// A binary min-heap of integer indexes ordered by a number, in typed arrays (no object per entry); on a tie the higher index is the smaller.

export class IndexHeap {
  size = 0;
  private items: Int32Array;
  private keys: Float64Array;

  constructor(capacity: number) {
    this.items = new Int32Array(Math.max(1, capacity));
    this.keys = new Float64Array(Math.max(1, capacity));
  }

  clear(): void {
    this.size = 0;
  }

  /** The smallest entry's index (the heap must not be empty). */
  topIndex(): number {
    return this.items[0]!;
  }

  topKey(): number {
    return this.keys[0]!;
  }

  push(index: number, key: number): void {
    if (this.size === this.items.length) this.grow();
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(key, index, this.keys[parent]!, this.items[parent]!)) break;
      this.items[i] = this.items[parent]!;
      this.keys[i] = this.keys[parent]!;
      i = parent;
    }
    this.items[i] = index;
    this.keys[i] = key;
  }

  /** Removes the smallest entry. */
  pop(): void {
    const n = --this.size;
    if (n <= 0) return;
    this.siftDown(this.items[n]!, this.keys[n]!);
  }

  /** Replaces the smallest entry (cheaper than pop then push). */
  replaceTop(index: number, key: number): void {
    this.siftDown(index, key);
  }

  /**
   * Keeps the `limit` largest of the pushes: push while below the limit, else replace the smallest when
   * the newcomer is larger. Afterwards the heap holds the top `limit` (in heap order).
   */
  offer(index: number, key: number, limit: number): void {
    if (limit <= 0) return;
    if (this.size < limit) this.push(index, key);
    else if (this.less(this.keys[0]!, this.items[0]!, key, index)) this.replaceTop(index, key);
  }

  /** The entries' indexes, largest key first (empties the heap). */
  drainDescending(out: Int32Array): number {
    const n = this.size;
    for (let k = n - 1; k >= 0; k--) {
      out[k] = this.items[0]!;
      this.pop();
    }
    return n;
  }

  private less(ka: number, ia: number, kb: number, ib: number): boolean {
    return ka < kb || (ka === kb && ia > ib);
  }

  private siftDown(index: number, key: number): void {
    const n = this.size;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.less(this.keys[r]!, this.items[r]!, this.keys[l]!, this.items[l]!) ? r : l;
      if (!this.less(this.keys[c]!, this.items[c]!, key, index)) break;
      this.items[i] = this.items[c]!;
      this.keys[i] = this.keys[c]!;
      i = c;
    }
    this.items[i] = index;
    this.keys[i] = key;
  }

  private grow(): void {
    const items = new Int32Array(this.items.length * 2), keys = new Float64Array(this.keys.length * 2);
    items.set(this.items);
    keys.set(this.keys);
    this.items = items;
    this.keys = keys;
  }
}
