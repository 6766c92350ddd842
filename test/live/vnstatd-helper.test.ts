// The vnstatd helper works: in a namespace, on one veth, its totals are the link-layer bytes of what was sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createNetnsPair } from '../helpers/netns.js';
import { ethernetBytes, startVnstatd } from '../helpers/vnstatd.js';

const TRAFFIC = fileURLToPath(new URL('./traffic.js', import.meta.url));

test('vnstatd in a namespace counts the UDP sent to it as Ethernet bytes (IP bytes + 14 per packet)', async () => {
  const pair = createNetnsPair();
  const v = await startVnstatd(pair.nsA, pair.ifA);
  try {
    const count = 300, payload = 1000;
    pair.exec(pair.nsB, process.execPath, [TRAFFIC, 'udp-send', '--to', pair.ipA, '--port', '9', '--size', String(payload), '--count', String(count)]);
    await new Promise((r) => setTimeout(r, 2500)); // one counter update after the last datagram
    await v.stop();
    const ip = count * (payload + 8 + 20);
    const t = v.totals();
    assert.ok(t.rx >= ethernetBytes(ip, count) && t.rx <= ethernetBytes(ip, count) * 1.01, `vnstat rx ${t.rx}, sent ${ethernetBytes(ip, count)}`);
    assert.equal(v.days().length, 1);
  } finally {
    v.remove();
    pair.destroy();
  }
});
