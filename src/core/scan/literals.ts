// What a raw log line must contain for a rule to have any chance of matching it: a set of literal
// pieces, one of which appears in the line's raw bytes whenever the rule matches the parsed record.
//
// The matcher sees decoded values; the prefilter sees raw JSON, CSV or text. A character can be
// spelled differently in the raw text (`"` → `\"`, `/` → `\/`, `é` → `\u00e9`, Go's `<` → `\u003c`,
// CSV `"` → `""`), so a literal is cut at every character outside SAFE_CHARACTERS, which no
// encoder in use rewrites, and the longest safe piece stands for it. The one other spelling of a
// safe character, a `\u00XX` escape, is caught by escapeTriggers(). Pieces made only of number
// characters are not used: a JSON number such as `1.5e3` is matched as its decimal text "1500".

import type { Detection, DetectionRule, SelectionItem } from '../model';
import { analyzeRegex } from '../regex/index';
import { parseCondition, patternMatches, type ConditionNode } from '../rules/condition';
import { MODIFIERS, REGEX_FLAGS, modifiersIn } from '../rules/modifiers';
import { base64, base64Offsets, encodeText, hasWildcards, parseSigmaString, partsText } from '../match/sigma-string';
import { liftInlineFlags } from '../match/regex';

/** Either "the line must contain one of `pieces`" (lowercase ASCII) or "any line may match". */
export type LiteralNeed = { kind: 'any'; pieces: string[] } | { kind: 'always'; reason: string };

/** ASCII characters that every JSON, CSV and text writer we know of leaves as they are. */
const SAFE_CHARACTERS = /[A-Za-z0-9 \-_.,:;!?()[\]{}*#$%@|~^]/;
const NUMBER_CHARACTERS = /^[0-9.eE+-]+$/;

const ALWAYS_NEGATION: LiteralNeed = { kind: 'always', reason: 'a negated selection requires no text' };

/** The literal need of a detection rule (meta-filters only narrow it further, so they are ignored). */
export function ruleLiteralNeed(rule: DetectionRule): LiteralNeed {
  return detectionNeed(rule.detection);
}

function detectionNeed(detection: Detection): LiteralNeed {
  const names = detection.selections.map((selection) => selection.name.value);
  const bySelection = new Map(detection.selections.map((selection) => [selection.name.value, selection]));
  const cache = new Map<string, LiteralNeed>();
  const selectionNeed = (name: string): LiteralNeed => {
    let need = cache.get(name);
    if (!need) {
      const selection = bySelection.get(name);
      need = selection ? anyOf(selection.alternatives.map((items) => allOf(items.map(itemNeed)))) : always(`unknown selection ${name}`);
      cache.set(name, need);
    }
    return need;
  };
  const conditions: LiteralNeed[] = [];
  for (const condition of detection.conditions) {
    const parsed = parseCondition(condition.value);
    if (!parsed.ast) return always('the condition does not parse');
    conditions.push(conditionNeed(parsed.ast, selectionNeed, names));
  }
  return conditions.length === 0 ? always('the rule has no condition') : anyOf(conditions);
}

function conditionNeed(node: ConditionNode, selectionNeed: (name: string) => LiteralNeed, names: string[]): LiteralNeed {
  switch (node.type) {
    case 'identifier':
      return selectionNeed(node.name);
    case 'not':
      return ALWAYS_NEGATION;
    case 'and':
      return allOf(node.operands.map((operand) => conditionNeed(operand, selectionNeed, names)));
    case 'or':
      return anyOf(node.operands.map((operand) => conditionNeed(operand, selectionNeed, names)));
    case 'of': {
      const matched = names.filter((name) => (node.isThem ? !name.startsWith('_') : patternMatches(node.pattern, name)));
      const needs = matched.map(selectionNeed);
      if (needs.length === 0) return always(`"${node.pattern}" names no selection`);
      return node.quantifier === 'all' ? allOf(needs) : anyOf(needs);
    }
  }
}

/** The need of one `field|modifiers: values` item: its values OR-ed, or AND-ed under `all`. */
export function itemNeed(item: SelectionItem): LiteralNeed {
  const modifiers = item.modifiers.map((modifier) => modifier.value);
  const blocking = modifiers.find((name) => ['presence', 'negation', 'compare', 'time', 'network', 'reference', 'placeholder'].includes(MODIFIERS[name] ?? ''));
  if (blocking) return always(`the ${blocking} modifier matches without text`);
  if (item.values.length === 0) return always('the item has no value');
  const needs = item.values.map((value) => valueNeed(value.value, modifiers));
  return modifiers.includes('all') ? allOf(needs) : anyOf(needs);
}

function valueNeed(value: unknown, modifiers: readonly string[]): LiteralNeed {
  if (typeof value !== 'string') return always('a number, boolean or null value matches without a fixed text');
  if (modifiers.includes('re')) return regexNeed(value, modifiers);
  const parts = parseSigmaString(value);
  const encodings = modifiersIn(modifiers, 'encoding');
  const charset = modifiersIn(modifiers, 'charset')[0];
  if (charset) return always(`the ${charset} modifier matches bytes, not text`);
  if (encodings.length > 0) {
    if (hasWildcards(parts)) return always('wildcards cannot be encoded');
    const bytes = encodeText(partsText(parts), 'utf8');
    const encoded = encodings.includes('base64offset') ? base64Offsets(bytes) : [base64(bytes)];
    return anyOf(encoded.map((text) => piecesNeed([text])));
  }
  const texts = parts.flatMap((part) => (part.kind === 'text' ? [part.text] : []));
  // `windash` lets every dash-like character stand for any other: cut the text at each of them.
  return piecesNeed(modifiers.includes('windash') ? texts.flatMap((text) => text.split(/[-/\u2013\u2014\u2015]/)) : texts);
}

function regexNeed(pattern: string, modifiers: readonly string[]): LiteralNeed {
  const lifted = liftInlineFlags(pattern);
  const flags = new Set(lifted.flags);
  for (const name of modifiersIn(modifiers, 'regexFlag')) flags.add(REGEX_FLAGS[name] as string);
  const analysis = analyzeRegex(lifted.pattern, [...flags].join(''));
  if (!analysis.literals) return always('the regular expression requires no literal text');
  // Every match contains one of the literals; each literal is represented by one safe piece.
  return anyOf(analysis.literals.literals.map((literal) => piecesNeed([literal])));
}

/** The need of a text that holds all of `texts` (AND): the single longest safe piece among them. */
function piecesNeed(texts: readonly string[]): LiteralNeed {
  let best: string | undefined;
  for (const text of texts) {
    const piece = longestSafePiece(text);
    if (piece !== undefined && (best === undefined || piece.length > best.length)) best = piece;
  }
  return best === undefined ? always('no literal text survives the escaping of raw logs') : { kind: 'any', pieces: [best.toLowerCase()] };
}

/** The longest run of safe characters in `text` that is not just a number; undefined when none. */
export function longestSafePiece(text: string): string | undefined {
  let best: string | undefined;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && SAFE_CHARACTERS.test(text[i] as string)) continue;
    const piece = text.slice(start, i);
    start = i + 1;
    if (piece.length === 0 || NUMBER_CHARACTERS.test(piece)) continue;
    if (best === undefined || piece.length > best.length) best = piece;
  }
  return best;
}

