// libc's socket calls for AF_NETLINK (Node has no netlink sockets), through koffi: open, bind, send, receive, close.
import koffi from 'koffi';

const AF_NETLINK = 16;
const SOCK_RAW = 3;
const SOCK_CLOEXEC = 0o2000000;
const MSG_DONTWAIT = 0x40;
const EINTR = 4;
const EAGAIN = 11;

/** A netlink socket of one protocol (NETLINK_SOCK_DIAG = 4, NETLINK_ROUTE = 0), in this thread's network namespace. */
export interface NetlinkSocket {
  /** Sends one request to the kernel (pid 0); throws on failure. */
  send(message: Uint8Array): void;
  /**
   * Receives one datagram into buf; returns its length, 0 when `wait` is false and nothing is
   * queued; throws on other errors (ENOBUFS: the kernel dropped multicast messages).
   */
  receive(buf: Uint8Array, wait: boolean): number;
  close(): void;
}

export class NetlinkError extends Error {
  constructor(readonly call: string, readonly errno: number) {
    super(`${call}: errno ${errno}`);
  }
}

interface Libc {
  socket(domain: number, type: number, protocol: number): number;
  bind(fd: number, addr: Uint8Array, len: number): number;
  sendto(fd: number, buf: Uint8Array, len: number, flags: number, addr: Uint8Array, addrLen: number): number;
  recv(fd: number, buf: Uint8Array, len: number, flags: number): number;
  close(fd: number): number;
}

let libc: Libc | null = null;

function load(): Libc {
  if (libc !== null) return libc;
  const lib = koffi.load('libc.so.6');
  libc = {
    socket: lib.func('int socket(int, int, int)'),
    bind: lib.func('int bind(int, const uint8_t*, uint32_t)'),
    sendto: lib.func('long sendto(int, const uint8_t*, size_t, int, const uint8_t*, uint32_t)'),
    recv: lib.func('long recv(int, _Out_ uint8_t*, size_t, int)'),
    close: lib.func('int close(int)'),
  };
  return libc;
}

/** struct sockaddr_nl: family, pad, pid 0 (the kernel, or "assign one" for bind), multicast group mask. */
function sockaddrNl(groups: number): Uint8Array {
  const a = new Uint8Array(12);
  const v = new DataView(a.buffer);
  v.setUint16(0, AF_NETLINK, true);
  v.setUint32(8, groups >>> 0, true);
  return a;
}

/** Opens a netlink socket; `groups` subscribes to multicast groups (bit n-1 for group n). */
export function openNetlink(protocol: number, groups = 0): NetlinkSocket {
  const c = load();
  const fd = c.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
  if (fd < 0) throw new NetlinkError('socket(AF_NETLINK)', koffi.errno());
  if (groups !== 0) {
    const addr = sockaddrNl(groups);
    if (c.bind(fd, addr, addr.length) !== 0) {
      const e = koffi.errno();
      c.close(fd);
      throw new NetlinkError('bind(AF_NETLINK)', e);
    }
  }
  const kernel = sockaddrNl(0);
  let open = true;
  return {
    send(message) {
      for (;;) {
        const n = c.sendto(fd, message, message.length, 0, kernel, kernel.length);
        if (n >= 0) return;
        const e = koffi.errno();
        if (e !== EINTR) throw new NetlinkError('sendto(netlink)', e);
      }
    },
    receive(buf, wait) {
      for (;;) {
        const n = c.recv(fd, buf, buf.length, wait ? 0 : MSG_DONTWAIT);
        if (n >= 0) return n;
        const e = koffi.errno();
        if (e === EINTR) continue;
        if (e === EAGAIN && !wait) return 0;
        throw new NetlinkError('recv(netlink)', e);
      }
    },
    close() {
      if (open) c.close(fd);
      open = false;
    },
  };
}
