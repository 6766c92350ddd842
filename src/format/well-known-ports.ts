// Service names for the common ports, used by labels and detectors when /etc/services lacks them (no netbase package).

/*
 * Debian's /etc/services names where it has the port (so a label reads the same with or without the
 * file), IANA's otherwise; one name per port for TCP and UDP alike. The file, when present, wins. The
 * port column of the iftop-compatible views does not use this table (iftop shows numbers without the file).
 */
const BOTH: ReadonlyArray<readonly [number, string]> = [
  [20, 'ftp-data'], [21, 'ftp'], [22, 'ssh'], [23, 'telnet'], [25, 'smtp'], [53, 'domain'], [67, 'bootps'],
  [68, 'bootpc'], [69, 'tftp'], [80, 'http'], [88, 'kerberos'], [110, 'pop3'], [119, 'nntp'], [123, 'ntp'],
  [135, 'epmap'], [137, 'netbios-ns'], [138, 'netbios-dgm'], [139, 'netbios-ssn'], [143, 'imap2'], [161, 'snmp'],
  [162, 'snmp-trap'], [179, 'bgp'], [389, 'ldap'], [443, 'https'], [445, 'microsoft-ds'], [465, 'submissions'],
  [500, 'isakmp'], [514, 'syslog'], [587, 'submission'], [636, 'ldaps'], [853, 'domain-s'], [873, 'rsync'],
  [993, 'imaps'], [995, 'pop3s'], [1194, 'openvpn'], [1433, 'ms-sql-s'], [1812, 'radius'], [1813, 'radius-acct'],
  [2049, 'nfs'], [3306, 'mysql'], [3389, 'ms-wbt-server'], [3478, 'stun'], [4500, 'ipsec-nat-t'],
  [5060, 'sip'], [5061, 'sip-tls'], [5353, 'mdns'], [5432, 'postgresql'], [5671, 'amqps'], [5672, 'amqp'],
  [5900, 'rfb'], [6379, 'redis'], [6443, 'sun-sr-https'], [8080, 'http-alt'], [9100, 'hp-pdl-datastr'],
  [11211, 'memcache'], [27017, 'mongodb'],
];

const NAMES = new Map<number, string>(BOTH);

/** The name of a well-known TCP/UDP port, or undefined. */
export function wellKnownService(port: number, proto: number): string | undefined {
  return proto === 6 || proto === 17 ? NAMES.get(port) : undefined;
}
