// What a raw log line must contain for a rule to have any chance of matching it: a set of literal
// pieces, one of which appears in the line's raw bytes whenever the rule matches the parsed record.
//
// The matcher sees decoded values; the prefilter sees raw JSON, CSV or text. A character can be
// spelled differently in the raw text: `"` → `\"` (or `""` in CSV), `\` → `\\`, `/` → `\/`, and
// any character → `\uXXXX` (Python's json.dumps writes all non-ASCII text so; Go writes `<` as
// `\u003c`). So literals are cut at `"`, `\`, `/`, control characters, U+2028/2029 and letters
// with case variants beyond ASCII (which ASCII folding would miss), and the longest piece stands
// for each literal. A piece is searched in two spellings, raw UTF-8 and with every non-ASCII
// character escaped (rawSpellings); a line holding a `\u00XX` escape of an ASCII character of any
// piece is read whatever else it holds (escapeTriggers). Pieces made only of number characters are
// not used: a JSON number such as `1.5e3` is matched as its decimal text "1500".

import type { Detection, DetectionRule, SelectionItem } from '../model';
import { parseRegex, requiredLiterals, type RegexPattern, type Sequence } from '../regex/index';
import { parseCondition, patternMatches, type ConditionNode } from '../rules/condition';
import { MODIFIERS, REGEX_FLAGS, modifiersIn } from '../rules/modifiers';
import { base64, base64Offsets, encodeText, hasWildcards, parseSigmaString, partsText } from '../match/sigma-string';
import { liftInlineFlags } from '../match/regex';
import { buildPrefilter, type Prefilter } from './prefilter';

/** Either "the line must contain one of `pieces`" (lowercase ASCII) or "any line may match". */
export type LiteralNeed = { kind: 'any'; pieces: string[] } | { kind: 'always'; reason: string };

const NUMBER_CHARACTERS = /^[0-9.eE+-]+$/;

const ALWAYS_NEGATION: LiteralNeed = { kind: 'always', reason: 'a negated selection requires no text' };

/** The literal need of a detection rule (meta-filters only narrow it further, so they are ignored). */
export function ruleLiteralNeed(rule: DetectionRule): LiteralNeed {
  return ruleLiteralNeeds(rule).need;
}

/**
 * The literal need of a detection rule, and of each item of its detection in order (selections,
 * then their alternatives, then their items: see detectionItems): an item whose need has none of
 * its pieces in a line cannot hold on that line's record, whatever the rule's condition says.
 */
export function ruleLiteralNeeds(rule: DetectionRule): { need: LiteralNeed; items: LiteralNeed[] } {
  const items = detectionItems(rule.detection);
  const needs = items.map(itemNeed);
  const byItem = new Map(items.map((item, index) => [item, needs[index] as LiteralNeed]));
  return { need: detectionNeed(rule.detection, (item) => byItem.get(item) ?? itemNeed(item)), items: needs };
}

/** Every item of a detection, in order: selections, their alternatives, their items. */
export function detectionItems(detection: Detection): SelectionItem[] {
  return detection.selections.flatMap((selection) => selection.alternatives.flat());
}

