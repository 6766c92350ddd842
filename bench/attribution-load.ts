// The attribution benchmark's host: a namespace holding N sockets spread over M processes, a server, and connection churn.
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';

/** Holds PAIRS loopback connections (2 sockets each) and hands them to PROCS `sleep` processes. */
const HOLDER = `
import socket, sys, subprocess, resource, signal
pairs, procs = int(sys.argv[1]), int(sys.argv[2])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
l = socket.socket(); l.bind(('127.0.0.1', 0)); l.listen(4096)
socks = []
for i in range(pairs):
    c = socket.socket(); c.connect(l.getsockname()); a, _ = l.accept(); socks += [c, a]
per = (len(socks) + procs - 1) // procs
kids = []
for p in range(procs):
    mine = socks[p * per:(p + 1) * per]
    kids.append(subprocess.Popen(['sleep', '1000000'], pass_fds=[s.fileno() for s in mine], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    for s in mine: s.close()
def stop(*_):
    for k in kids: k.kill()
    sys.exit(0)
signal.signal(signal.SIGTERM, stop)
print('ready', flush=True)
sys.stdin.read()
stop()
`;

/** Accepts and drains connections until EOF. */
const SERVER = `
import socket, selectors, sys
sel = selectors.DefaultSelector()
l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); l.bind(('127.0.0.1', 0)); l.listen(4096); l.setblocking(False)
sel.register(l, selectors.EVENT_READ)
print(l.getsockname()[1], flush=True)
while True:
    for key, _ in sel.select():
        s = key.fileobj
        if s is l:
            c, _ = l.accept(); c.setblocking(False); sel.register(c, selectors.EVENT_READ)
        else:
            try: d = s.recv(65536)
            except OSError: d = b''
            if not d: sel.unregister(s); s.close()
`;

/**
 * New connections at RATE per second, each sending 100 bytes and living LIFE seconds; one printed
 * local port per connection. FORK=1: each connection from a fresh short-lived process (curl-like).
 */
const CHURN = `
import socket, sys, time, os
port, rate, seconds, life, fork = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5] == '1'
live = []
start = time.monotonic(); n = 0
while time.monotonic() - start < seconds:
    due = start + n / rate
    now = time.monotonic()
    if due > now: time.sleep(due - now)
    n += 1
    if fork:
        r, w = os.pipe()
        if os.fork() == 0:
            c = socket.create_connection(('127.0.0.1', port)); c.send(b'x' * 100)
            os.write(w, (str(c.getsockname()[1]) + '\\n').encode()); time.sleep(life); os._exit(0)
        os.close(w); print(os.read(r, 32).decode().strip(), flush=True); os.close(r)
        try:
            while os.waitpid(-1, os.WNOHANG)[0] != 0: pass
        except ChildProcessError: pass
    else:
        c = socket.create_connection(('127.0.0.1', port)); c.send(b'x' * 100)
        print(c.getsockname()[1], flush=True); live.append((time.monotonic(), c))
        while live and time.monotonic() - live[0][0] > life: live.pop(0)[1].close()
print('done', flush=True)
`;

export interface LoadHost {
  readonly ns: string;
  readonly serverPort: number;
  /** Starts churn; calls onPort per new connection; resolves when it finished. */
  churn(rate: number, seconds: number, lifeSeconds: number, fork: boolean, onPort: (port: number) => void): Promise<void>;
  destroy(): void;
}

function python(ns: string, script: string, args: readonly string[]): ChildProcess {
  return spawn('ip', ['netns', 'exec', ns, 'python3', '-c', script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
}

function firstLine(c: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: c.stdout! });
    rl.once('line', (l) => {
      rl.close();
      resolve(l);
    });
    c.once('exit', (code) => reject(new Error(`exited with ${code} before printing`)));
  });
}

/** A namespace with `sockets` held by `processes` sleepers (holders of at most 5 000 fds each: the hard RLIMIT_NOFILE). */
export async function createLoadHost(sockets: number, processes: number): Promise<LoadHost> {
  const ns = `wt-bench-attr-${randomBytes(3).toString('hex')}`;
  execFileSync('ip', ['netns', 'add', ns]);
  execFileSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  const kids: ChildProcess[] = [];
  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    // A holder kills its sleepers on SIGTERM.
    for (const k of kids) k.kill('SIGTERM');
    try {
      execFileSync('ip', ['netns', 'del', ns]);
    } catch {
      /* gone */
    }
  };
  process.on('exit', destroy);
  const holders = Math.max(1, Math.ceil(sockets / 5000));
  for (let h = 0; h < holders; h++) {
    const k = python(ns, HOLDER, [String(Math.floor(sockets / 2 / holders)), String(Math.floor(processes / holders))]);
    kids.push(k);
    if ((await firstLine(k)) !== 'ready') throw new Error('holder failed');
  }
  const server = python(ns, SERVER, []);
  kids.push(server);
  const serverPort = Number(await firstLine(server));
  return {
    ns, serverPort, destroy,
    churn: (rate, seconds, life, fork, onPort) => churn(ns, serverPort, rate, seconds, life, fork, onPort),
  };
}

/** New connections to the namespace's server (see CHURN); resolves once they are all made. */
export function churn(ns: string, serverPort: number, rate: number, seconds: number, life: number, fork: boolean, onPort: (port: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = python(ns, CHURN, [String(serverPort), String(rate), String(seconds), String(life), fork ? '1' : '0']);
    createInterface({ input: c.stdout! }).on('line', (l) => (l === 'done' ? resolve() : onPort(Number(l))));
    c.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`churn exited with ${code}`))));
  });
}
