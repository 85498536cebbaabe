// Every check, listed explicitly so that bundlers keep them and docs and tests can enumerate them.

import { duplicateKey, yamlSyntax } from '../rules/load';
import { schemaCheck } from '../rules/schema';
import type { CheckMeta } from '../problems';
import { conditionAggregation } from './condition-aggregation';
import { conditionStyle } from './condition-style';
import { conditionSyntax } from './condition-syntax';
import { conditionUnknownIdentifier } from './condition-unknown-identifier';
import { conditionUnusedSelection } from './condition-unused-selection';
import { correlationReference } from './correlation-reference';
import { correlationStructure } from './correlation-structure';
import { dateInvalid } from './date-invalid';
import { duplicateId } from './duplicate-id';
import { duplicateName } from './duplicate-name';
import { duplicateTitle } from './duplicate-title';
import { fieldMisspelled } from './field-misspelled';
import { fieldUnknown } from './field-unknown';
import { filterReference } from './filter-reference';
import { metadata } from './metadata';
import { metadataHints } from './metadata-hints';
import { modifierCombination } from './modifier-combination';
import { modifierSuspicious } from './modifier-suspicious';
import { modifierUnknown } from './modifier-unknown';
import { regexBacktracking } from './regex-backtracking';
import { regexInvalid } from './regex-invalid';
import { regexPortable } from './regex-portable';
import { ruleTests } from './rule-tests';
import { ruleTestsMinimum } from './rule-tests-minimum';
import { tags } from './tags';
import type { Check } from './types';
import { valueControlCharacter } from './value-control-character';
import { valueStyle } from './value-style';
import { valueType } from './value-type';

/** Checks that run on loaded rules, in the order docs/checks.md describes them. */
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
  // Regular expressions
  regexInvalid,
  regexPortable,
  regexBacktracking,
  // Fields of LLM rules
  fieldMisspelled,
  fieldUnknown,
  // Metadata
  metadata,
  dateInvalid,
  metadataHints,
  tags,
  // Correlations and filters
  correlationStructure,
  correlationReference,
  filterReference,
  // Across the loaded set
  duplicateId,
  duplicateName,
  duplicateTitle,
  // Inline tests
  ruleTests,
  ruleTestsMinimum,
];

/** Problems reported while reading files, before any check runs. */
export const PARSE_CHECKS: readonly CheckMeta[] = [yamlSyntax, duplicateKey, schemaCheck];

/** Every check id with its metadata, for docs, `list-checks` and severity overrides. */
export function allCheckMeta(): CheckMeta[] {
  return [...PARSE_CHECKS, ...CHECKS];
}