function detectionNeed(detection: Detection, needOf: (item: SelectionItem) => LiteralNeed): LiteralNeed {
  const names = detection.selections.map((selection) => selection.name.value);
  const bySelection = new Map(detection.selections.map((selection) => [selection.name.value, selection]));
  const cache = new Map<string, LiteralNeed>();
  const selectionNeed = (name: string): LiteralNeed => {
    let need = cache.get(name);
    if (!need) {
      const selection = bySelection.get(name);
      need = selection ? anyOf(selection.alternatives.map((items) => allOf(items.map(needOf)))) : always(`unknown selection ${name}`);
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
  const parsed = parseRegex(lifted.pattern, [...flags].join(''));
  if (!parsed.ast) return always('the regular expression does not parse');
  const ast = parsed.ast;
  const needOf = (pattern: RegexPattern): LiteralNeed => {
    const literals = requiredLiterals(pattern);
    if (!literals) return always('the regular expression requires no literal text');
    // Every match contains one of the literals; each literal is represented by one safe piece.
    return anyOf(literals.literals.map((literal) => piecesNeed([literal])));
  };
  const whole = needOf(ast);
  if (whole.kind === 'any' && score(whole.pieces) >= GOOD_SCORE) return whole;
  // The analysis picks one literal set for the whole pattern; each required group gives another,
  // and the choice between them here knows which words are everywhere in prompt logs.
  return allOf([whole, ...requiredTerms(ast).map(needOf)]);
}

/** Each term of a one-alternative pattern that every match goes through, as a pattern of its own. */
function requiredTerms(ast: RegexPattern): RegexPattern[] {
  if (ast.alternatives.length !== 1) return [];
  const sequence = ast.alternatives[0] as Sequence;
  return sequence.items
    .filter((item) => item.type === 'group' || (item.type === 'quantifier' && item.min > 0 && item.body.type === 'group'))
    .map((item) => ({ ...ast, alternatives: [{ type: 'sequence', span: item.span, items: [item] }] }));
}

/** The need of a text that holds all of `texts` (AND): the single longest safe piece among them. */
function piecesNeed(texts: readonly string[]): LiteralNeed {
  let best: string | undefined;
  for (const text of texts) {
    const piece = longestSafePiece(text);
    if (piece !== undefined && (best === undefined || piece.length > best.length)) best = piece;
  }
  return best === undefined ? always('no literal text survives the escaping of raw logs') : { kind: 'any', pieces: [asciiLower(best)] };
}

/** The longest run of safe characters in `text` that is not just a number; undefined when none. */
export function longestSafePiece(text: string): string | undefined {
  let best: string | undefined;
  let piece = '';
  const close = (): void => {
    if (piece.length > 0 && !NUMBER_CHARACTERS.test(piece) && (best === undefined || piece.length > best.length)) best = piece;
    piece = '';
  };
  for (const ch of text) {
    if (isSafeCharacter(ch)) piece += ch;
    else close();
  }
  close();
  return best;
}

/** True for a character whose raw spellings rawSpellings and escapeTriggers cover (see the file comment). */
export function isSafeCharacter(ch: string): boolean {
  const code = ch.codePointAt(0) as number;
  if (code < 0x80) return code >= 0x20 && code < 0x7f && ch !== '"' && ch !== '\\' && ch !== '/';
  if (code === 0x2028 || code === 0x2029 || (code >= 0xd800 && code <= 0xdfff)) return false;
  return ch.toLowerCase() === ch && ch.toUpperCase() === ch;
}

/**
 * The raw spellings of a piece as byte strings (one character per byte): its UTF-8 bytes, and for
 * a piece with non-ASCII characters also the JSON spelling with each of them as `\uXXXX`.
 */
export function rawSpellings(piece: string): string[] {
  const utf8 = utf8Spelling(piece);
  if (utf8.length === piece.length) return [utf8];
  let escaped = '';
  for (let i = 0; i < piece.length; i++) {
    const code = piece.charCodeAt(i);
    escaped += code < 0x80 ? piece[i] : `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return [utf8, escaped];
}

/** A string's UTF-8 bytes, one character per byte: how the prefilters' literals are spelled. */
export function utf8Spelling(text: string): string {
  return String.fromCharCode(...new TextEncoder().encode(text));
}

/**
 * The `\u00XX` spellings of the ASCII characters in `pieces` (both cases of letters): a line that
 * holds one may spell a piece in escapes, so it must be read whatever the prefilter says.
 */
export function escapeTriggers(pieces: readonly string[]): string[] {
  const codes = new Set<number>();
  for (const piece of pieces) {
    for (const ch of piece) {
      if (ch.charCodeAt(0) >= 0x80) continue;
      codes.add(ch.charCodeAt(0));
      codes.add(ch.toUpperCase().charCodeAt(0));
    }
  }
  return [...codes].sort((a, b) => a - b).map((code) => `\\u${code.toString(16).padStart(4, '0')}`);
}

/** A prefilter over pieces, and what each of its literals stands for. */
export interface PieceIndex {
  prefilter: Prefilter;
  /** For each literal id below `triggerStart` (a raw spelling of a piece): the targets of its piece. */
  targets: number[][];
  /** Literal ids from here on are escape triggers: their line may spell any piece in escapes. */
  triggerStart: number;
}

/**
 * Builds the prefilter of every raw spelling of the entries' pieces (then the escape triggers),
 * each spelling standing for its entries' targets. With `isDecoded`, the prefilter searches
 * decoded text (field values, not raw lines): each piece is searched as its UTF-8 bytes only, and
 * there are no escape triggers.
 */
export function indexPieces(entries: Iterable<{ pieces: readonly string[]; target: number }>, { isDecoded = false }: { isDecoded?: boolean } = {}): PieceIndex {
  const ids = new Map<string, number>();
  const targets: number[][] = [];
  const pieces = new Set<string>();
  for (const entry of entries) {
    for (const piece of entry.pieces) {
      pieces.add(piece);
      for (const spelling of isDecoded ? rawSpellings(piece).slice(0, 1) : rawSpellings(piece)) {
        let id = ids.get(spelling);
        if (id === undefined) {
          ids.set(spelling, (id = targets.length));
          targets.push([]);
        }
        (targets[id] as number[]).push(entry.target);
      }
    }
  }
  const spellings = [...ids.keys()];
  return { prefilter: buildPrefilter(isDecoded ? spellings : [...spellings, ...escapeTriggers([...pieces])]), targets, triggerStart: spellings.length };
}

/** Lowercases ASCII letters only (the pieces' other characters have no case variants). */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
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

/**
 * Words so frequent in prompt logs (English function words, JSON keys and roles of request
 * bodies) that a piece made only of them selects nearly every line.
 */
const COMMON_WORDS = new Set(
  `a an the and or of to in on for with as at by from is are was be it its this that you your yours me my i we our us they
  he she his her them not no do can will would should please what how why which who all any each every now then so if
  role user system assistant content messages message model request response text type id name input output prompt data`.split(/\s+/),
);

function isCommonPiece(piece: string): boolean {
  const words = piece.split(/[^a-z0-9']+/).filter(Boolean);
  return words.length === 0 || words.every((word) => COMMON_WORDS.has(word) || [...COMMON_WORDS].some((common) => common.length > 3 && common.includes(word)));
}

/** A need at least this selective is kept without looking for a better one. */
const GOOD_SCORE = 4 * 4;

/** Longer shortest pieces (up to 8 characters) first, then fewer pieces; common words count for little. */
function score(pieces: readonly string[]): number {
  const shortest = Math.min(...pieces.map((piece) => (isCommonPiece(piece) ? 1 : piece.length)));
  return Math.min(shortest, 8) * 4 - Math.log2(pieces.length);
}

/** Drops pieces that contain another piece: a line holding the longer one holds the shorter too. */
function minimalPieces(pieces: string[]): string[] {
  const sorted = pieces.sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  return sorted.filter((piece, i) => !sorted.slice(0, i).some((shorter) => piece.includes(shorter))).sort();
}
