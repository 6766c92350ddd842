// A live interface as a run's input: opens the capture, watches the link, and re-opens an interface that went away and came back.
import type { LocalNetwork } from '../../core/local-network.js';
import type { Monitor } from '../../core/monitor.js';
import type { KernelCounters } from '../../core/screen-model.js';
import { inert } from '../../format/inert.js';
import type { CapturePort, CaptureRequest } from '../../ports/capture-port.js';
import type { HostFacts, InterfaceFacts } from '../../ports/host-facts.js';
import type { LiveSource } from '../../ports/live-source.js';
import type { Schedule } from '../../ports/schedule.js';
import { bpfProgramText } from '../labelling.js';
import { noSuchInterface, openErrorMessage } from './live-messages.js';
export { interfaceLines, linkEventLine, openErrorMessage } from './live-messages.js';
import type { LiveDriver } from './live-driver.js';

/** What happened to the interface, for the presenter (a line on stderr, a banner on the screen, a log line). */
export type LinkEvent =
  | { kind: 'down' }
  | { kind: 'up' }
  | { kind: 'gone'; message: string }
  | { kind: 'back'; seconds: number }
  /** An interface that did not exist when the run started (the daemon waits for it). */
  | { kind: 'appeared' };

export interface LiveInputDeps {
  readonly host: HostFacts;
  readonly capture: CapturePort;
  readonly schedule: Schedule;
  readonly monotonicMs: () => number;
}

export interface LiveInputOptions {
  readonly iface: string;
  readonly userFilter: string | null;
  readonly snaplen: number;
  readonly promiscuous: boolean;
  readonly bufferBytes: number;
  readonly netFilter4: LocalNetwork['netFilter4'];
  readonly netFilter6: LocalNetwork['netFilter6'];
  readonly linkLocal: boolean;
}

/** libpcap's operational state is polled: it says nothing while an interface is down (it just blocks). */
const LINK_POLL_MS = 1000;
/** How often an interface that went away is looked for. */
const RETURN_POLL_MS = 1000;

export class LiveInput {
  /** The interface name made safe to print. */
  readonly shown: string;
  private capture: LiveSource | null;
  private facts: InterfaceFacts;
  private userFilter: string | null;
  /** Kernel counters of captures closed so far (a re-opened capture counts from zero). */
  private closedStats: KernelCounters = { received: 0, dropped: 0, ifDropped: 0 };
  private stopped = false;
  private cancelTimers: (() => void)[] = [];

  private constructor(
    private readonly deps: LiveInputDeps,
    private readonly options: LiveInputOptions,
    capture: LiveSource | null,
  ) {
    this.shown = inert(options.iface);
    this.capture = capture;
    this.facts = deps.host.interfaceInfo(options.iface);
    this.userFilter = options.userFilter;
  }

  /**
   * Opens the capture, or says in one line why it cannot. With `waitIfMissing` (the daemon) an
   * interface that does not exist yet is not an error: the input starts without a capture and
   * opens it once the interface appears.
   */
  static async open(deps: LiveInputDeps, options: LiveInputOptions, waitIfMissing: boolean): Promise<{ input: LiveInput } | { error: string }> {
    const shown = inert(options.iface);
    const missing = options.iface !== 'any' && !deps.host.interfaceExists(options.iface);
    if (missing && !waitIfMissing) return { error: noSuchInterface(shown) };
    if (missing) return { input: new LiveInput(deps, options, null) };
    const opened = await deps.capture.openLive(request(options, options.userFilter));
    if ('error' in opened) return { error: openErrorMessage(opened.error.code, opened.error.message, shown, options.userFilter) };
    return { input: new LiveInput(deps, options, opened.capture) };
  }

  get name(): string {
    return this.options.iface;
  }

  /** The source to drain now (null while the interface is away). */
  get source(): LiveSource | null {
    return this.capture;
  }

  /** Direction facts: the interface's MAC and addresses now, and the -F/-G networks. */
  get local(): LocalNetwork {
    const o = this.options;
    return { mac: this.facts.mac, ipv4: this.facts.ipv4, ipv6: this.facts.ipv6, netFilter4: o.netFilter4, netFilter6: o.netFilter6, linkLocal: o.linkLocal };
  }

  kernelStats(): KernelCounters {
    const now = this.capture?.kernelStats() ?? { received: 0, dropped: 0, ifDropped: 0 };
    const c = this.closedStats;
    return { received: c.received + now.received, dropped: c.dropped + now.dropped, ifDropped: c.ifDropped + now.ifDropped };
  }

  /** Replaces the capture filter (the `f` key); the new one is kept for a re-opened capture too. */
  async setFilter(userFilter: string): Promise<string | null> {
    if (this.capture === null) return `${this.shown} is not there; the filter can be changed once it is back`;
    const error = await this.capture.setFilter(bpfProgramText(userFilter, this.capture.linktype));
    if (error === null) this.userFilter = userFilter.trim() === '' ? null : userFilter;
    return error;
  }

