// The real capture port: live captures in a worker (libpcap through koffi), capture files through the pure reader, libpcap's filter compiler.
import type { CapturePort } from '../../ports/capture-port.js';
import { openCaptureFile } from '../file/read-capture-file.js';
import { readCaptureRecords } from '../file/read-records.js';
import { compileBpf } from './bpf-compile.js';
import { CaptureOpenError, LiveCapture } from './live-capture.js';
import { LibpcapMissingError } from './pcap-ffi.js';

export const capturePort: CapturePort = {
  async openLive(request) {
    try {
      return { capture: await LiveCapture.open({ device: request.device, filter: request.filter, filterOtherLinks: request.filterOtherLinks, snaplen: request.snaplen, promiscuous: request.promiscuous, bufferBytes: request.bufferBytes }) };
    } catch (e) {
      if (e instanceof CaptureOpenError) return { error: { code: e.code, message: e.message } };
      throw e;
    }
  },
  async openFile(path) {
    const opened = await openCaptureFile(path);
    if ('error' in opened) return { error: { message: opened.error.message } };
    return {
      file: {
        read: async (sink, options) => {
          const r = await opened.read(sink, options);
          return { linktypes: r.linktypes, error: r.error === null ? null : { message: r.error.message } };
        },
        readRecords: async (spec, sink, options) => {
          const r = await readCaptureRecords(opened, spec, sink, options);
          return { linktypes: r.linktypes, error: r.error === null ? null : { message: r.error.message } };
        },
        close: () => opened.close(),
      },
    };
  },
  compileFilter(text, linktype) {
    try {
      return compileBpf(text, linktype);
    } catch (e) {
      if (e instanceof LibpcapMissingError) return { libpcapMissing: true };
      throw e;
    }
  },
};
