// A real attribution engine in its own process (run it with `ip netns exec NS`): flow keys in, owners out, as JSON lines.
import { createInterface } from 'node:readline';
import { AttributionEngine, DEFAULT_ATTRIBUTION_OPTIONS } from '../../src/attribution/engine.js';
import type { Owner } from '../../src/attribution/owner.js';
import { openHostAttribution } from '../../src/adapters/sockets/host-attribution.js';
import type { FlowSpec } from './flow-keys.js';
import { flowKey } from './flow-keys.js';

/** A request line: flows to submit; the probe answers once every one is settled (or after 10 s). */
export interface ProbeRequest {
  readonly flows: readonly FlowSpec[];
}

export interface ProbeAnswer {
  readonly owners: Record<string, Owner | null>;
  readonly notices: readonly string[];
  readonly pid: number;
}

const host = openHostAttribution();
const engine = new AttributionEngine(
  { kernel: host.kernel, proc: host.proc, littleEndian: host.littleEndian,
    clock: { monotonicMs: () => performance.now(), epochSeconds: () => Date.now() / 1000 },
    schedule: (fn, ms) => {
      const t = setTimeout(fn, ms);
      return () => clearTimeout(t);
    } },
  // --budget MS: scanning allowed per second (the default is 10); tests on a shared, busy machine give more, so an
  // answer does not wait on other agents' processes being scanned. Correctness does not depend on it.
  { ...DEFAULT_ATTRIBUTION_OPTIONS, scanMsPerSecond: Number(process.argv[process.argv.indexOf('--budget') + 1] ?? 10) || DEFAULT_ATTRIBUTION_OPTIONS.scanMsPerSecond },
);
const notices: string[] = [];
if (host.kernelError !== null) notices.push(`kernel: ${host.kernelError}`);

let outstanding = 0;
let closing = false;

function answer(flows: readonly FlowSpec[]): void {
  outstanding++;
  const started = performance.now();
  const poll = () => {
    const owners: Record<string, Owner | null> = {};
    let waiting = false;
    for (const f of flows) {
      const o = engine.ownerOf(f.serial) ?? null;
      if (o === null || (o.kind === 'gap' && o.reason === 'pending')) waiting = true;
      owners[String(f.serial)] = o;
    }
    if (waiting && performance.now() - started < 10_000) {
      setTimeout(poll, 10);
      return;
    }
    notices.push(...engine.takeNotices());
    const a: ProbeAnswer = { owners, notices: notices.splice(0), pid: process.pid };
    process.stdout.write(`${JSON.stringify(a)}\n`);
    if (--outstanding === 0 && closing) finish();
  };
  poll();
}

process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid })}\n`);
const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const req = JSON.parse(line) as ProbeRequest;
  for (const f of req.flows) engine.submit(f.serial, flowKey(f));
  answer(req.flows);
});
function finish(): void {
  engine.close();
  process.exit(0);
}
rl.on('close', () => {
  closing = true;
  if (outstanding === 0) finish();
});
