// Literal strings that every match of a regex must contain, for a byte-level prefilter that only
// runs the regex on lines holding one of them.
import type { CharAtom, RegexNode, RegexPattern, Sequence } from './ast';
import { charSetOf } from './atom-set';
import { countChars, listChars } from './char-set';

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
  exact?: string[];
  /** Every match starts with one of these. */
  prefix?: string[];
  /** Every match ends with one of these. */
  suffix?: string[];
  /** Every match contains one of these: the most selective such set found so far. */
  best?: string[];
}

/** Sets grow by cross products; beyond this many strings a set stops being tracked exactly. */
const SET_LIMIT = 64;
/** A union over alternatives may exceed SET_LIMIT (and is then weak), but not this. */
const UNION_LIMIT = 256;
/** A character class expands into single-character literals only up to this many variants. */
const CLASS_LIMIT = 10;
/** Literals stop growing at this length: longer ones add no selectivity, only cost. */
const LENGTH_LIMIT = 100;

/** Finds required literals for a parsed pattern, or undefined when no selective set exists. */
export function requiredLiterals(ast: RegexPattern): RequiredLiterals | undefined {
  const best = infoOf(ast, ast).best;
  if (best === undefined) return undefined;
  const unique = [...new Set(best)].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const literals = unique.filter((lit, i) => !unique.slice(0, i).some((shorter) => lit.includes(shorter))).sort();
  const shortest = Math.min(...literals.map((lit) => lit.length));
  return { literals, caseInsensitive: ast.flags.ignoreCase, isWeak: literals.length > SET_LIMIT || shortest < 3 };
}

function infoOf(node: RegexNode, ast: RegexPattern): LiteralInfo {
  switch (node.type) {
    case 'pattern':
    case 'group':
      return alternativesInfo(node.alternatives.map((alt) => infoOf(alt, ast)));
    case 'sequence':
      return sequenceInfo(node, ast);
    case 'assertion':
    case 'lookaround':
      // Zero-width parts consume nothing, so they join their neighbours as the empty string.
      return { exact: [''] };
    case 'backreference':
      return {};
    case 'quantifier':
      return quantifierInfo(infoOf(node.body, ast), node.min, node.max);
    default:
      return withBest({ exact: charsOf(node, ast) });
  }
}

/** The strings a one-character atom can be, lowercased under `i`; undefined when too many. */
function charsOf(atom: CharAtom, ast: RegexPattern): string[] | undefined {
  const set = charSetOf(atom, ast.flags);
  if (countChars(set) > CLASS_LIMIT * 2) return undefined;
  const chars = listChars(set).map((code) => String.fromCodePoint(code));
  if (!ast.flags.ignoreCase) return chars.length <= CLASS_LIMIT ? chars : undefined;
  // A prefilter that folds only ASCII would miss `ſ` for `s` (`iu`) or `É` for `é`.
  const hasOtherCase = (c: string): boolean => c > '\x7f' && (c.toLowerCase() !== c || c.toUpperCase() !== c);
  if (chars.some(hasOtherCase)) return undefined;
  const folded = [...new Set(chars.map((c) => c.toLowerCase()))];
  return folded.length <= CLASS_LIMIT ? folded : undefined;
}

function sequenceInfo(node: Sequence, ast: RegexPattern): LiteralInfo {
  return node.items.map((item) => infoOf(item, ast)).reduce(concatInfo, { exact: [''] });
}

function concatInfo(a: LiteralInfo, b: LiteralInfo): LiteralInfo {
  const aEnd = a.exact ?? a.suffix;
  const bStart = b.exact ?? b.prefix;
  // One cross product serves every fact: it is the exact set, or the new prefix or suffix, and
  // always a set of texts that every match contains.
  const joined = aEnd && bStart && cross(aEnd, bStart);
  return withBest({
    exact: a.exact && b.exact ? joined : undefined,
    prefix: a.exact ? (b.exact ? joined ?? a.exact : (b.prefix && joined) ?? a.exact) : a.prefix,
    suffix: b.exact ? (a.exact ? joined ?? b.exact : (a.suffix && joined) ?? b.exact) : b.suffix,
    best: pickBest([a.best, b.best, joined]),
  });
}

function alternativesInfo(infos: LiteralInfo[]): LiteralInfo {
  const unite = (pick: (info: LiteralInfo) => string[] | undefined, limit: number): string[] | undefined => {
    const sets = infos.map(pick);
    if (sets.some((set) => set === undefined)) return undefined;
    const union = [...new Set(sets.flat() as string[])];
    return union.length <= limit ? union : undefined;
  };
  return withBest({
    exact: unite((i) => i.exact, SET_LIMIT),
    prefix: unite((i) => i.exact ?? i.prefix, SET_LIMIT),
    suffix: unite((i) => i.exact ?? i.suffix, SET_LIMIT),
    best: unite((i) => i.best, UNION_LIMIT),
  });
}

function quantifierInfo(body: LiteralInfo, min: number, max: number): LiteralInfo {
  if (max === 0) return { exact: [''] };
  const power = (set: string[] | undefined, times: number): string[] | undefined => {
    let out: string[] | undefined = [''];
    for (let i = 0; i < times && out; i++) out = set && cross(out, set);
    return out;
  };
  // Small finite repetitions of an exact body stay exact: `s?` is {"", "s"}, `[ab]{2}` four strings.
  let exact: string[] | undefined;
  if (body.exact && max <= 4) {
    const all = Array.from({ length: max - min + 1 }, (_, i) => power(body.exact, min + i));
    exact = all.every((set) => set !== undefined) ? [...new Set(all.flat() as string[])] : undefined;
    if (exact && exact.length > SET_LIMIT) exact = undefined;
  }
  if (min === 0) return withBest({ exact });
  const start = body.exact ?? body.prefix;
  const end = body.exact ?? body.suffix;
  return withBest({
    exact,
    prefix: body.exact ? power(body.exact, Math.min(min, 4)) ?? start : start,
    suffix: body.exact ? power(body.exact, Math.min(min, 4)) ?? end : end,
    best: body.best,
  });
}

/** Adds the node's own exact, prefix and suffix sets as candidates for `best`. */
function withBest(info: LiteralInfo): LiteralInfo {
  return { ...info, best: pickBest([info.best, info.exact, info.prefix, info.suffix]) };
}

function cross(left: string[], right: string[]): string[] | undefined {
  if (left.length * right.length > SET_LIMIT) return undefined;
  const longest = (set: string[]): number => Math.max(...set.map((s) => s.length));
  if (longest(left) + longest(right) > LENGTH_LIMIT) return undefined;
  return [...new Set(left.flatMap((l) => right.map((r) => l + r)))];
}

/**
 * Prefers sets whose shortest literal is longer (up to 8 characters, beyond which any literal is
 * rare enough), then fewer literals, then longer ones; a set holding "" requires nothing.
 */
function pickBest(candidates: (string[] | undefined)[]): string[] | undefined {
  let best: string[] | undefined;
  let bestScore = -Infinity;
  for (const set of candidates) {
    if (!set || set.length === 0 || set.includes('')) continue;
    const shortest = Math.min(...set.map((s) => s.length));
    const score = Math.min(shortest, 8) * 4 - Math.log2(set.length) + Math.min(shortest, 99) / 100;
    if (score > bestScore) [best, bestScore] = [set, score];
  }
  return best;
}
