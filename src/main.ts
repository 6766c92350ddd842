// Composition root: argv and config → settings, real adapters built here, one exit status, no stack traces.
import { parseArgs } from './cli/args.js';
import { loadConfiguration } from './cli/configuration.js';
import { usageText } from './cli/usage.js';
import { readTextFile } from './adapters/host/linux-host.js';
import { runFile } from './run-file.js';
import { runLive } from './run-live.js';
import { VERSION } from './version.js';
import { enterCheckMode, fail, inCheckMode } from './wiring.js';

/** How long a live `wiretop check` watches by default. */
const CHECK_SECONDS = 8;

/** Runs wiretop with argv (without node and script) and resolves to the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const check = argv[0] === 'check';
  if (check) enterCheckMode();
  const parsed = parseArgs(check ? argv.slice(1) : argv);
  if (parsed.kind === 'help') {
    process.stdout.write(usageText(VERSION));
    return 0;
  }
  if (parsed.kind === 'version') {
    process.stdout.write(`wiretop ${VERSION}\n`);
    return 0;
  }
  if (parsed.kind === 'error') return fail(parsed.message);
  const config = loadConfiguration(parsed, process.env['HOME'], (path) => {
    const r = readTextFile(path);
    return 'text' in r ? r : { error: { ...(r.error.code === undefined ? {} : { code: r.error.code }), message: r.error.message } };
  });
  for (const m of config.messages) process.stderr.write(`${m}\n`);
  if (check) {
    // A check is text mode without output but its one status line. Live, it watches 8 s unless -s says:
    // long enough for four 2-second slots, short enough for check_nrpe's default 10 s timeout.
    config.extras.check = true;
    config.settings.noCurses = true;
    if (config.settings.timedOutput <= 0) config.settings.timedOutput = CHECK_SECONDS;
  }
  return config.extras.readFile !== null ? runFile(config) : runLive(config);
}

/** Entry point for bin/wiretop.js: runs main, maps an unexpected failure to one line and status 70. */
export function start(): void {
  const internal = (e: unknown) => {
    // A monitoring system reads a check's stdout and status: an internal error is UNKNOWN there.
    if (inCheckMode()) process.stdout.write(`WIRETOP UNKNOWN - internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.stderr.write(`wiretop: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env['WIRETOP_DEBUG'] !== undefined && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    process.exit(inCheckMode() ? 3 : 70);
  };
  process.on('uncaughtException', internal);
  main(process.argv.slice(2)).then((code) => process.exit(code), internal);
}
