// LINKTYPE_* numbers as they appear in pcap/pcapng files (and in what libpcap's dumper writes).

export const LinkType = {
  NULL: 0, // BSD loopback, address family in host byte order of the capturing machine
  ETHERNET: 1,
  PPP: 9,
  RAW_DLT12: 12, // DLT_RAW on most systems, seen in some files
  RAW_DLT14: 14, // DLT_RAW on OpenBSD
  C_HDLC: 104, // Cisco HDLC
  RAW: 101,
  LOOP: 108, // OpenBSD loopback, address family in network byte order
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

/** Short names for messages ("unsupported link type 127 (…)"). */
export function linkTypeName(linktype: number): string {
  switch (linktype) {
    case 0: return 'NULL';
    case 1: return 'EN10MB';
    case 9: return 'PPP';
    case 12: case 14: case 101: return 'RAW';
    case 104: return 'C_HDLC';
    case 105: return 'IEEE802_11';
    case 108: return 'LOOP';
    case 113: return 'LINUX_SLL';
    case 127: return 'IEEE802_11_RADIOTAP';
    case 228: return 'IPV4';
    case 229: return 'IPV6';
    case 276: return 'LINUX_SLL2';
    default: return 'unknown';
  }
}
