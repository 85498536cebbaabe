// Plain data shared by every layer of the engine: spans, problems, rules, log records, findings.

/** A half-open range of 0-based UTF-16 offsets into the text the core was given. */
export interface Span {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'info';

/** Something wrong with the input, reported at a position instead of thrown. */
export interface Problem {
  /** Stable id of the check that found it, e.g. 'yaml-syntax', 'schema', 'duplicate-id'. */
  checkId: string;
  /** Key into the check's message table; tests compare this and `data`, not `message`. */
  messageId: string;
  data?: Record<string, string>;
  severity: Severity;
  /** One sentence that quotes the offending value. */
  message: string;
  span: Span;
  /** The source name of the text `span` points into (set for pack-level and file-level results). */
  source?: string;
}

export interface Parsed<T> {
  value: T | undefined;
  problems: Problem[];
}

/** A text with the opaque name the shell gave it (a path, a URI); the core never opens it. */
export interface SourceText {
  name: string;
  text: string;
}

export const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type Level = (typeof LEVELS)[number];

export const STATUSES = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'] as const;

/** The fields of the LLM log taxonomy (`logsource: {product: llm}`). */
export const LLM_FIELDS = [
  'prompt',
  'system',
  'response',
  'model',
  'account_id',
  'org_id',
  'api_key_id',
  'request_id',
  'timestamp',
  'ip',
  'user_agent',
  'payment_fingerprint',
] as const;
export type LlmField = (typeof LLM_FIELDS)[number];

/**
 * Fields the engine derives from the whole scanned log rather than one record; rules may use
 * them, mostly in correlations: `template` (id of the prompt normalised into a template), `hour`
 * (UTC hour of the timestamp), `model_age_h` (hours since the model was first seen),
 * `model_is_new` (the model first appears after the start of the scanned logs), and the same two
 * for accounts: `account_age_h` and `account_is_new`.
 */
export const DERIVED_FIELDS = ['template', 'hour', 'model_age_h', 'model_is_new', 'account_age_h', 'account_is_new'] as const;
export type DerivedField = (typeof DERIVED_FIELDS)[number];

/**
 * Fields the engine computes from one record's text when a rule reads them (and the record does
 * not carry the field itself): `extraction_score`, the extraction classifier's probability (0–1)
 * that the system prompt and user turns ask for extraction (src/core/classify, docs/classifier.md).
 */
export const COMPUTED_FIELDS = ['extraction_score'] as const;
export type ComputedField = (typeof COMPUTED_FIELDS)[number];

/** Every name an LLM rule's field resolves to without a raw path: logged, derived and computed. */
export const TAXONOMY_FIELDS: readonly string[] = [...LLM_FIELDS, ...DERIVED_FIELDS, ...COMPUTED_FIELDS];

/** A string value of the rule YAML with the span of its node. */
export interface Located<T> {
  value: T;
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Rules

export interface RuleMeta {
  /** Index of the YAML document in its file (0-based). */
  docIndex: number;
  /** Source name of the file this rule came from. */
  source: string;
  /** Span of the whole YAML document. */
  span: Span;
  id?: Located<string>;
  name?: Located<string>;
  title?: Located<string>;
  description?: string;
  level?: Level;
  status?: string;
  tags: Located<string>[];
  references: string[];
  falsepositives: string[];
  author?: string;
  /** The document as plain data, as the YAML parser produced it. */
  data: Record<string, unknown>;
}

export interface DetectionRule extends RuleMeta {
  kind: 'detection';
  logsource: LogSource;
  detection: Detection;
  tests?: RuleTests;
}

export interface LogSource {
  category?: string;
  product?: string;
  service?: string;
  /** True for `product: llm`: fields resolve through the LLM taxonomy, not raw JSON paths. */
  isLlm: boolean;
}

export interface Detection {
  span: Span;
  selections: Selection[];
  /** Condition strings; a list means the items are OR-ed. Empty when missing or malformed. */
  conditions: Located<string>[];
  /** Set when `condition` is missing (the span of `detection:`). */
  conditionMissing: boolean;
}

/** A search identifier under `detection`: a map (AND), a list of maps (OR) or a keyword list. */
export interface Selection {
  name: Located<string>;
  span: Span;
  /** Alternatives (OR); each alternative is a list of items that must all match (AND). */
  alternatives: SelectionItem[][];
}

/** One `field|modifiers: values` entry, or a keyword entry when `field` is undefined. */
export interface SelectionItem {
  field?: Located<string>;
  /** Span of the whole key (`field|mod|mod`), or of the value for bare keywords. */
  keySpan: Span;
  modifiers: Located<string>[];
  values: RuleValue[];
  /** True when the YAML value was a list (even of one element). */
  isList: boolean;
  span: Span;
}

export type Scalar = string | number | boolean | null;

export interface RuleValue {
  value: Scalar;
  span: Span;
  /** True when the YAML scalar was quoted (affects numbers written as strings). */
  isQuoted: boolean;
  /** True when the YAML node is not a scalar (a map or a nested list), which Sigma does not allow. */
  isComposite?: boolean;
}

export interface RuleTests {
  span: Span;
  match: RuleTestCase[];
  nomatch: RuleTestCase[];
  /** Entries that are neither a string nor a mapping, for the checks to report. */
  malformed: Span[];
}

export interface RuleTestCase {
  /** A string is the `prompt` of an LLM event; an object is the event itself. */
  input: string | Record<string, unknown>;
  span: Span;
}

export const CORRELATION_TYPES = [
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
  'value_sum',
  'value_avg',
  'value_percentile',
] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];

export const CONDITION_OPERATORS = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export interface CorrelationRule extends RuleMeta {
  kind: 'correlation';
  correlation: Correlation;
}

export interface Correlation {
  span: Span;
  type?: Located<string>;
  rules: Located<string>[];
  groupBy: Located<string>[];
  /** Timespan in milliseconds, when it parsed. */
  timespanMs?: number;
  timespan?: Located<string>;
  /** Comparison operators of the condition (one, or two for a range). */
  condition: { operator: Located<string>; value: number }[];
  /** `condition.field` for value_count and value_* types. */
  conditionField?: Located<string>;
  conditionSpan?: Span;
  /** alias → (rule id or name → field). */
  aliases: Map<string, Map<string, string>>;
  generate: boolean;
}

export interface FilterRule extends RuleMeta {
  kind: 'filter';
  logsource?: LogSource;
  filter: {
    span: Span;
    rules: Located<string>[];
    detection: Detection;
  };
}

export type Rule = DetectionRule | CorrelationRule | FilterRule;

/** One rule file after parsing: its documents and the problems found while reading them. */
export interface RuleFile {
  source: string;
  text: string;
  rules: Rule[];
  problems: Problem[];
}

// ---------------------------------------------------------------------------------------------
// Logs and findings

/** Which field a value came from: a taxonomy field (LLM rules) or a raw dotted JSON path. */
export interface FieldRef {
  name: string;
  /** True when `name` is a dotted path into the raw record rather than a taxonomy field. */
  isRawPath: boolean;
}

/** One record (line, CSV row) of a log, with what the rules need to match it. */
export interface LogRecord {
  /** 1-based line of the start of the record in its file. */
  line: number;
  /** Span of the record in the text given to the parser. */
  span: Span;
  /** LLM taxonomy fields, normalised (prompt = text of the user turns, and so on). */
  fields: Partial<Record<LlmField, string>>;
  /**
   * The record as parsed (a JSON value, or a CSV row as an object), for plain Sigma rules.
   * Request bodies logged as JSON strings are decoded in place, so paths reach inside them.
   */
  raw: unknown;
  /** Timestamp in epoch milliseconds, when the record has one that parses. */
  time?: number;
  /**
   * Maps a span inside a field's string value back to spans of the raw text (offsets into the
   * same text as `span`); one span per raw string the field value was assembled from.
   */
  locate(field: FieldRef, span: Span): Span[];
}

/** Why a rule matched: one selection item that held, with where in the field it matched. */
export interface MatchEvidence {
  selection: string;
  /** The field as the rule names it (absent for keyword searches). */
  field?: string;
  /** Where the value was found: the taxonomy field, or the raw dotted path with array indexes. */
  path?: string;
  modifiers: string[];
  /** The rule value (pattern) that matched, as written in the rule. */
  value: string;
  /** Spans inside the field's string value (empty for non-string checks such as `exists`). */
  spans: Span[];
  /** Span of the rule value in the rule file, for links back to the rule. */
  ruleSpan: Span;
  /** True when the field name is a raw JSON path rather than an LLM taxonomy field. */
  isRawPath: boolean;
}

/** The result of one rule holding for one event. */
export interface RuleMatch {
  rule: DetectionRule;
  evidence: MatchEvidence[];
}
