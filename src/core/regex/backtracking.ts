// Finds sub-patterns whose backtracking time grows exponentially or polynomially with the input.
// Method and limits: docs/regex-analysis.md.
import type { Span } from '../model';
import type { CharAtom, Group, Quantifier, RegexNode, RegexPattern, Term } from './ast';
import { charSetOf } from './atom-set';
import { partitionAlphabet } from './alphabet';
import { LARGE_REPEAT, type PumpInfo, type PumpWalk, summarize } from './pump';
import { childrenOf, collectCharAtoms } from './walk';

/** One super-linear construct, with the loops that cause it. */
export interface BacktrackingIssue {
  kind: 'exponential' | 'polynomial';
  /** For polynomial issues: a failing match takes about n^degree steps per start position. */
  degree?: number;
  /** From the first to the last loop involved. */
  span: Span;
  /** The loops involved, in pattern order. */
  parts: Span[];
  /** A character whose long runs trigger the blow-up. */
  pumpChar: string;
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
  pumpChar: number;
  needsFailingSuffix: boolean;
}

/** Lists exponential and polynomial backtracking risks in a parsed pattern (see docs/regex-analysis.md). */
export function findSuperLinearBacktracking(ast: RegexPattern): BacktrackingIssue[] {
  const parents = mapParents(ast);
  const groups = [...parents.keys()].filter((n): n is Group => n.type === 'group' && n.capturing);
  const atoms = collectCharAtoms(ast);
  const looped = collectCharAtoms(ast, (q) => q.max === Infinity || q.max >= LARGE_REPEAT);
  const sets = new Map(atoms.map((atom) => [atom, charSetOf(atom, ast.flags)]));
  const found: Found[] = [];
  for (const pump of partitionAlphabet(atoms.map((a) => sets.get(a)!), looped.map((a) => sets.get(a)!))) {
    const members = new Set(pump.members.map((i) => atoms[i]!));
    const walk: PumpWalk = {
      flags: ast.flags,
      matches: (atom: CharAtom) => members.has(atom),
      isLineTerminator: [0x0a, 0x0d, 0x2028, 0x2029].includes(pump.char),
      groups,
      infos: new Map(),
      exponential: [],
      chains: [],
    };
    summarize(ast, walk);
    for (const loop of walk.exponential) {
      const canFail = loop.min >= LARGE_REPEAT || canFailAfter(loop, parents, walk.infos);
      found.push({ loops: [loop], kind: 'exponential', pumpChar: pump.char, needsFailingSuffix: !canFail });
    }
    for (const chain of walk.chains) {
      const canFail = chain.isClosed || canFailAfter(chain.node, parents, walk.infos);
      found.push({ loops: chain.loops, kind: 'polynomial', pumpChar: pump.char, needsFailingSuffix: !canFail });
    }
  }
  return selectIssues(found).map((f) => describe(f, ast.source));
}

/** Whether, after `node` matched a run of the pump character, something mandatory can still fail. */
function canFailAfter(node: RegexNode, parents: Map<RegexNode, RegexNode>, infos: Map<RegexNode, PumpInfo>): boolean {
  const isBlocking = (n: RegexNode): boolean => infos.get(n)?.full === undefined;
  for (let current = node, parent = parents.get(node); parent; current = parent, parent = parents.get(parent)) {
    if (parent.type === 'pattern' || parent.type === 'lookaround') return false;
    if (parent.type === 'sequence' && parent.items.slice(parent.items.indexOf(current as Term) + 1).some(isBlocking)) return true;
    if (parent.type === 'quantifier' && parent.min >= 2 && isBlocking(parent.body)) return true;
  }
  return false;
}

/**
 * Keeps one finding per construct, so a rule author reads each problem once: polynomial chains
 * inside an exponential loop, chains whose loops or span lie within a worse chain, and findings
 * that need a failing suffix next to a certain finding on the same loops are dropped.
 */
function selectIssues(found: Found[]): Found[] {
  const isWithin = (inner: Span, outer: Span): boolean => outer.start <= inner.start && inner.end <= outer.end;
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
  const char = String.fromCodePoint(f.pumpChar);
  const shown = f.pumpChar >= 0x20 && f.pumpChar < 0x7f ? `'${char}'` : `U+${f.pumpChar.toString(16).toUpperCase().padStart(4, '0')}`;
  const quote = (s: Span): string => {
    const text = source.slice(s.start, s.end);
    return `\`${text.length > 40 ? `${text.slice(0, 39)}…` : text}\``;
  };
  const degree = f.loops.length;
  const loop = loops[0]!;
  let message = f.kind === 'exponential'
    ? `${quote(loop.span)} can match the same text in more than one way (try a long run of ${shown}), so a match that fails after it retries ${loop.max === Infinity ? 'exponentially many' : `up to 2^${loop.max}`} ways to split that text.`
    : `${listParts(loops.map((l) => quote(l.span)))} can share one run of ${shown}; when the match fails after them, every way to split the run is tried, about n^${degree} steps for n characters.`;
  if (f.needsFailingSuffix) message += ' Nothing after it can fail yet, so the pattern as written stays fast.';
  return {
    kind: f.kind,
    ...(f.kind === 'polynomial' ? { degree } : {}),
    span,
    parts: loops.map((l) => l.span),
    pumpChar: char,
    needsFailingSuffix: f.needsFailingSuffix,
    message,
  };
}

function mapParents(ast: RegexPattern): Map<RegexNode, RegexNode> {
  const parents = new Map<RegexNode, RegexNode>();
  const visit = (node: RegexNode): void => {
    for (const child of childrenOf(node)) {
      parents.set(child, node);
      visit(child);
    }
  };
  visit(ast);
  return parents;
}

function listParts(parts: string[]): string {
  return parts.length <= 2 ? parts.join(' and ') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
