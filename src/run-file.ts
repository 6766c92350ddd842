// Wiring for -r FILE: the pure-TypeScript file reader, the replay driver, text or NDJSON on stdout.
import { accessSync, constants } from 'node:fs';
import { compileBpf } from './adapters/capture/bpf-compile.js';
import { readCaptureFile } from './adapters/file/read-capture-file.js';
import { StdoutOutput } from './adapters/io/stdout-output.js';
import { runReplayText } from './app/replay-text.js';
import { TextSession } from './app/text-session.js';
import type { Configuration } from './cli/configuration.js';
import { Monitor } from './core/monitor.js';
import { NO_LOCAL_NETWORK } from './core/local-network.js';
import { isSupportedLinkType } from './decode/decode-frame.js';
import { LinkType, linkTypeName } from './decode/link-types.js';
import { inert } from './format/inert.js';
import { ndjsonHeader } from './render/ndjson.js';
import { bpfProgramText, fail, installSignals, labellerFactory, randomSeed, viewOptionsFrom } from './wiring.js';
import { VERSION } from './version.js';

export async function runFile(config: Configuration): Promise<number> {
  const { settings, extras } = config;
  const path = extras.readFile!;
  if (!readable(path)) return fail(`${inert(path)}: cannot open: ${fileProblem(path)}`);
  const filterText = settings.filterCode === null || settings.filterCode.trim() === '' ? null : bpfProgramText(settings.filterCode);
  if (filterText !== null) {
    // Catch syntax errors before any output; a filter that only fails for the file's own link type
    // (say "ether host" on raw IP) is reported when that link type is met.
    const probe = compileBpf(filterText, LinkType.ETHERNET);
    if ('error' in probe) return fail(`bad filter "${inert(settings.filterCode ?? '')}": ${inert(probe.error)}`);
  }
  const monitor = new Monitor({
    local: { ...NO_LOCAL_NETWORK, netFilter4: settings.netFilter4, netFilter6: settings.netFilter6, linkLocal: settings.linkLocal },
    maxFlows: extras.maxFlows,
    hashSeed: randomSeed(),
  });
  const session = new TextSession(
    monitor,
    { view: viewOptionsFrom(settings), dnsOn: settings.dnsResolution, portNamesOn: settings.portResolution, paused: false },
    { numLines: settings.numLines, useBytes: settings.useBytes, ndjson: extras.ndjson },
    labellerFactory(),
  );
  const out = new StdoutOutput(process.stdout, true);
  let quit = false;
  let outputError: string | null = null;
  out.onClosed((e) => {
    quit = true;
    if (e.code !== 'EPIPE') outputError = `cannot write the output: ${e.message}`;
  });
  installSignals(() => (quit = true));
  out.write(extras.ndjson ? ndjsonHeader(VERSION, { file: path }) : `Reading from ${inert(path)}\n`);
  const result = await runReplayText(
    monitor,
    session,
    {
      out,
      readFile: (sink, between, shouldStop) => readCaptureFile(path, sink, { betweenChunks: between, shouldStop }),
      pause: () => new Promise((r) => setImmediate(r)),
      ...(filterText === null ? {} : { filter: (linktype: number) => compileBpf(filterText, linktype) }),
    },
    settings.timedOutput,
    () => quit,
  );
  if (outputError !== null) return fail(outputError);
  for (const lt of result.linktypes) {
    if (!isSupportedLinkType(lt)) process.stderr.write(`wiretop: ${inert(path)}: link type ${lt} (${linkTypeName(lt)}) is not supported; its packets were not counted\n`);
  }
  if (result.error !== null) return fail(inert(result.error.message));
  return 0;
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

function fileProblem(path: string): string {
  try {
    accessSync(path, constants.F_OK);
    return 'permission denied';
  } catch {
    return 'no such file';
  }
}
