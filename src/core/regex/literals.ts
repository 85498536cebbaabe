// Literal strings that every match of a regex must contain, for a byte-level prefilter that only
// runs the regex on lines holding one of them.
import type { CharAtom, RegexNode, RegexPattern, Sequence } from './ast';
import { charSetOf } from './atom-set';
import { type CharSet, countChars, listChars } from './char-set';
import { LENGTH_LIMIT, type Lits, SET_LIMIT, cross, makeLits, pickBest } from './literal-sets';

/** A set of literals such that every match of the regex contains at least one of them. */
export interface RequiredLiterals {
  /** Sorted; none contains another (a longer one would be implied by the shorter). */
  literals: string[];
  /**
   * True under the `i` flag: the literals are lowercase and a line matches when its ASCII-lowercased
   * text contains one. Their characters are ASCII or have no case variants, so ASCII folding is enough.
   */
  caseInsensitive: boolean;
  /** True when there are more than 64 literals or the shortest has fewer than 3 characters. */
  isWeak: boolean;
}

/** What is known about the strings a node matches; `undefined` fields mean "nothing useful". */
interface LiteralInfo {
  /** The node matches exactly these strings. */
  exact?: Lits;
  /** Every match starts with one of these. */
  prefix?: Lits;
  /** Every match ends with one of these. */
  suffix?: Lits;
  /** Every match contains one of these: the most selective such set found so far. */
  best?: Lits;
}

/** A union over alternatives may exceed SET_LIMIT (and is then weak), but not this. */
const UNION_LIMIT = 256;
/** A character class expands into single-character literals only up to this many variants. */
const CLASS_LIMIT = 10;

const EMPTY_STRING: Lits = makeLits(['']);
const ZERO_WIDTH: LiteralInfo = Object.freeze({ exact: EMPTY_STRING });
/** The literal facts of groups, by node and flags: the scanner asks again about the groups of a pattern it analysed. */
const byGroup = new WeakMap<RegexNode, { flags: string; info: LiteralInfo }>();

/** Finds required literals for a parsed pattern, or undefined when no selective set exists. */
export function requiredLiterals(ast: RegexPattern): RequiredLiterals | undefined {
  const best = infoOf(ast, ast).best;
  if (best === undefined) return undefined;
  const literals = dropContaining(best.list).sort();
  const shortest = Math.min(...literals.map((lit) => lit.length));
  return { literals, caseInsensitive: ast.flags.ignoreCase, isWeak: literals.length > SET_LIMIT || shortest < 3 };
}

/** The literals that contain no other literal of the list (a duplicate contains its twin), shortest first. */
function dropContaining(list: readonly string[]): string[] {
  const sorted = [...list].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  const kept: string[] = [];
  for (const literal of sorted) {
    let isContaining = false;
    for (let k = 0; k < kept.length && !isContaining; k++) isContaining = literal.includes(kept[k]!);
    if (!isContaining) kept.push(literal);
  }
  return kept;
}

function infoOf(node: RegexNode, ast: RegexPattern): LiteralInfo {
  switch (node.type) {
    case 'pattern':
      return alternativesInfo(node.alternatives.map((alt) => infoOf(alt, ast)));
    case 'group': {
      const flags = `${ast.flags.ignoreCase}${ast.flags.unicode}${ast.flags.dotAll}`;
      const known = byGroup.get(node);
      if (known?.flags === flags) return known.info;
      const info = alternativesInfo(node.alternatives.map((alt) => infoOf(alt, ast)));
      byGroup.set(node, { flags, info });
      return info;
    }
    case 'sequence':
      return sequenceInfo(node, ast);
    case 'assertion':
    case 'lookaround':
      // Zero-width parts consume nothing, so they join their neighbours as the empty string.
      return ZERO_WIDTH;
    case 'backreference':
      return {};
    case 'quantifier':
      return quantifierInfo(infoOf(node.body, ast), node.min, node.max);
    default:
      return withBest({ exact: charsOf(node, ast) });
  }
}

