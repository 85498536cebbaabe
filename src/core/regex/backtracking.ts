// Finds sub-patterns whose backtracking time grows exponentially or polynomially with the input.
// Method and limits: docs/regex-analysis.md.
import type { Span } from '../model';
import type { CharAtom, Quantifier, RegexNode, RegexPattern } from './ast';
import { findAmbiguousText } from './ambiguity';
import { charSetOf } from './atom-set';
import { type CharSet, hasChar } from './char-set';
import { LARGE_REPEAT, type PumpWalk, summarize } from './pump';
import { canAbsorbAnySuffix, canFailAfter } from './suffix';
import { planRunClasses } from './run-plan';
import { type TreeIndex, indexTree, mapParents } from './tree-index';

/** One super-linear construct, with the loops that cause it. */
export interface BacktrackingIssue {
  kind: 'exponential' | 'polynomial';
  /** For polynomial issues: a failing match takes about n^degree steps per start position. */
  degree?: number;
  /** From the first to the last loop involved. */
  span: Span;
  /** The loops involved, in pattern order. */
  parts: Span[];
  /**
   * What to repeat to trigger the blow-up: one character, whose long runs do it, or a short text
   * that the loop matches in two ways.
   */
  pump: string;
  /**
   * True when nothing after the construct can make the match fail, so the pattern as written
   * finishes fast; the blow-up appears once something that can fail follows it.
   */
  needsFailingSuffix: boolean;
  message: string;
}

interface Found {
  loops: Quantifier[];
  kind: BacktrackingIssue['kind'];
  /** One character whose runs trigger it, or (when not `isRun`) a text matched in two ways. */
  pump: string;
  isRun: boolean;
  needsFailingSuffix: boolean;
}

/** What every step of one analysis shares. */
interface Context {
  ast: RegexPattern;
  index: TreeIndex;
  setOf(atom: CharAtom): CharSet;
  /** Built on first use: only patterns with findings need it. */
  parents(): Map<RegexNode, RegexNode>;
  walkFor(char: number, matches: (atom: CharAtom) => boolean, shortcut: PumpWalk['shortcut']): PumpWalk;
}

/** Lists exponential and polynomial backtracking risks in a parsed pattern (see docs/regex-analysis.md). */
export function findSuperLinearBacktracking(ast: RegexPattern): BacktrackingIssue[] {
  const index = indexTree(ast);
  let parents: Map<RegexNode, RegexNode> | undefined;
  const setOf = (atom: CharAtom): CharSet => charSetOf(atom, ast.flags);
  const context: Context = {
    ast, index, setOf,
    parents: () => (parents ??= mapParents(ast)),
    walkFor(char, matches, shortcut) {
      const walk: PumpWalk = {
        flags: ast.flags, matches, groups: index.groups, shortcut, infos: new Map(), exponential: [], chains: [],
        isLineTerminator: [0x0a, 0x0d, 0x2028, 0x2029].includes(char),
      };
      summarize(ast, walk);
      return walk;
    },
  };
  const found = findWithRuns(context);
  found.push(...findWithTexts(context, found.filter((f) => f.kind === 'exponential').map((f) => f.loops[0]!)));
  for (const f of found) {
    const last = f.loops.reduce((a, b) => (b.span.end > a.span.end ? b : a));
    if (!f.needsFailingSuffix && canAbsorbAnySuffix(last, context.parents(), setOf, ast.flags)) f.needsFailingSuffix = true;
  }
  return selectIssues(found).map((f) => describe(f, ast.source));
}

/** Pumps one character per alphabet class through the tree (pump.ts), skipping classes that cannot matter (run-plan.ts). */
function findWithRuns({ ast, index, setOf, parents, walkFor }: Context): Found[] {
  const found: Found[] = [];
  for (const pump of planRunClasses(ast, index, setOf)) {
    const walk = walkFor(pump.char, pump.matches, pump.shortcut);
    const text = String.fromCodePoint(pump.char);
    for (const loop of walk.exponential) {
      const canFail = loop.min >= LARGE_REPEAT || canFailAfter(loop, parents(), walk);
      found.push({ loops: [loop], kind: 'exponential', pump: text, isRun: true, needsFailingSuffix: !canFail });
    }
    for (const chain of walk.chains) {
      const canFail = chain.isClosed || canFailAfter(chain.node, parents(), walk);
      found.push({ loops: chain.loops, kind: 'polynomial', pump: text, isRun: true, needsFailingSuffix: !canFail });
    }
  }
  return found;
}

