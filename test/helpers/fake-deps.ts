// Fake ports for driving the whole program through run()/daemon(): a scripted capture on a fake clock, recorded stdout/stderr, virtual files.
import type { AttributionPort } from '../../src/ports/attribution.js';
import { FakeHost } from '../attribution/fake-host.js';
import type { RunDeps } from '../../src/app/run/deps.js';
import { NameService } from '../../src/app/name-service.js';
import type { FrameSink } from '../../src/capture-file/frame-sink.js';
import type { KernelCounters } from '../../src/core/screen-model.js';
import { parseServices } from '../../src/format/services.js';
import { DEFAULT_NAME_LIMITS, NameCache } from '../../src/names/name-cache.js';
import type { CaptureFile, CapturePort } from '../../src/ports/capture-port.js';
import type { InterfaceFacts } from '../../src/ports/host-facts.js';
import type { LineFile } from '../../src/ports/line-file.js';
import type { LiveSource } from '../../src/ports/live-source.js';
import type { MetricsPort } from '../../src/ports/metrics-port.js';
import type { WebPort } from '../../src/ports/web-port.js';
import type { HandledSignal } from '../../src/ports/process-port.js';
import type { ScreenHost } from '../../src/ports/terminal.js';
import type { OutputStream } from '../../src/ports/text-output.js';
import type { AlertEvent } from '../../src/alerts/alert-engine.js';
import { FakeTerminal } from './fake-screen.js';

/** A frame the scripted capture delivers once the fake clock reaches `atMs`. */
export interface TimedFrame {
  readonly atMs: number;
  readonly linktype: number;
  readonly data: Uint8Array;
}

const EPOCH = 1_700_000_000;

/**
 * A live capture whose waits never wait: waitForData(t) moves the shared clock to the next scripted
 * frame or t ms on, whichever is first. `failAtMs` makes the capture fail once the clock gets there.
 */
export class ScriptedCapture implements LiveSource {
  readonly linktype = 101;
  readonly filters: string[] = [];
  stopped = false;
  private failure: (message: string) => void = () => {};
  private failed = false;

  constructor(
    private readonly clock: { ms: number },
    private frames: TimedFrame[],
    private readonly failAt: { atMs: number; message: string } | null = null,
  ) {}

  drain(sink: FrameSink): number {
    const due = this.frames.filter((f) => f.atMs <= this.clock.ms);
    this.frames = this.frames.filter((f) => f.atMs > this.clock.ms);
    for (const f of due) sink.frame(f.linktype, f.data, 0, f.data.length, f.data.length, EPOCH + f.atMs / 1000);
    return due.length;
  }
  waitForData(timeoutMs: number): Promise<void> {
    if (this.stopped) return new Promise(() => {});
    const next = this.frames.reduce((m, f) => Math.min(m, f.atMs), Infinity);
    this.clock.ms = Math.min(this.clock.ms + timeoutMs, Math.max(this.clock.ms, next));
    if (this.failAt !== null && !this.failed && this.clock.ms >= this.failAt.atMs) {
      this.failed = true;
      const message = this.failAt.message;
      setImmediate(() => this.failure(message));
      return new Promise(() => {});
    }
    return new Promise((r) => setImmediate(r));
  }
  kernelStats(): KernelCounters {
    return { received: 10, dropped: 0, ifDropped: 0 };
  }
  onFailure(listener: (message: string) => void): void {
    this.failure = listener;
  }
  setFilter(filter: string): Promise<string | null> {
    this.filters.push(filter);
    return Promise.resolve(null);
  }
  stop(): Promise<void> {
    this.stopped = true;
    return Promise.resolve();
  }
}

