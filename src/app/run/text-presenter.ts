// Text mode (-t, --ndjson, no usable terminal): iftop's blocks or NDJSON on stdout, iftop's keys on stdin.
import type { Configuration } from '../../cli/configuration.js';
import type { Monitor } from '../../core/monitor.js';
import type { KernelCounters } from '../../core/screen-model.js';
import { ndjsonHeader } from '../../render/ndjson.js';
import type { HandledSignal, KeyReader, ProcessPort } from '../../ports/process-port.js';
import { SIGNAL_NUMBERS } from '../../ports/process-port.js';
import type { OutputStream } from '../../ports/text-output.js';
import type { ServiceTable } from '../../format/services.js';
import type { Schedule } from '../../ports/schedule.js';
import { labellerFactory, serviceNames } from '../labelling.js';
import type { NameService } from '../name-service.js';
import { TextSession } from '../text-session.js';
import type { Block } from '../text-session.js';
import { viewOptionsFrom } from '../view-settings.js';
import { NO_OWNERS } from '../owner-rows.js';
import type { RunOwners } from '../owner-rows.js';
import type { FileReplay } from './file-driver.js';
import { linkEventLine } from './live-input.js';
import type { LinkEvent } from './live-input.js';
import type { LiveDriver, LiveDriverHooks } from './live-driver.js';
import type { CaptureControls, FileHooks, Presenter, RunControl, RunOutcome } from './presenter.js';

export interface TextPresenterDeps {
  readonly version: string;
  readonly schedule: Schedule;
  readonly process: ProcessPort;
  readonly services: ServiceTable;
  readonly writeStderr: (text: string) => void;
  readonly epochSeconds: () => number;
  /** Lets the event loop run (signals, keys, output) between chunks of a file. */
  readonly yieldToEvents: () => Promise<void>;
}

export interface TextSource {
  readonly kind: 'interface' | 'file';
  /** Interface name or file path as given (the NDJSON header carries it as it is). */
  readonly name: string;
  /** The same, made inert for text. */
  readonly shown: string;
  readonly linkBits: number | null;
  readonly kernel: () => KernelCounters | null;
}

/** How long the -s block of a live run waits for names still being looked up. */
const NAMES_WAIT_MS = 1000;

export class TextPresenter implements Presenter {
  readonly sinks: readonly TextSession[];
  private readonly session: TextSession;
  private readonly queue: Block[] = [];
  private error: string | null = null;
  private status = 0;
  private keys: KeyReader | null = null;
  private removeSignals: () => void = () => {};
  /** The -s block of a live run, waiting (at most NAMES_WAIT_MS) for the names it shows. */
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: TextPresenterDeps,
    private readonly config: Configuration,
    private readonly source: TextSource,
    monitor: Monitor,
    private readonly out: OutputStream,
    private readonly names: NameService,
    private readonly control: RunControl,
    owners: RunOwners = NO_OWNERS,
  ) {
    const { settings, extras } = config;
    const live = source.kind === 'interface';
    this.session = new TextSession(
      monitor,
      { view: viewOptionsFrom(settings), dnsOn: settings.dnsResolution, portNamesOn: settings.portResolution, paused: false },
      {
        numLines: settings.numLines, useBytes: settings.useBytes, ndjson: extras.ndjson, labels: extras.labels, linkBits: source.linkBits, services: serviceNames(deps.services),
        owners: 'rows' in owners ? owners.rows : null, by: extras.by,
      },
      labellerFactory(deps.services, names),
      source.kernel,
      // Live, a block is printed as it happens (the -s block after waiting a little for its names); from a
      // file it waits for the names it shows, so a file prints the same every time.
      live ? (b) => this.emitLive(b) : (b) => this.queue.push(b),
    );
    this.sinks = [this.session];
    out.onClosed((e) => {
      if (e.code !== 'EPIPE') this.error = `cannot write the output: ${e.message}`;
      control.stop(this.status);
    });
    this.removeSignals = deps.process.onSignal((s) => this.signalled(s));
    const header = extras.ndjson
      ? ndjsonHeader(deps.version, live ? { interface: source.name } : { file: source.name })
      : `${live ? 'Listening on' : 'Reading from'} ${source.shown}\n`;
    out.write(header);
  }

  liveHooks(): LiveDriverHooks {
    // Under -s only the last tick prints: the names of what the list shows meanwhile are asked for at
    // every tick, so they are there when the block is.
    return this.config.settings.timedOutput > 0 ? { afterTick: () => this.askNames() } : {};
  }

  startLive(driver: LiveDriver, _input: CaptureControls): void {
    // iftop reads keys in text mode unless -s is given.
    if (this.config.settings.timedOutput === 0 && !this.config.extras.ndjson) this.readKeys(driver);
  }

  linkEvent(e: LinkEvent): void {
    this.deps.writeStderr(`wiretop: ${linkEventLine(this.source.shown, e)}\n`);
  }

  startFile(): FileHooks {
    return {
      pause: async () => {
        await this.flush();
        await this.out.drained();
        await this.deps.yieldToEvents();
      },
    };
  }

  async afterFile(_replay: FileReplay): Promise<void> {
    await this.flush();
  }

  async finish(_end: RunOutcome): Promise<{ status: number; error: string | null }> {
    await this.pending;
    this.keys?.close();
    this.removeSignals();
    await this.out.drained();
    return { status: this.status, error: this.error };
  }

  /** Writes the queued blocks of a file, each once the names it shows have been looked up. */
  private async flush(): Promise<void> {
    for (const block of this.queue.splice(0)) {
      if (this.session.state.dnsOn) await this.names.settle(this.session.shownAddresses(block));
      this.write(this.session.render(block));
    }
  }

  private emitLive(b: Block): void {
    const timed = this.config.settings.timedOutput > 0;
    if (!timed || !b.listing || !this.session.showsNames) {
      this.write(this.session.render(b));
      return;
    }
    const addresses = this.session.shownAddresses(b);
    this.askNames();
    this.pending = this.pending.then(async () => {
      let cancel = () => {};
      await Promise.race([this.names.settle(addresses), new Promise<void>((r) => (cancel = this.deps.schedule(r, NAMES_WAIT_MS)))]);
      cancel();
      this.write(this.session.render(b));
    });
  }

  private askNames(): void {
    if (!this.session.showsNames) return;
    for (const a of this.session.candidateAddresses()) this.names.name(a);
  }

  private write(text: string): void {
    if (text !== '') this.out.write(text);
  }

  private signalled(signal: HandledSignal): void {
    this.status = signal === 'SIGINT' ? 0 : 128 + SIGNAL_NUMBERS[signal];
    this.control.stop(this.status);
  }

  private readKeys(driver: LiveDriver): void {
    const start = () => {
      this.keys = this.deps.process.readKeys(
        (k) => driver.later(() => this.key(k)),
        (signal) => {
          if (signal === 'SIGTSTP') {
            this.keys?.close();
            this.deps.process.suspend(start);
          } else this.signalled(signal);
        },
      );
    };
    start();
  }

  private key(k: string): void {
    const { text, quit } = this.session.key(k, this.deps.epochSeconds());
    this.write(text);
    if (quit) this.control.stop(this.status);
  }
}