/** Single-character strings by code, so that a literal character costs no new string. */
const CHAR_STRINGS = Array.from({ length: 0x80 }, (_, code) => makeLits([String.fromCharCode(code)]));
/** charsOf's answers by character set (sets are often shared), with and without `i`. */
const charsBySet = { sensitive: new WeakMap<CharSet, Lits | null>(), insensitive: new WeakMap<CharSet, Lits | null>() };
/** charsOf's answers for ASCII characters under `i`, without and with `u` (filled on first use). */
const foldedAscii: (Lits | null | undefined)[][] = [[], []];

/** The strings a one-character atom can be, lowercased under `i`; undefined when too many. */
function charsOf(atom: CharAtom, ast: RegexPattern): Lits | undefined {
  if (atom.type === 'char' && atom.value < 0x80) {
    if (!ast.flags.ignoreCase) return CHAR_STRINGS[atom.value];
    const table = foldedAscii[ast.flags.unicode ? 1 : 0]!;
    const known = table[atom.value];
    if (known !== undefined) return known ?? undefined;
    const found = listStrings(charSetOf(atom, ast.flags), true);
    table[atom.value] = found ?? null;
    return found;
  }
  const set = charSetOf(atom, ast.flags);
  const memo = ast.flags.ignoreCase ? charsBySet.insensitive : charsBySet.sensitive;
  let found = memo.get(set);
  if (found === undefined) {
    found = listStrings(set, ast.flags.ignoreCase) ?? null;
    memo.set(set, found);
  }
  return found ?? undefined;
}

function listStrings(set: CharSet, ignoreCase: boolean): Lits | undefined {
  if (countChars(set) > CLASS_LIMIT * 2) return undefined;
  const chars = listChars(set).map((code) => String.fromCodePoint(code));
  if (!ignoreCase) return chars.length <= CLASS_LIMIT ? makeLits(chars) : undefined;
  // A prefilter that folds only ASCII would miss `ſ` for `s` (`iu`) or `É` for `é`.
  const hasOtherCase = (c: string): boolean => c > '\x7f' && (c.toLowerCase() !== c || c.toUpperCase() !== c);
  if (chars.some(hasOtherCase)) return undefined;
  const folded = [...new Set(chars.map((c) => c.toLowerCase()))];
  return folded.length <= CLASS_LIMIT ? makeLits(folded) : undefined;
}

/** Concatenates the items' facts; runs of plain characters, most of a rule regex, are appended in one step. */
function sequenceInfo(node: Sequence, ast: RegexPattern): LiteralInfo {
  let info = ZERO_WIDTH;
  const { items } = node;
  for (let i = 0; i < items.length;) {
    let run = '';
    for (let j = i; j < items.length && run.length < LENGTH_LIMIT; j++) {
      const item = items[j]!;
      const chars = item.type === 'char' || item.type === 'class' ? charsOf(item, ast) : undefined;
      if (chars?.list.length !== 1 || chars.list[0]!.length !== 1) break;
      run += chars.list[0];
    }
    const end = info.exact ?? info.suffix;
    const fits = end && end.list.length > 0 && end.list.length <= SET_LIMIT ? Math.min(run.length, LENGTH_LIMIT - end.longest) : 0;
    if (fits > 0) {
      info = appendRun(info, end!, run.slice(0, fits));
      i += fits;
    } else {
      info = concatInfo(info, infoOf(items[i]!, ast));
      i++;
    }
  }
  return info;
}

/**
 * What concatInfo gives for the characters of `run` appended one by one to `a`, whose end set
 * `end` stays within the limits all along: each step extends every string of `end` by one
 * character, and of the candidates for `best` met on the way (a's best, each character alone,
 * each extension) the first with the highest score wins. Characters alone all score alike; the
 * extensions score higher with every character until their shortest string reaches 99.
 */
