// The real history port: the SQLite recorder behind the run's sinks and a reader for the web view's charts.
import { defaultHistoryPath } from '../../history/history-path.js';
import { parseDetailRetention, parseRetention } from '../../history/resolutions.js';
import { DEFAULT_RETENTION } from '../../history/resolutions.js';
import type { HistoryPort } from '../../ports/history-port.js';
import type { HistoryReader } from '../../ports/history-store.js';
import { VERSION } from '../../version.js';
import { openHistorySink } from './history-deps.js';
import { openHistoryReader } from './sqlite-reader.js';

export const historyPort: HistoryPort = {
  open(o) {
    const path = o.path ?? defaultHistoryPath(process.getuid?.() ?? -1, process.env);
    if (path === null) return { error: '--history needs a file here (no home directory to keep it in): --history FILE' };
    let policy = DEFAULT_RETENTION;
    if (o.retention !== null) {
      const r = parseRetention(o.retention, policy);
      if ('error' in r) return r;
      policy = r.policy;
    }
    if (o.detailRetention !== null) {
      const r = parseDetailRetention(o.detailRetention, policy);
      if ('error' in r) return r;
      policy = r.policy;
    }
    const opened = openHistorySink({
      path, toolVersion: VERSION, report: o.report, retention: policy, isService: o.isService, owner: o.owner ?? null,
      ...(o.flushSeconds === null ? {} : { flushSeconds: o.flushSeconds }),
    });
    if (!opened.ok) return { error: opened.problem };
    const { recorder } = opened;
    // The reader opens at the first chart asked for (the recorder has made the file by then).
    let reader: HistoryReader | null = null;
    const read = (): HistoryReader | null => {
      if (reader !== null) return reader;
      const r = openHistoryReader(opened.path);
      return r.ok ? (reader = r.reader) : null;
    };
    return {
      path: opened.path,
      sink: {
        tick: (s) => recorder.tick(s),
        close: async () => {
          recorder.close();
          reader?.close();
        },
      },
      query: {
        buckets: (iface, resolution, from, to) =>
          (read()?.ifaceBuckets([iface], resolution, from, to) ?? []).map((b) => ({ ts: b.ts, rxBytes: b.rxBytes, txBytes: b.txBytes })),
      },
    };
  },
};
