// The -h text: iftop's usage, same options and wording, plus wiretop's own options.

export function usageText(version: string): string {
  return `wiretop: display bandwidth usage on an interface by host

Synopsis: wiretop -h | [check] [-npblNBP] [-i interface] [-f filter code]
                                 [-F net/mask] [-G net6/mask6] [-r file] [-Z user]

   -h, --help          display this message
   --version           print the version and exit
   -n                  don't do hostname lookups
   -N                  don't convert port numbers to services
   -p                  run in promiscuous mode (show traffic between other
                       hosts on the same network segment)
   -b                  don't display a bar graph of traffic
   -B                  Display bandwidth in bytes
   -i interface        listen on named interface
   -f filter code      use filter code to select packets to count
                       (default: none, but only IP packets are counted)
   -F net/mask         show traffic flows in/out of IPv4 network
   -G net6/mask6       show traffic flows in/out of IPv6 network
   -l                  display and count link-local IPv6 traffic (default: off)
   -P                  show ports as well as hosts
   -m limit            sets the upper limit for the bandwidth scale
   -c config file      specifies an alternative configuration file
   -t                  use text interface without ncurses

   Sorting orders:
   -o 2s                Sort by first column (2s traffic average)
   -o 10s               Sort by second column (10s traffic average) [default]
   -o 40s               Sort by third column (40s traffic average)
   -o source            Sort by source address
   -o destination       Sort by destination address

   The following options are only available in combination with -t
   -s num              print one single text output after num seconds, then quit
   -L num              number of lines to print

   wiretop's own options:
   -r file, --read file  analyse a pcap or pcapng file (time from packet
                       timestamps; -t prints a block per 2 s of capture time);
                       -r - reads standard input
   --ndjson            print one JSON object per line per tick (flows,
                       totals, capture counters) instead of text blocks
   --ndjson-file file  beside any output: every flow that moved, the
                       totals and alerts of each tick as JSON lines
   --json              one JSON document (totals, every flow, counters) on
                       stdout when the run ends, instead of text blocks
   --csv file          one CSV row per flow and tick (- for stdout)
   --metrics [addr:]port   Prometheus metrics at http://addr:port/metrics
                       (addr default 127.0.0.1)
   --metrics-max-hosts n, --metrics-top-remote n
                       per-host series: local hosts (default 100), top
                       remote hosts (default 20), the rest as __other__
   --web [addr:]port   the live web view at http://addr:port/ (addr default
                       127.0.0.1; with -r, served until Ctrl+C)
   --web-token-file file   the token the view asks for (needed off loopback;
                       without it one is made and printed at start)
   --web-allow-host name   a Host name the view answers to besides
                       localhost and IP addresses (repeatable)
   --history [file]    record traffic history in SQLite (default
                       /var/lib/wiretop/history.db as root, else
                       ~/.local/state/wiretop/history.db); read it with
                       wiretop history (wiretop history --help)
   --flush 60s, --retention 1m=48h,5m=35d,1h=100d,1d=5y,
   --detail-retention 1h=100d,1d=5y
                       how often history is written, how long kept
   --flow-export ipfix://host[:port] | netflow9://host[:port]
                       export flows to a collector (live or -r file)
   --flow-active-timeout 60s, --flow-inactive-timeout 15s,
   --flow-template-refresh 16/60s, --flow-domain n, --flow-mtu 1400
                       tune the flow export
   --by process|unit|container
                       text mode: blocks of programs, systemd units or
                       containers instead of host pairs (NDJSON: records)
   --no-processes      no per-process attribution (on for live captures;
                       w on the screen shows processes, units, containers)
   --buffer-size KiB   kernel capture buffer (default 32768)
   --snaplen bytes     bytes captured per packet (default 256: headers only)
   --max-flows n       flow records kept; more flows share one overflow
                       line (default 100000)
   --dns-server ip[:port]  reverse lookups to this server only (no /etc/hosts)
   -Z user, --user user    run as this user once the capture is open (as root;
                       default: the sudo user, else nobody; -Z root keeps root)
   --labels            service label and trend per line, link utilisation
   --link-speed speed  link speed for utilisation (100M, 1G, 10G; default
                       from /sys/class/net/IF/speed)

   Alerts (rules: see the README):
   --alerts file       alert rules, one per line
   --alert rule        one rule, repeatable ('detect all',
                       'rate host 10.0.0.5 sent > 20MB/s hold 30s')
   --alert-preset name home, office, server or cloud thresholds
   --alert-log file    append each alert event to file as JSON
   --alert-command cmd run sh -c cmd per event, event as JSON on stdin
   --alert-webhook url POST each event as JSON (retried)

   wiretop daemon [--config file] [-i interface]... [options]
                       headless, several interfaces, outputs and alerts;
                       wiretop daemon -h lists its options

   wiretop check [options] [--warning rate] [--critical rate]
                       Nagios-style check: watch 8 s (-s N) or read -r file,
                       print one status line, exit 0 OK, 1 WARNING,
                       2 CRITICAL, 3 UNKNOWN

wiretop, version ${version}
`;
}
