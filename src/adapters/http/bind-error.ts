// One line naming the fix when a listening socket cannot be opened: port in use, no such address, privileged port.

/** "cannot serve --metrics on 127.0.0.1:9100: the address is in use …". */
export function bindErrorMessage(name: string, host: string, port: number, e: NodeJS.ErrnoException): string {
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const lead = `cannot serve ${name} on ${where}`;
  switch (e.code) {
    case 'EADDRINUSE':
      return `${lead}: the address is in use (another program listens there); choose another port`;
    case 'EACCES':
    case 'EPERM':
      return `${lead}: permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE); choose a port of 1024 or more`;
    case 'EADDRNOTAVAIL':
      return `${lead}: this host has no such address; use 127.0.0.1, 0.0.0.0, [::] or one of the host's own addresses`;
    case 'EAFNOSUPPORT':
      return `${lead}: IPv6 is not available on this host; use an IPv4 address`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return `${lead}: not an address this host can listen on; give an IP address`;
    default:
      return `${lead}: ${e.code ?? e.message}`;
  }
}