/** Loops ambiguous only on texts of several different characters (ambiguity.ts), innermost first. */
function findWithTexts({ index, setOf, parents, walkFor }: Context, flagged: Quantifier[]): Found[] {
  const found: Found[] = [];
  for (const loop of index.loops) {
    if (loop.max < LARGE_REPEAT || flagged.some((f) => isWithin(f.span, loop.span))) continue;
    const text = findAmbiguousText(loop, setOf);
    if (text === undefined) continue;
    flagged.push(loop);
    const first = text.codePointAt(0)!;
    const walk = walkFor(first, (atom) => hasChar(setOf(atom), first), () => undefined);
    const canFail = loop.min >= LARGE_REPEAT || canFailAfter(loop, parents(), walk);
    found.push({ loops: [loop], kind: 'exponential', pump: text, isRun: false, needsFailingSuffix: !canFail });
  }
  return found;
}

function isWithin(inner: Span, outer: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/**
 * Keeps one finding per construct, so a rule author reads each problem once: polynomial chains
 * inside an exponential loop, chains whose loops or span lie within a worse chain, and findings
 * that need a failing suffix next to a certain finding on the same loops are dropped.
 */
function selectIssues(found: Found[]): Found[] {
  const spanOf = (f: Found): Span => ({ start: Math.min(...f.loops.map((l) => l.span.start)), end: Math.max(...f.loops.map((l) => l.span.end)) });
  const exponential = found.filter((f) => f.kind === 'exponential');
  const rank = (f: Found): number => (f.needsFailingSuffix ? 0 : 2) + (f.kind === 'exponential' ? 1 : 0);
  const candidates = found
    .filter((f) => f.kind === 'exponential' || !f.loops.some((l) => exponential.some((e) => isWithin(l.span, e.loops[0]!.span))))
    .sort((a, b) => rank(b) - rank(a) || b.loops.length - a.loops.length);
  const kept: Found[] = [];
  for (const f of candidates) {
    const isRedundant = kept.some((k) => {
      const sharesLoop = f.loops.some((l) => k.loops.includes(l));
      if (f.needsFailingSuffix && !k.needsFailingSuffix && sharesLoop) return true;
      return k.kind === f.kind && (f.loops.every((l) => k.loops.includes(l))
        || (f.kind === 'polynomial' && isWithin(spanOf(f), spanOf(k)) && f.loops.length <= k.loops.length));
    });
    if (!isRedundant) kept.push(f);
  }
  return kept.sort((a, b) => spanOf(a).start - spanOf(b).start);
}

function describe(f: Found, source: string): BacktrackingIssue {
  const loops = [...new Set(f.loops)].sort((a, b) => a.span.start - b.span.start);
  const span = { start: loops[0]!.span.start, end: Math.max(...loops.map((l) => l.span.end)) };
  const code = f.pump.codePointAt(0)!;
  const shown = [...f.pump].length === 1 && code >= 0x20 && code < 0x7f ? `'${f.pump}'` : f.isRun
    ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : JSON.stringify(f.pump);
  const quote = (s: Span): string => {
    const text = source.slice(s.start, s.end);
    return `\`${text.length > 40 ? `${text.slice(0, 39)}…` : text}\``;
  };
  const degree = f.loops.length;
  const loop = loops[0]!;
  let message = f.kind === 'exponential'
    ? `${quote(loop.span)} can match the same text in more than one way (try ${f.isRun ? `a long run of ${shown}` : `${shown} repeated`}), so a match that fails after it retries ${loop.max === Infinity ? 'exponentially many' : `up to 2^${loop.max}`} ways to split that text.`
    : `${loops.length === 1 ? `${quote(loop.span)} repeats loops that` : `${listParts(loops.map((l) => quote(l.span)))}`} can share one run of ${shown}; when the match fails after them, every way to split the run is tried, about n^${degree} steps for n characters.`;
  if (f.needsFailingSuffix) message += ' Nothing after it can fail yet, so the pattern as written stays fast.';
  return {
    kind: f.kind,
    ...(f.kind === 'polynomial' ? { degree } : {}),
    span,
    parts: loops.map((l) => l.span),
    pump: f.pump,
    needsFailingSuffix: f.needsFailingSuffix,
    message,
  };
}

function listParts(parts: string[]): string {
  return parts.length <= 2 ? parts.join(' and ') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
