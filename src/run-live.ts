// Wiring for live capture: interface facts, the capture worker, the live text loop, keys, signals, exit status.
import { CaptureOpenError, LiveCapture } from './adapters/capture/live-capture.js';
import { defaultInterface, interfaceExists, interfaceInfo } from './adapters/host/linux-host.js';
import { StdoutOutput } from './adapters/io/stdout-output.js';
import { readKeys } from './adapters/io/stdin-keys.js';
import type { KeyReader } from './adapters/io/stdin-keys.js';
import { LiveTextLoop } from './app/live-text.js';
import { TextSession } from './app/text-session.js';
import type { Configuration } from './cli/configuration.js';
import { Monitor } from './core/monitor.js';
import type { LocalNetwork } from './core/local-network.js';
import { formatAddress } from './format/inet-ntop.js';
import { inert } from './format/inert.js';
import { ndjsonHeader } from './render/ndjson.js';
import { VERSION } from './version.js';
import { bpfProgramText, installSignals, labellerFactory, randomSeed, SIGNAL_NUMBERS, viewOptionsFrom, fail } from './wiring.js';

export async function runLive(config: Configuration): Promise<number> {
  const { settings, extras } = config;
  const iface = settings.interface ?? defaultInterface();
  const shown = inert(iface);
  if (iface !== 'any' && !interfaceExists(iface)) return fail(`no such interface "${shown}" (ip link lists the interfaces)`);
  const info = interfaceInfo(iface);
  printInterface(shown, info);
  const local: LocalNetwork = {
    mac: info.mac, ipv4: info.ipv4, ipv6: info.ipv6,
    netFilter4: settings.netFilter4, netFilter6: settings.netFilter6, linkLocal: settings.linkLocal,
  };
  let capture: LiveCapture;
  try {
    capture = await LiveCapture.open({
      device: iface,
      filter: bpfProgramText(settings.filterCode),
      snaplen: extras.snaplen,
      promiscuous: settings.promiscuous,
      bufferBytes: extras.bufferSizeKiB * 1024,
    });
  } catch (e) {
    if (e instanceof CaptureOpenError) return fail(openErrorMessage(e, shown, settings.filterCode));
    throw e;
  }
  const monitor = new Monitor({ local, maxFlows: extras.maxFlows, hashSeed: randomSeed() });
  const session = new TextSession(
    monitor,
    { view: viewOptionsFrom(settings), dnsOn: settings.dnsResolution, portNamesOn: settings.portResolution, paused: false },
    { numLines: settings.numLines, useBytes: settings.useBytes, ndjson: extras.ndjson },
    labellerFactory(),
    () => capture.kernelStats(),
  );
  const out = new StdoutOutput(process.stdout, false);
  const clock = { monotonicMs: () => performance.now(), epochSeconds: () => Date.now() / 1000 };
  const loop = new LiveTextLoop(monitor, session, { capture, clock, out }, { timedSeconds: settings.timedOutput });
  let status = 0;
  let outputError: string | null = null;
  out.onClosed((e) => {
    if (e.code !== 'EPIPE') outputError = `cannot write the output: ${e.message}`;
    loop.end({ reason: 'quit' });
  });
  installSignals((signal) => {
    status = signal === 'SIGINT' ? 0 : 128 + SIGNAL_NUMBERS[signal];
    loop.end({ reason: 'quit' });
  });
  out.write(extras.ndjson ? ndjsonHeader(VERSION, { interface: iface }) : `Listening on ${shown}\n`);
  // iftop reads keys in text mode unless -s is given.
  let keys: KeyReader | null = null;
  const startKeys = () => {
    keys = readKeys(process.stdin, (k) => loop.key(k), (signal) => {
      if (signal === 'SIGTSTP') {
        keys?.close();
        process.once('SIGCONT', startKeys);
        process.kill(process.pid, 'SIGSTOP');
      } else {
        status = signal === 'SIGINT' ? 0 : 128 + SIGNAL_NUMBERS[signal];
        loop.end({ reason: 'quit' });
      }
    });
  };
  if (settings.timedOutput === 0 && !extras.ndjson) startKeys();
  const end = await loop.run();
  (keys as KeyReader | null)?.close();
  const kernel = capture.kernelStats();
  await capture.stop();
  await out.drained();
  // Capture loss is reported, not hidden (iftop never mentions it).
  if (kernel.dropped > 0 || kernel.ifDropped > 0) {
    process.stderr.write(`wiretop: the kernel dropped ${kernel.dropped + kernel.ifDropped} of ${kernel.received} packets; a larger --buffer-size may help\n`);
  }
  if (end.reason === 'failed') return fail(`capture on ${shown} failed: ${inert(end.message)}`);
  if (outputError !== null) return fail(outputError);
  return status;
}

/** iftop's start-up lines on stderr (the first IPv4 and IPv6 address, the MAC). */
function printInterface(shown: string, info: ReturnType<typeof interfaceInfo>): void {
  const lines = [`interface: ${shown}`];
  if (info.ipv4[0] !== undefined) lines.push(`IP address is: ${formatAddress(4, info.ipv4[0])}`);
  if (info.ipv6[0] !== undefined) lines.push(`IPv6 address is: ${formatAddress(6, info.ipv6[0])}`);
  if (info.mac !== null) lines.push(`MAC address is: ${[...info.mac].map((b) => b.toString(16).padStart(2, '0')).join(':')}`);
  process.stderr.write(lines.join('\n') + '\n');
}

function openErrorMessage(e: CaptureOpenError, iface: string, filter: string | null): string {
  switch (e.code) {
    case 'LIBPCAP_MISSING':
      return 'libpcap is not installed; install the Debian package: sudo apt-get install libpcap0.8';
    case 'NO_DEVICE':
      return `no such interface "${iface}" (ip link lists the interfaces)`;
    case 'PERMISSION':
      return `no permission to capture on ${iface}: run it as root (sudo wiretop …), or let node capture: ` +
        'sudo setcap cap_net_raw,cap_net_admin+eip "$(readlink -f "$(command -v node)")"';
    case 'IFACE_DOWN':
      return `interface ${iface} is down; bring it up first: sudo ip link set ${iface} up`;
    case 'BAD_FILTER':
      return `bad filter "${inert(filter ?? '')}": ${inert(e.message)}`;
    case 'PCAP_OPEN':
      return `cannot capture on ${iface}: ${inert(e.message)}`;
  }
}
