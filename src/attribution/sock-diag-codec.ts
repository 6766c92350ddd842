// Netlink sock_diag messages (as `ss` speaks them): dump and exact-lookup requests built, replies parsed, bounded.
import type { SocketRecord } from './socket-record.js';
import { SocketKind } from './socket-record.js';

export const NETLINK_SOCK_DIAG = 4;
const SOCK_DIAG_BY_FAMILY = 20;
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
const NLM_F_REQUEST = 1;
const NLM_F_DUMP = 0x300;
const NLMSG_HDRLEN = 16;
const REQ_LEN = NLMSG_HDRLEN + 56;
/** struct inet_diag_msg. */
const MSG_LEN = 72;
const AF_INET = 2;
const AF_INET6 = 10;
const INET_DIAG_PROTOCOL = 10;
const INET_DIAG_SKV6ONLY = 11;
const INET_DIAG_CGROUP_ID = 21;
/** Multicast groups announcing destroyed sockets (SKNLGRP_*), as bind() masks. */
export const DESTROY_GROUPS = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3);

/** Every TCP state but request sockets' NEW_SYN_RECV twin of SYN_RECV (the kernel reports those as SYN_RECV). */
export const ALL_STATES = 0xffffffff;

/** What a request asks for: TCP, UDP or raw sockets of one family. */
export interface DiagQuery {
  readonly family: 4 | 6;
  /** 6 TCP, 17 UDP, 255 raw (all raw protocols). */
  readonly proto: 6 | 17 | 255;
}

function header(v: DataView, len: number, flags: number, seq: number, le: boolean): void {
  v.setUint32(0, len, le);
  v.setUint16(4, SOCK_DIAG_BY_FAMILY, le);
  v.setUint16(6, flags, le);
  v.setUint32(8, seq >>> 0, le);
  v.setUint32(12, 0, le);
}

/** NLM_F_DUMP request for every socket of one family and protocol in the given TCP state mask. */
export function dumpRequest(q: DiagQuery, states: number, seq: number, le: boolean): Uint8Array {
  const out = new Uint8Array(REQ_LEN);
  const v = new DataView(out.buffer);
  header(v, REQ_LEN, NLM_F_REQUEST | NLM_F_DUMP, seq, le);
  out[16] = q.family === 4 ? AF_INET : AF_INET6;
  out[17] = q.proto;
  out[18] = 0; // no extensions: the default attributes (v6only, cgroup id) come anyway
  out[19] = q.proto === 255 ? 255 : 0; // raw: sdiag_raw_protocol = IPPROTO_RAW means every protocol
  v.setUint32(20, states >>> 0, le);
  v.setUint32(64, 0xffffffff, le); // INET_DIAG_NOCOOKIE
  v.setUint32(68, 0xffffffff, le);
  return out;
}

/**
 * A request for the one socket the kernel would deliver a packet to: local/remote words and ports as
 * in a flow key (local first). TCP finds established, time-wait, request and listening sockets; UDP
 * finds connected and unconnected (wildcard) sockets with the kernel's own scoring.
 */
export function lookupRequest(q: DiagQuery, local: Uint32Array, localPort: number, remote: Uint32Array, remotePort: number, seq: number, le: boolean): Uint8Array {
  return writeLookupRequest(new Uint8Array(REQ_LEN), q, local, localPort, remote, remotePort, seq, le);
}

/** lookupRequest into a reused buffer of at least 72 bytes (no allocation per flow). */
export function writeLookupRequest(out: Uint8Array, q: DiagQuery, local: Uint32Array, localPort: number, remote: Uint32Array, remotePort: number, seq: number, le: boolean): Uint8Array {
  out.fill(0, 0, REQ_LEN);
  const v = new DataView(out.buffer, out.byteOffset, REQ_LEN);
  header(v, REQ_LEN, NLM_F_REQUEST, seq, le);
  out[16] = q.family === 4 ? AF_INET : AF_INET6;
  out[17] = q.proto;
  v.setUint32(20, ALL_STATES, le);
  v.setUint16(24, localPort, false);
  v.setUint16(26, remotePort, false);
  for (let w = 0; w < 4; w++) {
    v.setUint32(28 + 4 * w, local[w]!, false);
    v.setUint32(44 + 4 * w, remote[w]!, false);
  }
  v.setUint32(64, 0xffffffff, le);
  v.setUint32(68, 0xffffffff, le);
  return out.subarray(0, REQ_LEN);
}