  /**
   * Feeds the driver and watches the link: `event` is told once per change. A capture that fails
   * because the interface went away is re-opened when it comes back (new MAC and addresses go to
   * the monitor); any other failure ends the driver.
   */
  attach(driver: LiveDriver, monitor: Monitor, event: (e: LinkEvent) => void): void {
    this.capture?.onFailure((message) => void this.failed(driver, monitor, event, message));
    if (this.capture === null) this.awaitReturn(driver, monitor, event, null, `${this.shown} does not exist yet`);
    if (this.options.iface !== 'any') this.watchLink(event);
  }

  /** Stops the capture and every timer. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const cancel of this.cancelTimers.splice(0)) cancel();
    await this.capture?.stop();
  }

  private async failed(driver: LiveDriver, monitor: Monitor, event: (e: LinkEvent) => void, message: string): Promise<void> {
    const old = this.capture;
    if (old === null || this.stopped) return;
    this.retire(driver, monitor, old);
    await old.stop();
    const since = this.deps.monotonicMs();
    if (this.options.iface === 'any' || this.deps.host.interfaceExists(this.options.iface)) {
      // The interface is there (or already back): one fresh attempt at once. One that is back but not
      // up yet is waited for; any other failure ends the run.
      const reopened = await this.deps.capture.openLive(request(this.options, this.userFilter));
      if (this.stopped) {
        if (!('error' in reopened)) await reopened.capture.stop();
        return;
      }
      if (!('error' in reopened)) {
        this.adopt(driver, monitor, event, reopened.capture);
        event({ kind: 'gone', message });
        event({ kind: 'back', seconds: (this.deps.monotonicMs() - since) / 1000 });
        return;
      }
      if (reopened.error.code !== 'NO_DEVICE' && reopened.error.code !== 'IFACE_DOWN') {
        driver.end({ reason: 'failed', message });
        return;
      }
    }
    event({ kind: 'gone', message });
    this.awaitReturn(driver, monitor, event, since, message);
  }

  private retire(driver: LiveDriver, monitor: Monitor, old: LiveSource): void {
    // The last frames of the old capture belong to the slot being filled.
    old.drain(monitor);
    const s = old.kernelStats();
    this.closedStats = { received: this.closedStats.received + s.received, dropped: this.closedStats.dropped + s.dropped, ifDropped: this.closedStats.ifDropped + s.ifDropped };
    this.capture = null;
    driver.replaceSource(null);
  }

  /** Looks for the interface once a second; `since` is when it went away (null: it never was there). */
  private awaitReturn(driver: LiveDriver, monitor: Monitor, event: (e: LinkEvent) => void, since: number | null, why: string): void {
    const attempt = async () => {
      if (this.stopped) return;
      if (this.deps.host.interfaceExists(this.options.iface)) {
        const opened = await this.deps.capture.openLive(request(this.options, this.userFilter));
        if (this.stopped) {
          if (!('error' in opened)) await opened.capture.stop();
          return;
        }
        if (!('error' in opened)) {
          this.adopt(driver, monitor, event, opened.capture);
          event(since === null ? { kind: 'appeared' } : { kind: 'back', seconds: (this.deps.monotonicMs() - since) / 1000 });
          return;
        }
        // Back but not usable yet (still down, not yet configured): keep looking; anything else ends the run.
        if (opened.error.code !== 'NO_DEVICE' && opened.error.code !== 'IFACE_DOWN') {
          driver.end({ reason: 'failed', message: `${why}; re-opening it failed: ${opened.error.message}` });
          return;
        }
      }
      this.later(attempt, RETURN_POLL_MS);
    };
    this.later(attempt, RETURN_POLL_MS);
  }

  private adopt(driver: LiveDriver, monitor: Monitor, event: (e: LinkEvent) => void, capture: LiveSource): void {
    this.capture = capture;
    this.facts = this.deps.host.interfaceInfo(this.options.iface);
    monitor.setLocal(this.local);
    capture.onFailure((message) => void this.failed(driver, monitor, event, message));
    driver.replaceSource(capture);
  }

  private watchLink(event: (e: LinkEvent) => void): void {
    let down = false;
    const poll = () => {
      // While the interface is away, its state says nothing new: the gap is reported on its own.
      if (this.capture !== null) {
        const state = this.deps.host.operState(this.options.iface);
        const nowDown = state === 'down' || state === 'lowerlayerdown' || state === 'notpresent';
        if (nowDown !== down) {
          down = nowDown;
          event({ kind: down ? 'down' : 'up' });
        }
      } else down = false;
      this.later(poll, LINK_POLL_MS);
    };
    this.later(poll, LINK_POLL_MS);
  }

  private later(fn: () => void | Promise<void>, ms: number): void {
    if (this.stopped) return;
    const cancel = this.deps.schedule(() => {
      this.cancelTimers = this.cancelTimers.filter((c) => c !== cancel);
      void fn();
    }, ms);
    this.cancelTimers.push(cancel);
  }
}

function request(o: LiveInputOptions, userFilter: string | null): CaptureRequest {
  return { device: o.iface, filter: bpfProgramText(userFilter), filterOtherLinks: bpfProgramText(userFilter, -1), snaplen: o.snaplen, promiscuous: o.promiscuous, bufferBytes: o.bufferBytes };
}