/** Text written through a line-file port, kept in memory. */
export class MemoryLines implements LineFile {
  text = '';
  error: string | null = null;
  closed = false;
  write(text: string): boolean {
    this.text += text;
    return true;
  }
  writeBytes(bytes: Uint8Array): boolean {
    this.text += new TextDecoder().decode(bytes);
    return true;
  }
  drained(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
  takeError(): string | null {
    const e = this.error;
    this.error = null;
    return e;
  }
}

export interface FakeWorld {
  readonly deps: RunDeps;
  readonly clock: { ms: number };
  readonly stdout: { text: string };
  readonly stderr: { text: string };
  readonly files: Map<string, MemoryLines>;
  readonly captures: ScriptedCapture[];
  readonly events: AlertEvent[];
  readonly terminal: FakeTerminal;
  /** Sends a signal to the run, as the process would. */
  signal(s: HandledSignal): void;
  /** Types a key on stdin (text mode). */
  key(k: string): void;
}

export interface FakeWorldOptions {
  /** Interfaces that exist, with their facts. */
  readonly interfaces?: Readonly<Record<string, InterfaceFacts>>;
  /** What each live capture opened (in order) delivers. */
  readonly live?: readonly (readonly TimedFrame[])[];
  readonly failAt?: { atMs: number; message: string };
  /** The capture port for files (the real one, or a fake). */
  readonly files?: Pick<CapturePort, 'openFile' | 'compileFilter'>;
  /** Virtual text files (alert rules, config). */
  readonly texts?: Readonly<Record<string, string>>;
  readonly tty?: boolean;
  readonly env?: Readonly<Record<string, string>>;
  readonly metrics?: MetricsPort;
  readonly web?: WebPort;
  /** Process attribution's host (default: one with no processes and no sockets, so every flow is a labelled gap). */
  readonly attribution?: AttributionPort;
}

/** The whole outside world as fakes; time is the shared fake clock. */
export function fakeWorld(o: FakeWorldOptions = {}): FakeWorld {
  const clock = { ms: 0 };
  const stdout = { text: '' }, stderr = { text: '' };
  const files = new Map<string, MemoryLines>();
  const captures: ScriptedCapture[] = [];
  const events: AlertEvent[] = [];
  const signals: ((s: HandledSignal) => void)[] = [];
  let keyListener: (k: string) => void = () => {};
  const terminal = new FakeTerminal(100, 30);
  const interfaces = o.interfaces ?? { test0: { mac: null, ipv4: [Uint8Array.of(10, 0, 0, 1)], ipv6: [] } };
  const live = [...(o.live ?? [[]])];
  const fakeClock = { monotonicMs: () => clock.ms, epochSeconds: () => EPOCH + clock.ms / 1000 };
  const out: OutputStream = {
    write: (text) => ((stdout.text += text), true),
    drained: () => Promise.resolve(),
    onClosed: () => {},
  };
  const screen: ScreenHost = { terminal, status: () => 0, attach: () => {} };
  const deps: RunDeps = {
    version: 'test',
    clock: fakeClock,
    schedule: () => () => {},
    yieldToEvents: () => new Promise((r) => setImmediate(r)),
    env: o.env ?? {},
    host: {
      defaultInterface: () => Object.keys(interfaces)[0] ?? 'eth0',
      interfaceExists: (name) => interfaces[name] !== undefined,
      interfaceInfo: (name) => interfaces[name] ?? { mac: null, ipv4: [], ipv6: [] },
      linkSpeedBits: () => null,
      operState: () => 'up',
    },
    capture: {
      openLive: async () => {
        const c = new ScriptedCapture(clock, [...(live.shift() ?? [])], o.failAt ?? null);
        captures.push(c);
        return { capture: c };
      },
      openFile: o.files?.openFile ?? (async () => ({ error: { message: 'no files here' } })),
      compileFilter: o.files?.compileFilter ?? ((text) => ({ error: `no filters here (${text})` })),
    },
    process: {
      onSignal: (h) => {
        signals.push(h);
        return () => {};
      },
      readKeys: (onKey) => {
        keyListener = onKey;
        return { close: () => (keyListener = () => {}) };
      },
      suspend: () => {},
      dropPrivileges: () => ({ kind: 'not-root' }),
    },
    stdio: {
      stdout: () => out,
      writeStdout: (t) => void (stdout.text += t),
      writeStderr: (t) => void (stderr.text += t),
      stdinIsTTY: o.tty === true,
      stdoutIsTTY: o.tty === true,
    },
    startScreen: () => screen,
    nameService: () => new NameService(new NameCache(DEFAULT_NAME_LIMITS, 0), { reverse: () => Promise.resolve(null) }, () => new Map(), fakeClock, () => () => {}),
    services: parseServices('domain 53/udp\nhttps 443/tcp\n'),
    attribution: o.attribution ?? { open: () => {
      const h = new FakeHost();
      return { kernel: h.kernel, proc: h.proc, littleEndian: true };
    } },
    readText: (path) => (o.texts?.[path] !== undefined ? { text: o.texts[path]! } : { error: { code: 'ENOENT', message: 'no such file' } }),
    notifiers: {
      openLog: () => ({ write: (e) => events.push(e), close: () => {} }),
      command: () => ({ notify: (e) => events.push(e), idle: () => Promise.resolve(), pending: () => 0 }),
      webhook: () => ({ notify: (e) => events.push(e), idle: () => Promise.resolve(), pending: () => 0 }),
    },
    localTime: { hourOf: () => 12, clockText: () => '12:00:00' },
    lineFiles: {
      open: (path) => {
        const f = new MemoryLines();
        files.set(path, f);
        return { file: f };
      },
    },
    metrics: o.metrics ?? { start: async () => ({ error: 'no metrics endpoint in this fake world' }) },
    flowExport: { create: () => { throw new Error('no flow export in this fake world'); } },
    history: { open: () => ({ error: 'no history store in this fake world' }) },
    web: o.web ?? { start: async () => ({ error: 'no web view in this fake world' }) },
    seed: () => 7,
  };
  return {
    deps, clock, stdout, stderr, files, captures, events, terminal,
    signal: (s) => {
      for (const h of signals) h(s);
    },
    key: (k) => keyListener(k),
  };
}

/** A capture file in memory: frames with capture times, read in one chunk. */
export function memoryFile(frames: readonly { ts: number; linktype: number; data: Uint8Array }[]): CaptureFile {
  return {
    read: async (sink, options) => {
      for (const f of frames) {
        if (options.shouldStop()) break;
        sink.frame(f.linktype, f.data, 0, f.data.length, f.data.length, f.ts);
      }
      await options.betweenChunks();
      return { linktypes: [...new Set(frames.map((f) => f.linktype))], error: null };
    },
    close: () => Promise.resolve(),
  };
}
