// Dense numbers for pairs of small integers (host numbers, ports): counting distinct pairs without a string or Set per flow.
import { KeyIndex } from './key-index.js';

/**
 * (x, y) pairs of non-negative int32s numbered 0, 1, 2, … in order of first sight: a KeyIndex of two
 * words that grows by doubling, so a detector need not know the flow count. `added` says whether the
 * last idOf() added its pair, which is how "distinct" counts are kept.
 */
export class PairIndex {
  private readonly ids = new KeyIndex(2, 0x5bd1e995);
  private readonly key = new Uint32Array(2);

  get count(): number {
    return this.ids.count;
  }

  /** Whether the last idOf() added a new pair. */
  get added(): boolean {
    return this.ids.added;
  }

  idOf(x: number, y: number): number {
    if (!this.ids.hasRoom(1)) this.ids.grow();
    this.key[0] = x;
    this.key[1] = y;
    return this.ids.idOf(this.key);
  }

  x(id: number): number {
    return this.ids.keys[id * 2]!;
  }

  y(id: number): number {
    return this.ids.keys[id * 2 + 1]!;
  }
}