/** True for a character that appears unchanged in raw JSON, CSV and text logs (see the file comment). */
export function isSafeCharacter(ch: string): boolean {
  return SAFE_CHARACTERS.test(ch);
}

/**
 * The `\u00XX` spellings of the safe characters in `pieces` (both cases of letters): a line that
 * holds one may spell a piece in escapes, so it must be read whatever the prefilter says.
 */
export function escapeTriggers(pieces: readonly string[]): string[] {
  const codes = new Set<number>();
  for (const piece of pieces) {
    for (const ch of piece) {
      codes.add(ch.charCodeAt(0));
      codes.add(ch.toUpperCase().charCodeAt(0));
    }
  }
  return [...codes].sort((a, b) => a - b).map((code) => `\\u${code.toString(16).padStart(4, '0')}`);
}

function always(reason: string): LiteralNeed {
  return { kind: 'always', reason };
}

/** OR: any operand's pieces will do; one operand that needs nothing makes the whole need nothing. */
function anyOf(needs: readonly LiteralNeed[]): LiteralNeed {
  const pieces = new Set<string>();
  for (const need of needs) {
    if (need.kind === 'always') return need;
    for (const piece of need.pieces) pieces.add(piece);
  }
  return needs.length === 0 ? always('nothing to match') : { kind: 'any', pieces: minimalPieces([...pieces]) };
}

/** AND: every operand's need holds, so the most selective one is enough. */
function allOf(needs: readonly LiteralNeed[]): LiteralNeed {
  let best: LiteralNeed | undefined;
  for (const need of needs) {
    if (need.kind === 'always') continue;
    if (!best || best.kind === 'always' || score(need.pieces) > score(best.pieces)) best = need;
  }
  return best ?? needs[0] ?? always('nothing to match');
}

/** Longer shortest pieces (up to 8 characters) first, then fewer pieces. */
function score(pieces: readonly string[]): number {
  const shortest = Math.min(...pieces.map((piece) => piece.length));
  return Math.min(shortest, 8) * 4 - Math.log2(pieces.length);
}

/** Drops pieces that contain another piece: a line holding the longer one holds the shorter too. */
function minimalPieces(pieces: string[]): string[] {
  const sorted = pieces.sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  return sorted.filter((piece, i) => !sorted.slice(0, i).some((shorter) => piece.includes(shorter))).sort();
}
