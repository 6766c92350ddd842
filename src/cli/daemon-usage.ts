// The `wiretop daemon -h` text: the headless mode's options and its configuration file.
import { DEFAULT_DAEMON_CONFIG } from './daemon-args.js';

export function daemonUsageText(version: string): string {
  return `wiretop daemon: capture headless and feed outputs (no terminal needed)

Synopsis: wiretop daemon [--config file] [-i interface]... [options]

   -h, --help              display this message
   --config file           read options from file (default ${DEFAULT_DAEMON_CONFIG}
                           when it exists): one option per line, as below
                           without the dashes ("interface eth0"), # comments
   -i, --interface name    capture on this interface; repeat for several (each
                           its own capture and totals; default: iftop's choice).
                           One that does not exist yet is waited for
   -f, --filter code       BPF filter ("(code) and (ip or ip6)")
   -p, --promiscuous       promiscuous mode
   -F, --net-filter net/mask     IPv4 "local" network (iftop's -F)
   -G, --net-filter6 net6/mask6  IPv6 "local" network (iftop's -G)
   -l, --link-local        count IPv6 link-local traffic
   -Z, --user user         run as user once everything is open (as root;
                           default: the sudo user, else nobody)
   --buffer-size KiB, --snaplen bytes, --max-flows n, --link-speed speed
                           as for wiretop
   --no-processes          no per-process attribution (else the NDJSON file's
                           flows, the history and the web view name programs)

   Outputs (at least one output or alert rule):
   --ndjson-file file      every flow of every tick as JSON lines (- for
                           standard output)
   --csv file              one CSV row per flow and tick (- for stdout)
   --metrics [addr:]port   Prometheus metrics (addr default 127.0.0.1)
   --metrics-max-hosts n, --metrics-top-remote n   bounded host series
   --web [addr:]port       the live web view (addr default 127.0.0.1); on
                           another address it needs --web-token-file file
   --web-allow-host name   a Host name the view answers to (repeatable)
   --history [file]        traffic history in SQLite (default under systemd:
                           $STATE_DIRECTORY/history.db; read: wiretop history)
   --flush 60s, --retention spec, --detail-retention spec   as for wiretop
   --flow-export ipfix://host[:port] | netflow9://host[:port]   flows to a
                           collector (interface i: observation domain n+i)
   --flow-active-timeout, --flow-inactive-timeout, --flow-template-refresh,
   --flow-domain n, --flow-mtu bytes   as for wiretop

   Alerts (rules: see the README):
   --alerts file, --alert rule, --alert-preset name
   --alert-log file, --alert-command cmd, --alert-webhook url

   Signals: SIGHUP reloads the alert rules; SIGTERM or SIGINT flush every
   output and exit 0. Log: one line per event on stderr (with journald
   priorities under systemd).

wiretop, version ${version}
`;
}