/** How a received datagram ended: more to come, the dump's end, or the kernel's error (a negative errno). */
export type DiagChunk = { readonly kind: 'more' } | { readonly kind: 'done' } | { readonly kind: 'error'; readonly errno: number };

const MORE: DiagChunk = { kind: 'more' };
const DONE: DiagChunk = { kind: 'done' };

/** Counters of what parsing skipped (bad lengths, unknown families): counted, never thrown. */
export interface DiagParseStats {
  malformed: number;
}

/**
 * Parses one received datagram (several netlink messages) into `rec`, calling visit per socket. The
 * record's kind comes from the request (`proto`: 6, 17 or 255), or with 0 (destroy notices) from the
 * message's protocol attribute. Truncated or lying lengths end the datagram and are counted.
 */
export function parseDiagDatagram(buf: Uint8Array, len: number, proto: number, le: boolean, rec: SocketRecord, visit: (r: SocketRecord) => void, stats: DiagParseStats): DiagChunk {
  const v = new DataView(buf.buffer, buf.byteOffset, Math.min(len, buf.length));
  const end = v.byteLength;
  let off = 0;
  while (off + NLMSG_HDRLEN <= end) {
    const mlen = v.getUint32(off, le);
    const type = v.getUint16(off + 4, le);
    if (mlen < NLMSG_HDRLEN || off + mlen > end) {
      stats.malformed++;
      return MORE;
    }
    if (type === NLMSG_DONE) return DONE;
    if (type === NLMSG_ERROR) {
      const errno = mlen >= NLMSG_HDRLEN + 4 ? v.getInt32(off + NLMSG_HDRLEN, le) : -1;
      return errno === 0 ? DONE : { kind: 'error', errno };
    }
    if (type === SOCK_DIAG_BY_FAMILY && mlen >= NLMSG_HDRLEN + MSG_LEN) {
      if (readMessage(v, off + NLMSG_HDRLEN, off + mlen, proto, le, rec)) visit(rec);
      else stats.malformed++;
    }
    off += (mlen + 3) & ~3;
  }
  return MORE;
}

function readMessage(v: DataView, at: number, end: number, proto: number, le: boolean, rec: SocketRecord): boolean {
  const family = v.getUint8(at);
  if (family !== AF_INET && family !== AF_INET6) return false;
  rec.family = family === AF_INET ? 4 : 6;
  setKind(rec, proto);
  rec.state = v.getUint8(at + 1);
  rec.localPort = v.getUint16(at + 4, false);
  rec.remotePort = v.getUint16(at + 6, false);
  const words = rec.family === 4 ? 1 : 4;
  for (let w = 0; w < 4; w++) {
    rec.local[w] = w < words ? v.getUint32(at + 8 + 4 * w, false) : 0;
    rec.remote[w] = w < words ? v.getUint32(at + 24 + 4 * w, false) : 0;
  }
  rec.uid = v.getUint32(at + 64, le);
  rec.inode = v.getUint32(at + 68, le);
  rec.v6only = rec.family === 6 ? -1 : 0;
  rec.cgroupId = 0;
  let a = at + MSG_LEN;
  while (a + 4 <= end) {
    const alen = v.getUint16(a, le);
    const atype = v.getUint16(a + 2, le) & 0x3fff;
    if (alen < 4 || a + alen > end) break;
    if (atype === INET_DIAG_SKV6ONLY && alen >= 5) rec.v6only = v.getUint8(a + 4);
    else if (atype === INET_DIAG_PROTOCOL && alen >= 5) {
      const p = v.getUint8(a + 4);
      if (proto === 0) setKind(rec, p === 6 || p === 17 ? p : 255);
      if (rec.kind === SocketKind.RAW) rec.proto = p;
    }
    else if (atype === INET_DIAG_CGROUP_ID && alen >= 12) {
      const lo = v.getUint32(a + 4, le), hi = v.getUint32(a + 8, le);
      rec.cgroupId = le ? hi * 0x1_0000_0000 + lo : lo * 0x1_0000_0000 + hi;
    }
    a += (alen + 3) & ~3;
  }
  if (proto === 0 && rec.proto === 0) return false;
  // A raw socket's "port" is its protocol in /proc/net/raw; keep the two sources alike.
  if (rec.kind === SocketKind.RAW) rec.localPort = rec.proto;
  return true;
}

function setKind(rec: SocketRecord, proto: number): void {
  rec.kind = proto === 6 ? SocketKind.TCP : proto === 17 ? SocketKind.UDP : SocketKind.RAW;
  rec.proto = proto;
}
