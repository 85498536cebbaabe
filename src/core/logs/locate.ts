// Maps a span inside a value of a record back to the raw text the record was read from: through
// JSON string escapes, CSV quoting, and strings that themselves hold JSON (gateway bodies).

import type { Span } from '../model';
import { decodeCsvCell, mapCsvCellSpan, splitCsvCells } from './csv-parse';
import { followPath, mapStringSpan, scalarEnd, skipString, type PathSegment } from './json-spans';

/** What `locate` needs of a record: the raw text it came from, and how to read it. */
export interface RecordSource {
  kind: 'json' | 'csv' | 'text';
  /** The text the record was read from; `start`/`end` are its extent in this text. */
  text: string;
  start: number;
  end: number;
  /** Added to every offset returned, so spans refer to the caller's document. */
  base: number;
  /** CSV only: the header's column names by cell index, and the delimiter's char code. */
  columns?: readonly string[];
  delimiter?: number;
}

/** One decoding step between a value and the text around it. */
type Layer = { kind: 'json'; text: string; token: number } | { kind: 'csv'; text: string; cell: Span };

/** Where a leaf value sits: in `text` at `pos`, plus the layers it was decoded through. */
interface LeafPlace {
  text: string;
  pos: number;
  /** For CSV cells and text lines: the raw extent of the value, which maps without escapes. */
  cell?: Span;
  layers: Layer[];
}

/**
 * Maps `span` (inside the string value at `path`, of length `length`) to a span of the raw text,
 * or undefined when the path is not in the raw text.
 */
export function locateValueSpan(source: RecordSource, path: readonly PathSegment[], span: Span, length: number): Span | undefined {
  const place = findLeaf(source, path);
  if (!place) return undefined;
  let mapped: Span;
  const { text, pos } = place;
  if (place.cell) {
    mapped = source.kind === 'csv' && place.layers.length === 0 ? mapCsvCellSpan(text, place.cell, span) : shift(span, place.cell.start);
  } else if (text.charCodeAt(pos) === 34) {
    mapped = mapStringSpan(text, pos, span);
  } else {
    // A number or boolean read as text: one to one when it is spelled as its string, else all of it.
    const end = scalarEnd(text, pos, text.length);
    mapped = end - pos === length ? shift(span, pos) : { start: pos, end };
  }
  for (let i = place.layers.length - 1; i >= 0; i--) {
    const layer = place.layers[i] as Layer;
    mapped = layer.kind === 'json' ? mapStringSpan(layer.text, layer.token, mapped) : mapCsvCellSpan(layer.text, layer.cell, mapped);
  }
  return shift(mapped, source.base);
}

function shift(span: Span, by: number): Span {
  return { start: span.start + by, end: span.end + by };
}

function findLeaf(source: RecordSource, path: readonly PathSegment[]): LeafPlace | undefined {
  const layers: Layer[] = [];
  let text = source.text;
  let start = source.start;
  let end = source.end;
  let rest = path;
  if (source.kind === 'text') {
    return path.length === 1 && path[0] === 'prompt' ? { text, pos: start, cell: { start, end }, layers } : undefined;
  }
  if (source.kind === 'csv') {
    const column = source.columns?.indexOf(String(path[0])) ?? -1;
    const cell = column < 0 ? undefined : splitCsvCells(text, start, end, source.delimiter ?? 44)[column];
    if (!cell) return undefined;
    if (path.length === 1) return { text, pos: cell.start, cell, layers };
    // The cell holds JSON (a `messages` or `metadata` column): continue inside its text.
    layers.push({ kind: 'csv', text, cell });
    text = decodeCsvCell(text, cell);
    start = 0;
    end = text.length;
    rest = path.slice(1);
  }
  for (;;) {
    const { pos, used } = followPath(text, start, end, rest);
    if (pos < 0) return undefined;
    rest = rest.slice(used);
    if (rest.length === 0) return { text, pos, layers };
    // A string where the path goes on: a body logged as a JSON string. Decode it and go inside.
    const tokenEnd = skipString(text, pos, end);
    if (tokenEnd < 0) return undefined;
    layers.push({ kind: 'json', text, token: pos });
    text = JSON.parse(text.slice(pos, tokenEnd)) as string;
    start = 0;
    end = text.length;
  }
}
