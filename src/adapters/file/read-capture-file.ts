// Reads a pcap/pcapng file from disk in chunks and feeds it to the pure parser; the only fs user.
import { constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { isatty } from 'node:tty';
import { pipeSource } from './pipe-source.js';
import { deviceSource } from './device-source.js';
import { createCaptureFileParser, MAX_UNIT_BYTES } from '../../capture-file/capture-file.js';
import type { CaptureFileError } from '../../capture-file/capture-file.js';
import type { FrameSink } from '../../capture-file/frame-sink.js';

export const DEFAULT_CHUNK_SIZE = 1024 * 1024;

export interface ReadCaptureOptions {
  /** Most bytes asked of one read; also the starting buffer size. Small values exist for tests. */
  chunkSize?: number;
  /** Awaited after each chunk: lets the caller yield to the event loop or wait for output to drain. */
  betweenChunks?: () => Promise<void> | void;
  /** Checked before each read; true ends reading early without an error. */
  shouldStop?: () => boolean;
}

export interface ReadCaptureResult {
  packets: number;
  badRecords: number;
  /** Link types of the delivered frames, in order of first appearance. */
  linktypes: readonly number[];
  bytesRead: number;
  /** The largest buffer held at once: bounded by the chunk size and the biggest legal record. */
  bufferSize: number;
  /** True when shouldStop() ended the read. */
  stopped: boolean;
  /** Why reading ended early; every frame before the problem has been delivered. */
  error: CaptureFileError | null;
}

/**
 * Anything that fills buf[offset, offset+length) and says how many bytes it wrote: 0 at the end, a
 * negative number when nothing came yet (a quiet pipe: ask again).
 */
export interface ByteSource {
  read(buf: Uint8Array, offset: number, length: number): Promise<number>;
}

/** A ByteSource that owns its descriptor (a pipe's, a device's). */
export interface ClosableSource extends ByteSource {
  /** Stops reading and closes the descriptor. */
  close(): void;
}

function fsError(err: unknown, name: string): CaptureFileError {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT': case 'ENOTDIR': return { kind: 'not-found', message: `${name}: no such file` };
    case 'EACCES': case 'EPERM': return { kind: 'permission', message: `${name}: permission denied` };
    case 'EISDIR': return { kind: 'is-directory', message: `${name}: is a directory, not a capture file` };
    default: {
      const detail = err instanceof Error ? err.message : String(err);
      return { kind: 'io', message: `${name}: cannot read: ${detail}` };
    }
  }
}

/** An opened capture file: read it once (with read(), or as records through read-records.ts), then close(). */
export interface OpenedCapture {
  read(sink: FrameSink, options?: ReadCaptureOptions): Promise<ReadCaptureResult>;
  close(): Promise<void>;
  /** The path as given (error messages start with it). */
  readonly name: string;
  /** The open descriptor and its bytes as a source (positioned at the start until read). */
  readonly fd: number;
  readonly source: ByteSource;
  /** Size in bytes of a regular file; null for anything else (a pipe, a device). */
  readonly size: number | null;
}

/** The path that means standard input (as tcpdump -r - has it). */
export const STDIN_PATH = '-';

/** How to tell a user who gave a terminal where a capture should come from. */
const NOT_A_TERMINAL = 'give a capture file, or pipe one in (tcpdump -w - … | wiretop -r -)';

/**
 * Opens `path`, or standard input for "-" (so privileges can be dropped before any byte of it is
 * parsed). Never throws: a file that cannot be opened comes back as an error value.
 */
