// LINKTYPE_* numbers as they appear in pcap/pcapng files (and in what libpcap's dumper writes).

export const LinkType = {
  NULL: 0, // BSD loopback, address family in host byte order of the capturing machine
  ETHERNET: 1,
  IEEE802_5: 6, // token ring
  SLIP: 8, // BSD SLIP with its 16-byte pseudo-header
  PPP: 9,
  RAW_DLT12: 12, // DLT_RAW on most systems, seen in some files
  RAW_DLT14: 14, // DLT_RAW on OpenBSD
  PPP_HDLC: 50, // DLT_PPP_SERIAL: PPP (FF 03) or Cisco HDLC framing, always present
  C_HDLC: 104, // Cisco HDLC
  RAW: 101,
  IEEE802_11: 105, // 802.11 without a radio header
  FRELAY: 107, // Frame Relay
  LOOP: 108, // OpenBSD loopback, address family in network byte order
  LINUX_SLL: 113,
  PFLOG: 117, // pf's log interface (pflog0) on the BSDs and macOS
  IEEE802_11_RADIOTAP: 127, // 802.11 after a radiotap header (Linux monitor mode)
  PPI: 192, // Per-Packet Information header, then 802.11 or Ethernet
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

/** Short names for messages ("unsupported link type 127 (…)"). */
export function linkTypeName(linktype: number): string {
  switch (linktype) {
    case 0: return 'NULL';
    case 1: return 'EN10MB';
    case 6: return 'IEEE802';
    case 8: return 'SLIP';
    case 9: return 'PPP';
    case 12: case 14: case 101: return 'RAW';
    case 50: return 'PPP_SERIAL';
    case 104: return 'C_HDLC';
    case 105: return 'IEEE802_11';
    case 107: return 'FRELAY';
    case 108: return 'LOOP';
    case 113: return 'LINUX_SLL';
    case 117: return 'PFLOG';
    case 127: return 'IEEE802_11_RADIOTAP';
    case 192: return 'PPI';
    case 228: return 'IPV4';
    case 229: return 'IPV6';
    case 276: return 'LINUX_SLL2';
    default: return 'unknown';
  }
}
