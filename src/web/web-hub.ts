// The web view's sources and its read-only API answers (sources, snapshot, history), independent of HTTP.
import type { HistoryQuery } from '../ports/history-query.js';
import { historyRange, historySeries } from './history-view.js';
import type { WebSource } from './web-source.js';

export interface WebReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** The page's message when no store is configured. */
export const NO_HISTORY = 'no history (start with --history)';

export class WebHub {
  private readonly sources: WebSource[] = [];

  constructor(
    private readonly history: HistoryQuery | null,
    /** Wall time, for a source that has had no tick yet. */
    private readonly epochSeconds: () => number,
  ) {}

  add(source: WebSource): void {
    this.sources.push(source);
  }

  get all(): readonly WebSource[] {
    return this.sources;
  }

  get hasHistory(): boolean {
    return this.history !== null;
  }

  /** `?source=` by name or index; the first source when not given. */
  find(query: { get(name: string): string | null }): WebSource | null {
    const want = query.get('source');
    if (want === null || want === '') return this.sources[0] ?? null;
    return this.sources.find((s) => s.shown === want || String(s.index) === want) ?? null;
  }

  sourcesReply(): WebReply {
    return json(200, JSON.stringify({ sources: this.sources.map((s) => s.sourceJson()) }));
  }

  snapshotReply(query: { get(name: string): string | null }): WebReply {
    const s = this.find(query);
    return s === null ? noSource() : json(200, s.snapshotJson());
  }

  /** Spans end at the source's last tick (capture time for a file: its history is where the file is). */
  historyReply(query: { get(name: string): string | null }): WebReply {
    if (this.history === null) return json(404, JSON.stringify({ error: NO_HISTORY }));
    const s = this.find(query);
    if (s === null) return noSource();
    const range = historyRange(query, s.latestTs ?? this.epochSeconds());
    if ('error' in range) return json(400, JSON.stringify({ error: range.error }));
    const name = s.source.kind === 'interface' ? s.source.name : s.source.path;
    return json(200, JSON.stringify(historySeries(this.history, name, range)));
  }
}

function json(status: number, body: string): WebReply {
  return { status, contentType: JSON_TYPE, body };
}

function noSource(): WebReply {
  return json(404, JSON.stringify({ error: 'no such source (see /api/v1/sources)' }));
}