export async function openCaptureFile(path: string): Promise<OpenedCapture | { error: CaptureFileError }> {
  if (path === STDIN_PATH) {
    if (isatty(0)) return { error: { kind: 'io', message: 'standard input is a terminal, not a capture: pipe one in (tcpdump -w - … | wiretop -r -)' } };
    let st: Stats;
    try {
      st = fstatSync(0);
    } catch (err) {
      return { error: fsError(err, path) };
    }
    // A pipe or socket is read as one; standard input redirected from a file is that file.
    if (st.isFIFO() || st.isSocket()) return streamCapture(path, 0, pipeSource(0));
  }
  let handle: FileHandle;
  try {
    // A descriptor of its own for standard input (/dev/stdin is fd 0's file), closed like any file's.
    // Opening a FIFO waits (in the thread pool) until a writer has opened it.
    handle = await open(path === STDIN_PATH ? '/dev/stdin' : path, 'r');
  } catch (err) {
    return { error: fsError(err, path) };
  }
  // Linux lets a directory be opened read-only; only fstat (or the first read) tells.
  let problem: CaptureFileError | null = null;
  let size: number | null = null;
  let fifo = false;
  let device = false;
  try {
    const st = await handle.stat();
    if (st.isDirectory()) problem = fsError({ code: 'EISDIR' }, path);
    else if (st.isFile()) size = st.size;
    else if (st.isFIFO()) fifo = true;
    else device = st.isCharacterDevice();
  } catch (err) {
    problem = fsError(err, path);
  }
  if (problem === null && device && isatty(handle.fd)) problem = { kind: 'io', message: `${path}: is a terminal, not a capture: ${NOT_A_TERMINAL}` };
  if (problem === null && (fifo || device)) {
    // A second, non-blocking descriptor of the same file replaces the first, so that no read blocks: a
    // FIFO (its writer is there now; another reader stays, so the writer sees nothing) goes to the event
    // loop (pipe-source.ts), a character device that is no terminal (/dev/zero, say) is polled
    // (device-source.ts), since libuv cannot watch one.
    let fd: number;
    try {
      fd = openSync(path === STDIN_PATH ? '/dev/stdin' : path, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (err) {
      await handle.close().catch(() => undefined);
      return { error: fsError(err, path) };
    }
    await handle.close().catch(() => undefined);
    return streamCapture(path, fd, fifo ? pipeSource(fd) : deviceSource(fd));
  }
  if (problem !== null) {
    await handle.close().catch(() => undefined);
    return { error: problem };
  }
  // A regular file: synchronous reads of whole chunks (an async read per chunk left the CPU idle
  // between chunks, 5 % of an offline run); the caller still yields to the event loop between chunks.
  // Anything else (a block device: its reads end) is read asynchronously, in the thread pool.
  const fd = handle.fd;
  const source: ByteSource = size !== null
    ? { read: (buf, offset, length) => Promise.resolve(readSync(fd, buf, offset, length, null)) }
    : { read: async (buf, offset, length) => (await handle.read(buf, offset, length, null)).bytesRead };
  return {
    // Read errors come back as values; an exception from the sink is the caller's bug and propagates.
    read: (sink, options = {}) => readCaptureSource(source, path, sink, options),
    close: () => handle.close().catch(() => undefined),
    name: path,
    fd,
    source,
    size,
  };
}

/** A pipe or device at descriptor `fd`, read through `source` (which closes it), as an opened capture. */
function streamCapture(path: string, fd: number, source: ClosableSource): OpenedCapture {
  return {
    read: (sink, options = {}) => readCaptureSource(source, path, sink, options),
    close: async () => source.close(),
    name: path,
    fd,
    source,
    size: null,
  };
}

/** Opens `path` and delivers its frames to `sink`. Never throws for file or data problems. */
export async function readCaptureFile(path: string, sink: FrameSink, options: ReadCaptureOptions = {}): Promise<ReadCaptureResult> {
  const opened = await openCaptureFile(path);
  if ('error' in opened) return emptyResult(opened.error);
  try {
    return await opened.read(sink, options);
  } finally {
    await opened.close();
  }
}

function emptyResult(error: CaptureFileError): ReadCaptureResult {
  return { packets: 0, badRecords: 0, linktypes: [], bytesRead: 0, bufferSize: 0, stopped: false, error };
}

/**
 * The chunk loop behind readCaptureFile, over any byte source (so tests and pipes can use it).
 * `name` prefixes error messages. Read failures become an 'io'-style error value.
 */
export async function readCaptureSource(source: ByteSource, name: string, sink: FrameSink, options: ReadCaptureOptions = {}): Promise<ReadCaptureResult> {
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? DEFAULT_CHUNK_SIZE));
  const parser = createCaptureFileParser();
  let buf = new Uint8Array(Math.min(chunkSize, MAX_UNIT_BYTES));
  let bufferSize = buf.length;
  let start = 0;
  let end = 0;
  let bytesRead = 0;
  let stopped = false;
  let readError: CaptureFileError | null = null;

  while (parser.error === null) {
    if (options.shouldStop?.() === true) { stopped = true; break; }
    // Keep only the unconsumed tail (less than one record) at the front.
    if (start > 0) {
      buf.copyWithin(0, start, end);
      end -= start;
      start = 0;
    }
    // The parser has checked `needed` against its cap, so growth is bounded by one legal record.
    const needed = Math.min(parser.needed, MAX_UNIT_BYTES);
    if (needed > buf.length) {
      const bigger = new Uint8Array(needed);
      bigger.set(buf.subarray(0, end));
      buf = bigger;
      if (buf.length > bufferSize) bufferSize = buf.length;
    }
    const want = Math.min(chunkSize, buf.length - end);
    if (want <= 0) {
      // Unreachable while parsers honour `needed`; stop rather than spin.
      readError = { kind: 'io', message: `${name}: internal error: the reader's buffer is full but the parser wants no more` };
      break;
    }
    let n: number;
    try {
      n = await source.read(buf, end, want);
    } catch (err) {
      readError = fsError(err, name);
      break;
    }
    if (n < 0) {
      // A quiet pipe: let the caller see to its output and stop requests, then wait again.
      await options.betweenChunks?.();
      continue;
    }
    if (n === 0) {
      parser.finish(buf, start, end);
      break;
    }
    end += n;
    bytesRead += n;
    start = parser.parse(buf, start, end, sink);
    if (parser.error !== null) break;
    await options.betweenChunks?.();
  }

  const parseError = parser.error;
  const error = readError ?? (parseError === null ? null : { kind: parseError.kind, message: `${name}: ${parseError.message}` });
  return {
    packets: parser.packets,
    badRecords: parser.badRecords,
    linktypes: [...parser.linktypes],
    bytesRead,
    bufferSize,
    stopped,
    error,
  };
}
