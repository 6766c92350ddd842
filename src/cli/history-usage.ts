// The `wiretop history --help` text.

export function historyUsageText(version: string, defaultDb: string): string {
  return `wiretop history: traffic recorded by wiretop --history, in vnstat's reports

Synopsis: wiretop history [report] [-i interface[+interface]] [--begin date]
                          [--end date] [--at time] [--limit n] [--json | --csv]
                          [--db file]

   Reports (one at a time; default: the summary of months and days):
   -5, --fiveminutes [n] 5-minute buckets (default 24)
   -h, --hours [n]       hours (default 24)
   -hg, --hoursgraph     the last 24 hours as a bar graph, then the numbers
   -d, --days [n]        days (default 30)
   -m, --months [n]      months (default 12)
   -y, --years [n]       years (default all)
   -t, --top [n]         the busiest days (default 10)
   --95, --95th          95th percentile of this month's 5-minute buckets
   --hosts               top hosts (sent and received, the host's view)
   --ports               top services (tcp/443, udp/53, icmp …)
   --processes           top programs (recorded while attribution is on)
   --units               top systemd units (likewise)
   --graph               received and sent as graphs, by hour (-h) or day
                         (-d), as many as the terminal is wide; --log for a
                         log scale

   Ranges (local time, TZ honoured):
   -b, --begin date      from this date or time: YYYY-MM-DD, "YYYY-MM-DD
                         HH:MM", HH:MM, today, yesterday, @epoch, -2h, -7d
   -e, --end date        up to this date or time (a date includes its day)
   --at time             the top lists of the bucket holding that time
                         (--hosts --at 03:00: who used the bandwidth at 3 am)
                         (top lists default to today)
   --limit n             entries shown, 0 for all

   Other:
   -i, --iface name      one interface, or several merged: eth0+eth1
                         (default: every interface, one report each)
   --db file             the database (default ${defaultDb === '/var/lib/wiretop/history.db' ? defaultDb : `${defaultDb},\n                         else /var/lib/wiretop/history.db`})
   --json                one JSON document (schema_version 1, bytes as
                         integers, times as epoch seconds)
   --csv                 RFC 4180 CSV with a header row
   --help, -?            this text

wiretop, version ${version}
`;
}
