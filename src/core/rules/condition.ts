// Parses Sigma detection conditions: and/or/not, parentheses, `1|any|all of <pattern|them>`.
//
// Precedence, loosest to tightest, as the specification gives it: or, and, not, x of, ( ).

import type { Span } from '../model';

export type ConditionNode =
  | { type: 'identifier'; name: string; span: Span }
  | { type: 'not'; operand: ConditionNode; span: Span }
  | { type: 'and' | 'or'; operands: ConditionNode[]; span: Span }
  | { type: 'of'; quantifier: 'one' | 'all'; pattern: string; isThem: boolean; span: Span; patternSpan: Span };

/** Why a condition does not parse; the check `condition-syntax` owns the message texts. */
export interface ConditionError {
  messageId:
    | 'unexpected'
    | 'unexpectedEnd'
    | 'unclosed'
    | 'empty'
    | 'aggregation'
    | 'wildcardIdentifier'
    | 'badCharacter'
    | 'tooDeep'
    | 'quantifier';
  data: Record<string, string>;
  span: Span;
}

export type ConditionResult = { ast: ConditionNode; error?: undefined } | { ast?: undefined; error: ConditionError };

interface Token {
  kind: 'word' | '(' | ')' | '|' | 'bad';
  text: string;
  span: Span;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'of', 'them']);
const QUANTIFIERS: Record<string, 'one' | 'all'> = { '1': 'one', any: 'one', all: 'all' };
/** Nesting beyond this is reported rather than parsed, so a hostile condition cannot overflow the stack. */
const MAX_DEPTH = 100;

/**
 * Parses one condition string. `offsetOf(i)` maps an index in `text` to an offset in the rule
 * file, so that errors and spans point into the YAML.
 */
export function parseCondition(text: string, offsetOf: (index: number) => number = (i) => i): ConditionResult {
  const tokens = tokenize(text, offsetOf);
  const endSpan = { start: offsetOf(text.length), end: offsetOf(text.length) };
  if (tokens.length === 0) return { error: { messageId: 'empty', data: {}, span: endSpan } };
  const parser = new Parser(tokens, endSpan);
  try {
    const ast = parser.parseOr();
    const rest = parser.peek();
    if (rest) return { error: parser.unexpected(rest) };
    return { ast };
  } catch (error) {
    if (error instanceof ParseFailure) return { error: error.detail };
    throw error;
  }
}

/** Names of the identifiers (not patterns) a condition refers to, with their spans. */
export function conditionIdentifiers(node: ConditionNode): { name: string; span: Span }[] {
  switch (node.type) {
    case 'identifier':
      return [{ name: node.name, span: node.span }];
    case 'not':
      return conditionIdentifiers(node.operand);
    case 'and':
    case 'or':
      return node.operands.flatMap(conditionIdentifiers);
    case 'of':
      return [];
  }
}

/** All `x of` nodes of a condition. */
export function conditionQuantifiers(node: ConditionNode): Extract<ConditionNode, { type: 'of' }>[] {
  switch (node.type) {
    case 'identifier':
      return [];
    case 'not':
      return conditionQuantifiers(node.operand);
    case 'and':
    case 'or':
      return node.operands.flatMap(conditionQuantifiers);
    case 'of':
      return [node];
  }
}