function appendRun(a: LiteralInfo, end: Lits, run: string): LiteralInfo {
  const whole = makeLits(end.list.map((text) => text + run));
  const bestLength = Math.min(run.length, Math.max(1, 99 - end.shortest));
  const bestExtension = bestLength === run.length ? whole : makeLits(end.list.map((text) => text + run.slice(0, bestLength)));
  const best = pickBest(pickBest(a.best, charLits(run.charCodeAt(0))), bestExtension);
  return { exact: a.exact ? whole : undefined, prefix: a.exact ? whole : a.prefix, suffix: whole, best };
}

function charLits(code: number): Lits {
  return CHAR_STRINGS[code] ?? makeLits([String.fromCharCode(code)]);
}

function concatInfo(a: LiteralInfo, b: LiteralInfo): LiteralInfo {
  const aEnd = a.exact ?? a.suffix;
  const bStart = b.exact ?? b.prefix;
  // One cross product serves every fact: it is the exact set, or the new prefix or suffix, and
  // always a set of texts that every match contains.
  const joined = aEnd && bStart && cross(aEnd, bStart);
  const exact = a.exact && b.exact ? joined : undefined;
  const prefix = a.exact ? joined ?? a.exact : a.prefix;
  const suffix = b.exact ? joined ?? b.exact : b.suffix;
  const best = pickBest(pickBest(pickBest(a.best, b.best), joined), exact);
  return { exact, prefix, suffix, best: pickBest(pickBest(best, prefix), suffix) };
}

function alternativesInfo(infos: LiteralInfo[]): LiteralInfo {
  if (infos.length === 1) return infos[0]!.best === undefined ? withBest(infos[0]!) : infos[0]!;
  const unite = (pick: (info: LiteralInfo) => Lits | undefined): string[] | undefined => {
    const union = new Set<string>();
    for (const info of infos) {
      const set = pick(info);
      if (set === undefined) return undefined;
      for (const text of set.list) union.add(text);
    }
    return [...union];
  };
  const limited = (list: string[] | undefined, limit: number): Lits | undefined => (list && list.length <= limit ? makeLits(list) : undefined);
  // Alternatives of exact strings (word lists) have one union for every fact.
  const exactUnion = unite((i) => i.exact);
  const exact = limited(exactUnion, SET_LIMIT);
  const isBestExact = exactUnion !== undefined && infos.every((i) => i.best === i.exact);
  return withBest({
    exact,
    prefix: exactUnion ? exact : limited(unite((i) => i.exact ?? i.prefix), SET_LIMIT),
    suffix: exactUnion ? exact : limited(unite((i) => i.exact ?? i.suffix), SET_LIMIT),
    best: isBestExact ? exact ?? limited(exactUnion, UNION_LIMIT) : limited(unite((i) => i.best), UNION_LIMIT),
  });
}

function quantifierInfo(body: LiteralInfo, min: number, max: number): LiteralInfo {
  if (max === 0) return ZERO_WIDTH;
  const power = (set: Lits | undefined, times: number): Lits | undefined => {
    let out: Lits | undefined = EMPTY_STRING;
    for (let i = 0; i < times && out; i++) out = set && cross(out, set);
    return out;
  };
  // Small finite repetitions of an exact body stay exact: `s?` is {"", "s"}, `[ab]{2}` four strings.
  let exact: Lits | undefined;
  if (body.exact && max <= 4) {
    const all = new Set<string>();
    for (let times = min; times <= max; times++) {
      const set = power(body.exact, times);
      if (set === undefined) break;
      for (const text of set.list) all.add(text);
      if (times === max) exact = all.size <= SET_LIMIT ? makeLits([...all]) : undefined;
    }
  }
  if (min === 0) return withBest({ exact });
  const start = body.exact ?? body.prefix;
  const end = body.exact ?? body.suffix;
  const repeated = body.exact && power(body.exact, Math.min(min, 4));
  return withBest({ exact, prefix: repeated ?? start, suffix: repeated ?? end, best: body.best });
}

/** Adds the node's own exact, prefix and suffix sets as candidates for `best`. */
function withBest(info: LiteralInfo): LiteralInfo {
  const best = pickBest(pickBest(pickBest(info.best, info.exact), info.prefix), info.suffix);
  return { exact: info.exact, prefix: info.prefix, suffix: info.suffix, best };
}
