// Dense numbers for pairs of small integers (host numbers, ports): counting distinct pairs without a string or Set per flow.

/**
 * Open addressing over (x, y) pairs of non-negative int32s, numbering them 0, 1, 2, … in order of first
 * sight; it grows by doubling, so a detector need not know the flow count. `added` says whether the
 * last idOf() call added its pair, which is how "distinct" counts are kept.
 */
export class PairIndex {
  count = 0;
  /** Whether the last idOf() added a new pair. */
  added = false;
  private xs = new Int32Array(64);
  private ys = new Int32Array(64);
  private index = new Int32Array(128);
  private mask = 127;

  idOf(x: number, y: number): number {
    let i = slotOf(x, y) & this.mask;
    for (;;) {
      const entry = this.index[i]!;
      if (entry === 0) break;
      if (this.xs[entry - 1] === x && this.ys[entry - 1] === y) {
        this.added = false;
        return entry - 1;
      }
      i = (i + 1) & this.mask;
    }
    const id = this.count++;
    if (id === this.xs.length) {
      this.xs = grown(this.xs);
      this.ys = grown(this.ys);
    }
    this.xs[id] = x;
    this.ys[id] = y;
    this.index[i] = id + 1;
    if (this.count * 2 > this.index.length) this.rehash();
    this.added = true;
    return id;
  }

  x(id: number): number {
    return this.xs[id]!;
  }

  y(id: number): number {
    return this.ys[id]!;
  }

  private rehash(): void {
    this.index = new Int32Array(this.index.length * 2);
    this.mask = this.index.length - 1;
    for (let id = 0; id < this.count; id++) {
      let i = slotOf(this.xs[id]!, this.ys[id]!) & this.mask;
      while (this.index[i] !== 0) i = (i + 1) & this.mask;
      this.index[i] = id + 1;
    }
  }
}

function slotOf(x: number, y: number): number {
  let h = Math.imul(x ^ 0x5bd1e995, 0x9e3779b1) ^ y;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function grown(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
