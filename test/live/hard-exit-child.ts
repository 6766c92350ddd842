// Run inside a namespace by faults.test.ts: opens a live capture on an idle interface, then exits hard (process.exit, with no stop), as the internal-error handler does.
import { LiveCapture } from '../../src/adapters/capture/live-capture.js';

const [device] = process.argv.slice(2);
const capture = await LiveCapture.open({ device: device!, filter: 'ip or ip6', filterOtherLinks: 'ip or ip6', snaplen: 128, promiscuous: false, bufferBytes: 1 << 20 });
process.stdout.write(`opened ${capture.linktype}\n`);
// The worker is in pcap_dispatch now, and the link carries nothing that would make it return.
setTimeout(() => process.exit(5), 500);
