// Builds the `Correlation` model of a Sigma correlation rule from its YAML node.

import type { Correlation, Located, Span } from '../model';
import { isMap, isScalar, keyText, locatedString, locatedStrings, nodeSpan, pairAt, pairsOf } from '../yaml/nodes';

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  M: 30 * 86_400_000,
  y: 365 * 86_400_000,
};

/** Parses a Sigma timespan such as `90m` or `24h` into milliseconds; undefined when malformed. */
export function parseTimespan(text: string): number | undefined {
  const match = /^(\d+)([smhdwMy])$/.exec(text.trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = UNIT_MS[match[2] as string] as number;
  return amount > 0 ? amount * unit : undefined;
}

/** Reads `correlation:`; every part is optional here, the checks report what is missing. */
export function buildCorrelation(node: unknown, fallback: Span): Correlation {
  const span = isMap(node) ? nodeSpan(node) : fallback;
  const type = locatedString(node, 'type');
  const timespan = locatedString(node, 'timespan');
  const generateNode = pairAt(node, 'generate')?.value;
  const correlation: Correlation = {
    span,
    rules: locatedStrings(pairAt(node, 'rules')?.value),
    groupBy: locatedStrings(pairAt(node, 'group-by')?.value),
    condition: [],
    aliases: readAliases(pairAt(node, 'aliases')?.value),
    generate: isScalar(generateNode) && generateNode.value === true,
  };
  if (type) correlation.type = type;
  if (timespan) {
    correlation.timespan = timespan;
    const ms = parseTimespan(timespan.value);
    if (ms !== undefined) correlation.timespanMs = ms;
  }
  readCondition(pairAt(node, 'condition')?.value, correlation);
  return correlation;
}

function readCondition(node: unknown, correlation: Correlation): void {
  if (!node) return;
  correlation.conditionSpan = nodeSpan(node);
  for (const pair of pairsOf(node)) {
    const key = keyText(pair);
    const operator: Located<string> = { value: key, span: nodeSpan(pair.key) };
    if (key === 'field') {
      const field = locatedString(node, 'field');
      if (field) correlation.conditionField = field;
      continue;
    }
    const value = isScalar(pair.value) ? Number(pair.value.value) : Number.NaN;
    correlation.condition.push({ operator, value });
  }
}

function readAliases(node: unknown): Map<string, Map<string, string>> {
  const aliases = new Map<string, Map<string, string>>();
  for (const pair of pairsOf(node)) {
    const perRule = new Map<string, string>();
    for (const inner of pairsOf(pair.value)) {
      if (isScalar(inner.value) && inner.value.value !== null) perRule.set(keyText(inner), String(inner.value.value));
    }
    aliases.set(keyText(pair), perRule);
  }
  return aliases;
}
