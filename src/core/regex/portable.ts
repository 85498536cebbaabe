// Flags regex features outside the subset that Sigma backends can be trusted to translate. The line
// drawn here, and the engines behind it, are documented in docs/regex-analysis.md.
import type { Span } from '../model';
import type { Char, ClassItem, RegexNode, RegexPattern } from './ast';
import { childrenOf } from './walk';

/** A feature that some Sigma backend's regex engine rejects or reads differently. */
export type NonPortableFeature =
  | 'lookahead'
  | 'lookbehind'
  | 'backreference'
  | 'named-group'
  | 'unicode-property'
  | 'unicode-escape'
  | 'control-letter'
  | 'octal-escape'
  | 'vertical-tab-escape'
  | 'identity-escape'
  | 'literal-brace'
  | 'empty-class'
  | 'class-backspace'
  | 'class-bracket'
  | 'large-repetition';

/** One use of a non-portable feature, at its span in the pattern. */
export interface PortabilityIssue {
  feature: NonPortableFeature;
  span: Span;
  message: string;
}

const WHY: Record<NonPortableFeature, string> = {
  'lookahead': 'Lookahead is not supported by RE2-family engines (Go, Rust, RE2 in Splunk, Elastic and others).',
  'lookbehind': 'Lookbehind is not supported by RE2-family engines, and other engines limit it to fixed lengths.',
  'backreference': 'Backreferences are not supported by RE2-family engines.',
  'named-group': 'Named groups are written (?P<name>…) in Python and older RE2; use a plain group.',
  'unicode-property': 'Unicode property escapes are not supported by Python re and only partly by RE2.',
  'unicode-escape': '\\u escapes are JavaScript, Python and Java syntax; PCRE, RE2 and Go write \\x{…}.',
  'control-letter': '\\cX control escapes are not supported by RE2 and Go.',
  'octal-escape': 'Octal escapes are unsupported or read as backreferences by other engines.',
  'vertical-tab-escape': '\\v is a vertical tab here but any vertical whitespace in PCRE and Java.',
  'identity-escape': 'Escaping a letter, digit or space has no meaning here but a different meaning or an error elsewhere (\\A, \\z, \\e, \\Q…).',
  'literal-brace': 'An unescaped { or } that is not a repetition is an error in Java and some RE2 versions; escape it.',
  'empty-class': 'In PCRE, Python and Java a ] right after [ or [^ is a literal, so [] and [^] mean something else.',
  'class-backspace': '[\\b] (backspace) is not supported by RE2 and Go.',
  'class-bracket': 'An unescaped [ inside a class starts a nested class in Java and a POSIX class in PCRE and RE2; escape it.',
  'large-repetition': 'RE2-family engines reject repetition counts above 1000.',
};

/** ASCII punctuation, the only characters every engine lets you escape to mean themselves. */
const PUNCTUATION = /^[!-/:-@[-`{-~]$/;

/** Lists the uses of features outside the portable Sigma regex subset, in pattern order. */
export function checkPortable(ast: RegexPattern): PortabilityIssue[] {
  const issues: PortabilityIssue[] = [];
  const report = (feature: NonPortableFeature, span: Span): void => {
    issues.push({ feature, span: { ...span }, message: WHY[feature] });
  };
  const visit = (node: RegexNode): void => {
    checkNode(node, ast.source, report);
    childrenOf(node).forEach(visit);
  };
  visit(ast);
  return issues.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

type Report = (feature: NonPortableFeature, span: Span) => void;

function checkNode(node: RegexNode, source: string, report: Report): void {
  switch (node.type) {
    case 'lookaround':
      report(node.kind, node.span);
      break;
    case 'backreference':
      report('backreference', node.span);
      break;
    case 'group':
      if (node.name !== undefined) report('named-group', { start: node.span.start, end: source.indexOf('>', node.span.start) + 1 });
      break;
    case 'quantifier':
      if (node.min > 1000 || (node.max !== Infinity && node.max > 1000)) report('large-repetition', node.span);
      break;
    case 'class-escape':
      if (node.kind === 'property') report('unicode-property', node.span);
      break;
    case 'char':
      checkChar(node, source, report, false);
      break;
    case 'class':
      checkClass(node.items, node.span, source, report);
      break;
  }
}

function checkClass(items: ClassItem[], span: Span, source: string, report: Report): void {
  if (items.length === 0) report('empty-class', span);
  for (const item of items) {
    if (item.type === 'class-escape' && item.kind === 'property') report('unicode-property', item.span);
    if (item.type === 'char') checkChar(item, source, report, true);
    if (item.type === 'range') {
      checkChar(item.from, source, report, true);
      checkChar(item.to, source, report, true);
    }
  }
}

function checkChar(char: Char, source: string, report: Report, isInClass: boolean): void {
  switch (char.syntax) {
    case 'unicode-escape':
      return report('unicode-escape', char.span);
    case 'control-letter':
      return report('control-letter', char.span);
    case 'octal-escape':
    case 'null-escape':
      return report('octal-escape', char.span);
    case 'backspace':
      return report('class-backspace', char.span);
    case 'lone-backslash':
      return report('identity-escape', char.span);
    case 'control-escape':
      // `\v` is the only control escape for U+000B.
      if (char.value === 0x0b) report('vertical-tab-escape', char.span);
      return;
    case 'identity-escape':
      if (!PUNCTUATION.test(source.slice(char.span.start + 1, char.span.end))) report('identity-escape', char.span);
      return;
    case 'literal':
      // A literal is the character itself, so its value tells what was written.
      if (!isInClass && (char.value === 0x7b || char.value === 0x7d)) report('literal-brace', char.span);
      if (isInClass && char.value === 0x5b) report('class-bracket', char.span);
      return;
  }
}
