// A capture file as a run's input: the -f filter checked up front, the file opened before privileges go.
import type { Configuration } from '../../cli/configuration.js';
import type { LocalNetwork } from '../../core/local-network.js';
import { NO_LOCAL_NETWORK } from '../../core/local-network.js';
import { LinkType } from '../../decode/link-types.js';
import { inert } from '../../format/inert.js';
import type { CaptureFile, CapturePort } from '../../ports/capture-port.js';
import type { BpfCompiler } from '../filtered-sink.js';
import { bpfProgramText, LIBPCAP_MISSING } from '../labelling.js';

export interface FileInput {
  readonly path: string;
  /** The path made safe to print. */
  readonly shown: string;
  readonly file: CaptureFile;
  readonly filter: BpfCompiler | null;
  /** A file has no interface of its own: direction comes from -F/-G, else address order. */
  readonly local: LocalNetwork;
}

export async function openFileInput(capture: CapturePort, config: Configuration, path: string): Promise<FileInput | { error: string }> {
  const { settings } = config;
  const user = settings.filterCode === null || settings.filterCode.trim() === '' ? null : settings.filterCode;
  const filterText = user === null ? null : bpfProgramText(user);
  if (filterText !== null) {
    // Catch syntax errors before any output; a filter that only fails for the file's own link type
    // (say "ether host" on raw IP) is reported when that link type is met.
    const probe = capture.compileFilter(filterText, LinkType.ETHERNET);
    if ('libpcapMissing' in probe) return { error: LIBPCAP_MISSING };
    if ('error' in probe) return { error: `bad filter "${inert(settings.filterCode ?? '')}": ${inert(probe.error)}` };
  }
  const opened = await capture.openFile(path);
  if ('error' in opened) return { error: inert(opened.error.message) };
  const file = opened.file;
  const filter: BpfCompiler | null = user === null ? null : (linktype) => {
    const r = capture.compileFilter(bpfProgramText(user, linktype), linktype);
    return 'libpcapMissing' in r ? { error: LIBPCAP_MISSING } : r;
  };
  return {
    path,
    shown: inert(path),
    file,
    filter,
    local: { ...NO_LOCAL_NETWORK, netFilter4: settings.netFilter4, netFilter6: settings.netFilter6, linkLocal: settings.linkLocal },
  };
}
