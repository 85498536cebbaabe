// IPv4 and IPv6 CIDR ranges for the `cidr` modifier.

export interface Cidr {
  bytes: number[];
  prefix: number;
}

/** Parses `10.0.0.0/8` or `2001:db8::/32`; a bare address is a /32 or /128 range. */
export function parseCidr(text: string): Cidr | undefined {
  const [address, prefixText] = text.trim().split('/');
  const bytes = parseIp(address ?? '');
  if (!bytes) return undefined;
  const max = bytes.length * 8;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (prefixText !== undefined && !/^\d+$/.test(prefixText))) {
    return undefined;
  }
  return { bytes, prefix };
}

/** Whether an address (v4 or v6; v4-mapped v6 counts as v4) lies in the range. */
export function ipInCidr(text: string, cidr: Cidr): boolean {
  let bytes = parseIp(text.trim());
  if (!bytes) return false;
  if (bytes.length === 16 && cidr.bytes.length === 4 && isV4Mapped(bytes)) bytes = bytes.slice(12);
  if (bytes.length !== cidr.bytes.length) return false;
  for (let bit = 0; bit < cidr.prefix; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((bytes[byte] as number) & mask) !== ((cidr.bytes[byte] as number) & mask)) return false;
  }
  return true;
}

function isV4Mapped(bytes: number[]): boolean {
  return bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}

/** Parses an IP address into bytes (4 for v4, 16 for v6). */
export function parseIp(text: string): number[] | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const parts = text.split('.').map(Number);
    return parts.every((n) => n <= 255) ? parts : undefined;
  }
  return text.includes(':') ? parseIpv6(text.replace(/%.*$/, '')) : undefined;
}

function parseIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string | undefined): number[] | undefined => {
    if (!part) return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIp(piece);
        if (!v4 || v4.length !== 4) return undefined;
        out.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail];
  return all.flatMap((group) => [group >> 8, group & 0xff]);
}
