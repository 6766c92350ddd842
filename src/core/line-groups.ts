// Remembers each flow's display line across ticks, so a tick does not hash 100 000 flow keys again.
import { KEY_WORDS } from './flow-key.js';
import type { FlowTable } from './flow-table.js';
import { KeyIndex } from './key-index.js';
import { LINE_SEED } from './line-table.js';
import type { LineTable } from './line-table.js';
import type { ViewOptions } from './view-options.js';

/**
 * A group is a display key (a flow key with what the options hide zeroed) that has had members. Groups
 * outlive ticks; each flow remembers its group, checked against the flow's creation number so a reused
 * flow id is looked up afresh. Each tick numbers the groups that still have members as dense lines of
 * the tick's LineTable (in first-member order), which is what sorting and rendering read. Groups whose
 * flows have all expired stay behind until they outnumber the live ones, then the memory is rebuilt.
 */
export class FlowGroups {
  private readonly groups = new KeyIndex(KEY_WORDS, LINE_SEED);
  private groupOf = new Int32Array(0);
  /** Creation number (FlowTable.seq) of the flow whose group is in groupOf; −1 for none. */
  private seqOf = new Float64Array(0);
  /** Line of each group in this tick's table, −1 before its first member this tick. */
  private lineOf = new Int32Array(0);
  private signature = '';
  private readonly key = new Uint32Array(KEY_WORDS);

  /** Times the memory was dropped and rebuilt (first tick included); tests read it. */
  rebuilds = 0;

  /** Starts a tick: forgets everything when the display options changed, dead groups pile up or room runs out. */
  begin(t: FlowTable, opts: ViewOptions): void {
    const signature = `${opts.portDisplay}/${opts.hideSource}/${opts.hideDestination}`;
    if (this.groupOf.length < t.idBound) {
      const size = Math.max(t.idBound, this.groupOf.length * 2, 1024);
      const groupOf = new Int32Array(size);
      groupOf.set(this.groupOf);
      const seqOf = new Float64Array(size).fill(-1);
      seqOf.set(this.seqOf);
      this.groupOf = groupOf;
      this.seqOf = seqOf;
    }
    // New groups this tick: at most one per flow without a remembered group, plus the overflow line.
    // Counting them (not assuming every flow is new) keeps a table more than half full from being
    // rebuilt every tick; the index holds maxFlows groups, so its memory stays bounded under floods.
    const same = signature === this.signature;
    let fresh = 2;
    if (same) fresh += unremembered(t, this.seqOf);
    if (!same || this.groups.count > 2 * (t.size + 2) + 1024 || !this.groups.hasRoom(fresh)) {
      fresh = t.size + 2;
      this.groups.reset(fresh, t.maxFlows + 2);
      this.seqOf.fill(-1);
      this.signature = signature;
      this.rebuilds++;
    }
    if (this.lineOf.length < this.groups.capacity) this.lineOf = new Int32Array(this.groups.capacity);
    // Groups created during this tick land after count: clear their entries too.
    this.lineOf.fill(-1, 0, this.groups.count + fresh);
  }

  /** The line of flow id in this tick's table `lines`, appended there at the group's first member. */
  line(t: FlowTable, id: number, opts: ViewOptions, lines: LineTable): number {
    const seq = t.seq[id]!;
    let g: number;
    if (this.seqOf[id] === seq) g = this.groupOf[id]!;
    else {
      displayKey(t.keys, id * KEY_WORDS, opts, this.key);
      g = this.groups.idOf(this.key);
      this.groupOf[id] = g;
      this.seqOf[id] = seq;
    }
    return this.lineOfGroup(g, seq, lines);
  }

  /** The line of the overflow traffic (the all-zero key, ranked after every flow on ties). */
  overflowLine(lines: LineTable): number {
    this.key.fill(0);
    return this.lineOfGroup(this.groups.idOf(this.key), Number.MAX_SAFE_INTEGER, lines);
  }

  private lineOfGroup(g: number, seq: number, lines: LineTable): number {
    let line = this.lineOf[g]!;
    if (line < 0) {
      line = lines.append(this.groups.keys, g * KEY_WORDS, seq);
      this.lineOf[g] = line;
    } else if (seq < lines.seq[line]!) lines.seq[line] = seq;
    return line;
  }
}

/**
 * Flows in use whose group is not remembered (new since the last tick, or a reused id). A function of
 * its own: V8 compiles a hot loop while it runs, and code after it that had not run yet would
 * throw that code away.
 */
function unremembered(t: FlowTable, seqOf: Float64Array): number {
  const used = t.used, seq = t.seq;
  let n = 0;
  for (let id = 0, bound = t.idBound; id < bound; id++) if (used[id] === 1 && seqOf[id] !== seq[id]) n++;
  return n;
}

/** The flow key at keys[o] with hidden sides and undisplayed ports (and then the protocol) zeroed. */
export function displayKey(keys: Uint32Array, o: number, opts: ViewOptions, out: Uint32Array): void {
  const ports = opts.portDisplay;
  out[0] = ports === 'off' ? keys[o]! & 0xff00 : keys[o]!;
  for (let w = 1; w <= 4; w++) out[w] = opts.hideSource ? 0 : keys[o + w]!;
  for (let w = 5; w <= 8; w++) out[w] = opts.hideDestination ? 0 : keys[o + w]!;
  const srcPort = ports === 'on' || ports === 'source-only' ? keys[o + 9]! & 0xffff0000 : 0;
  const dstPort = ports === 'on' || ports === 'destination-only' ? keys[o + 9]! & 0xffff : 0;
  out[9] = (srcPort | dstPort) >>> 0;
}
