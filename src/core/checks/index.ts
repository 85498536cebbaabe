// Every check, listed explicitly so that bundlers keep them and docs and tests can enumerate them.

import { duplicateKey, yamlSyntax } from '../rules/load';
import { schemaCheck } from '../rules/schema';
import type { CheckMeta } from '../problems';
import { conditionAggregation } from './condition-aggregation';
import { conditionStyle } from './condition-style';
import { conditionSyntax } from './condition-syntax';
import { conditionUnknownIdentifier } from './condition-unknown-identifier';
import { conditionUnusedSelection } from './condition-unused-selection';
import { duplicateId } from './duplicate-id';
import { modifierCombination } from './modifier-combination';
import { modifierSuspicious } from './modifier-suspicious';
import { modifierUnknown } from './modifier-unknown';
import { ruleTests } from './rule-tests';
import { valueControlCharacter } from './value-control-character';
import { valueStyle } from './value-style';
import { valueType } from './value-type';
import type { Check } from './types';

/** Checks that run on loaded rules. */
export const CHECKS: readonly Check[] = [
  // Detection conditions
  conditionSyntax,
  conditionUnknownIdentifier,
  conditionUnusedSelection,
  conditionStyle,
  conditionAggregation,
  // Field modifiers
  modifierUnknown,
  modifierCombination,
  modifierSuspicious,
  // Values
  valueType,
  valueControlCharacter,
  valueStyle,
  // Across the loaded set
  duplicateId,
  // Inline tests
  ruleTests,
];

/** Problems reported while reading files, before any check runs. */
export const PARSE_CHECKS: readonly CheckMeta[] = [yamlSyntax, duplicateKey, schemaCheck];

/** Every check id with its metadata, for docs, `list-checks` and severity overrides. */
export function allCheckMeta(): CheckMeta[] {
  return [...PARSE_CHECKS, ...CHECKS];
}
