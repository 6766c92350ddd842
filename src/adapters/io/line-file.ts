// Append-only text files written in the background with a bounded backlog (NDJSON, CSV), reopened after a write error.
import { closeSync, createWriteStream, openSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import type { LineFile, LineFilePort } from '../../ports/line-file.js';

/** Beyond this much unwritten text, writes are dropped instead of growing memory without bound. */
const MAX_BACKLOG = 64 << 20;

function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ?? (e instanceof Error ? e.message : String(e));
}

class FileLines implements LineFile {
  private stream: WriteStream | null;
  private problem: string | null = null;

  constructor(
    private readonly path: string,
    fd: number,
  ) {
    this.stream = this.wrap(fd);
  }

  write(text: string): boolean {
    return this.writeChunk(text);
  }

  writeBytes(bytes: Uint8Array): boolean {
    return this.writeChunk(bytes);
  }

  private writeChunk(chunk: string | Uint8Array): boolean {
    if (this.stream === null) {
      // After an error (a full disk, say) the file is opened again; it fails again until the cause is gone.
      try {
        this.stream = this.wrap(openSync(this.path, 'a', 0o640));
      } catch (e) {
        this.problem = `cannot open ${this.path}: ${errorText(e)}`;
        return true;
      }
    }
    if (this.stream.writableLength > MAX_BACKLOG) return false;
    this.stream.write(typeof chunk === 'string' ? chunk : Buffer.from(chunk));
    return true;
  }

  drained(): Promise<void> {
    const s = this.stream;
    if (s === null || s.writableLength === 0) return Promise.resolve();
    return new Promise((resolve) => {
      s.once('drain', resolve);
      s.once('close', resolve);
    });
  }

  async close(): Promise<void> {
    const s = this.stream;
    this.stream = null;
    if (s === null) return;
    await new Promise<void>((resolve) => s.end(resolve));
  }

  takeError(): string | null {
    const e = this.problem;
    this.problem = null;
    return e;
  }

  private wrap(fd: number): WriteStream {
    const s = createWriteStream('', { fd, autoClose: true });
    s.on('error', (e) => {
      this.problem = `cannot write ${this.path}: ${errorText(e)}`;
      if (this.stream === s) this.stream = null;
      s.destroy();
    });
    return s;
  }
}

export const lineFiles: LineFilePort = {
  open(path) {
    let fd: number;
    try {
      fd = openSync(path, 'a', 0o640);
    } catch (e) {
      return { error: `cannot open ${path} for writing: ${errorText(e)}` };
    }
    try {
      return { file: new FileLines(path, fd) };
    } catch (e) {
      closeSync(fd);
      return { error: `cannot open ${path} for writing: ${errorText(e)}` };
    }
  },
};
