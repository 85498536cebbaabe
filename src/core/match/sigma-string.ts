// Sigma string values: wildcards (`*`, `?`), backslash escapes, and the encodings of modifiers.

export type StringPart = { kind: 'text'; text: string } | { kind: 'any' } | { kind: 'one' };

/**
 * Splits a Sigma string into text and wildcards. A backslash escapes `*`, `?` and itself; before
 * any other character it is a plain backslash (so `\\` and `\` before a letter both mean `\`).
 */
export function parseSigmaString(value: string): StringPart[] {
  const parts: StringPart[] = [];
  let text = '';
  const flush = (): void => {
    if (text !== '') parts.push({ kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    if (ch === '\\') {
      const next = value[i + 1];
      if (next === '*' || next === '?' || next === '\\') {
        text += next;
        i++;
      } else {
        text += ch;
      }
    } else if (ch === '*' || ch === '?') {
      flush();
      parts.push({ kind: ch === '*' ? 'any' : 'one' });
    } else {
      text += ch;
    }
  }
  flush();
  return parts;
}

export function hasWildcards(parts: readonly StringPart[]): boolean {
  return parts.some((part) => part.kind !== 'text');
}

/** The plain text of parts without wildcards. */
export function partsText(parts: readonly StringPart[]): string {
  return parts.map((part) => (part.kind === 'text' ? part.text : '')).join('');
}

const DASHES = '-/\u2013\u2014\u2015';

/** A RegExp source for the parts; `windash` turns every dash-like character into a class of all of them. */
export function partsToRegexSource(parts: readonly StringPart[], options: { windash?: boolean } = {}): string {
  return parts
    .map((part) => {
      if (part.kind === 'any') return '[\\s\\S]*?';
      if (part.kind === 'one') return '[\\s\\S]';
      let source = '';
      for (const ch of part.text) {
        if (options.windash && DASHES.includes(ch)) source += '[-/\u2013\u2014\u2015]';
        else source += escapeRegex(ch);
      }
      return source;
    })
    .join('');
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

export type Charset = 'utf8' | 'utf16le' | 'utf16be' | 'utf16';

/** Encodes text as bytes, the way the `utf16*`/`wide` modifiers ask (UTF-8 when none is given). */
export function encodeText(text: string, charset: Charset): Buffer {
  if (charset === 'utf8') return Buffer.from(text, 'utf8');
  const le = Buffer.from(text, 'utf16le');
  if (charset === 'utf16le') return le;
  const be = Buffer.from(le);
  be.swap16();
  if (charset === 'utf16be') return be;
  return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
}

/** The `base64` modifier: the value's bytes, base64-encoded. */
export function base64(bytes: Buffer): string {
  return bytes.toString('base64');
}

/**
 * The `base64offset` modifier: the three stable middles of the value's base64 encoding at byte
 * offsets 0, 1 and 2 inside a longer string (as pySigma computes them).
 */
export function base64Offsets(bytes: Buffer): string[] {
  const startCut = [0, 2, 3];
  const endCut = [0, 3, 2];
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift, 0x20), bytes]).toString('base64');
    const cutEnd = endCut[(bytes.length + shift) % 3] as number;
    out.push(encoded.slice(startCut[shift] as number, cutEnd === 0 ? undefined : encoded.length - cutEnd));
  }
  return out;
}

/** Bytes as a string of code units 0–255, for comparing encoded values with field text. */
export function bytesAsText(bytes: Buffer): string {
  return bytes.toString('latin1');
}