/** Whether a selection name is covered by an `x of` pattern (`*` matches any run). */
export function patternMatches(pattern: string, name: string): boolean {
  const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${source}$`).test(name);
}

function tokenize(text: string, offsetOf: (index: number) => number): Token[] {
  const tokens: Token[] = [];
  const span = (start: number, end: number): Span => ({ start: offsetOf(start), end: offsetOf(end) });
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === '|') {
      tokens.push({ kind: ch, text: ch, span: span(i, i + 1) });
      i++;
    } else if (/[\w*.-]/.test(ch)) {
      const start = i;
      while (i < text.length && /[\w*.-]/.test(text[i] as string)) i++;
      tokens.push({ kind: 'word', text: text.slice(start, i), span: span(start, i) });
    } else {
      tokens.push({ kind: 'bad', text: ch, span: span(i, i + 1) });
      i++;
    }
  }
  return tokens;
}

class ParseFailure extends Error {
  constructor(readonly detail: ConditionError) {
    super(detail.messageId);
  }
}

class Parser {
  private at = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly endSpan: Span,
  ) {}

  peek(): Token | undefined {
    return this.tokens[this.at];
  }

  parseOr(): ConditionNode {
    return this.parseChain('or', () => this.parseAnd());
  }

  private parseAnd(): ConditionNode {
    return this.parseChain('and', () => this.parseNot());
  }

  private parseChain(op: 'and' | 'or', operand: () => ConditionNode): ConditionNode {
    const operands = [operand()];
    while (this.isWord(this.peek(), op)) {
      this.at++;
      operands.push(operand());
    }
    if (operands.length === 1) return operands[0] as ConditionNode;
    const first = operands[0] as ConditionNode;
    const last = operands[operands.length - 1] as ConditionNode;
    return { type: op, operands, span: { start: first.span.start, end: last.span.end } };
  }

  private parseNot(): ConditionNode {
    const token = this.peek();
    if (++this.depth > MAX_DEPTH) {
      throw new ParseFailure({ messageId: 'tooDeep', data: { max: String(MAX_DEPTH) }, span: (token ?? { span: this.endSpan }).span });
    }
    try {
      if (this.isWord(token, 'not')) {
        this.at++;
        const operand = this.parseNot();
        return { type: 'not', operand, span: { start: (token as Token).span.start, end: operand.span.end } };
      }
      return this.parseAtom();
    } finally {
      this.depth--;
    }
  }

  private parseAtom(): ConditionNode {
    const token = this.next();
    if (token.kind === '(') {
      const inner = this.parseOr();
      const close = this.peek();
      if (close?.kind !== ')') {
        throw new ParseFailure(
          close ? this.unexpected(close) : { messageId: 'unclosed', data: {}, span: token.span },
        );
      }
      this.at++;
      return { ...inner, span: { start: token.span.start, end: close.span.end } };
    }
    if (token.kind === '|') {
      throw new ParseFailure({ messageId: 'aggregation', data: {}, span: token.span });
    }
    if (token.kind !== 'word' || KEYWORDS.has(token.text.toLowerCase())) throw new ParseFailure(this.unexpected(token));
    const quantifier = QUANTIFIERS[token.text.toLowerCase()];
    if (quantifier && this.isWord(this.peek(), 'of')) return this.parseOf(token, quantifier);
    if (this.isWord(this.peek(), 'of')) {
      // `2 of selection_*` reads naturally but Sigma only counts one or all.
      throw new ParseFailure({ messageId: 'quantifier', data: { quantifier: token.text }, span: token.span });
    }
    if (token.text.includes('*')) {
      throw new ParseFailure({ messageId: 'wildcardIdentifier', data: { name: token.text }, span: token.span });
    }
    return { type: 'identifier', name: token.text, span: token.span };
  }

  private parseOf(quantifierToken: Token, quantifier: 'one' | 'all'): ConditionNode {
    this.at++; // `of`
    const target = this.next();
    if (target.kind !== 'word' || (KEYWORDS.has(target.text.toLowerCase()) && target.text.toLowerCase() !== 'them')) {
      throw new ParseFailure(this.unexpected(target));
    }
    const isThem = target.text.toLowerCase() === 'them';
    return {
      type: 'of',
      quantifier,
      pattern: isThem ? '*' : target.text,
      isThem,
      span: { start: quantifierToken.span.start, end: target.span.end },
      patternSpan: target.span,
    };
  }

  private next(): Token {
    const token = this.tokens[this.at];
    if (!token) throw new ParseFailure({ messageId: 'unexpectedEnd', data: {}, span: this.endSpan });
    this.at++;
    return token;
  }

  private isWord(token: Token | undefined, word: string): boolean {
    return token?.kind === 'word' && token.text.toLowerCase() === word;
  }

  unexpected(token: Token): ConditionError {
    if (token.kind === 'bad') return { messageId: 'badCharacter', data: { token: token.text }, span: token.span };
    if (token.kind === '|') return { messageId: 'aggregation', data: {}, span: token.span };
    return { messageId: 'unexpected', data: { token: token.text }, span: token.span };
  }
}
