// One line of documentation for each word a rule author types: the value modifiers of Sigma v2.1
// and the fields of the LLM taxonomy, for completion. No `vscode` import; a unit test keeps these
// tables in step with the core's MODIFIERS, LLM_FIELDS, DERIVED_FIELDS and COMPUTED_FIELDS.
import type { ComputedField, DerivedField, LlmField } from '../core/model';

export const MODIFIER_DOCS: Readonly<Record<string, string>> = {
  contains: 'The value occurs anywhere in the field (wildcards `*` and `?` around it implied).',
  startswith: 'The field starts with the value.',
  endswith: 'The field ends with the value.',
  all: 'Every value of the list must match (instead of any one); combine with contains, startswith or endswith.',
  exists: 'The field is present (`true`) or absent (`false`); the value is that boolean.',
  cased: 'Compare case-sensitively (Sigma compares case-insensitively by default).',
  neq: 'The field is not equal to the value (or to any value of the list).',
  windash: 'Also match each `-` as `/`, `–`, `—` and `―` (command-line flags written differently).',
  re: 'The value is a regular expression (JavaScript syntax, unanchored); add i, m or s for flags.',
  i: 'With `re`: ignore case.',
  m: 'With `re`: `^` and `$` match at every line.',
  s: 'With `re`: `.` also matches line breaks.',
  ignorecase: 'With `re`: ignore case (pySigma spelling of `i`).',
  multiline: 'With `re`: `^` and `$` match at every line (pySigma spelling of `m`).',
  dotall: 'With `re`: `.` also matches line breaks (pySigma spelling of `s`).',
  base64: 'Match the value encoded in base64.',
  base64offset: 'Match the value encoded in base64 at any of the three offsets; use with contains.',
  utf16le: 'Encode the value as UTF-16 little-endian before base64.',
  utf16be: 'Encode the value as UTF-16 big-endian before base64.',
  utf16: 'Encode the value as UTF-16 with a byte-order mark before base64.',
  wide: 'Alias of utf16le.',
  lt: 'The field, as a number, is less than the value.',
  lte: 'The field, as a number, is less than or equal to the value.',
  gt: 'The field, as a number, is greater than the value.',
  gte: 'The field, as a number, is greater than or equal to the value.',
  minute: 'The minute (0–59) of the date in the field equals the value.',
  hour: 'The hour (0–23, UTC) of the date in the field equals the value.',
  day: 'The day of the month of the date in the field equals the value.',
  week: 'The ISO 8601 week of the date in the field equals the value.',
  month: 'The month (1–12) of the date in the field equals the value.',
  year: 'The year of the date in the field equals the value.',
  cidr: 'The field is an IP address inside the CIDR range of the value.',
  expand: 'Replace `%placeholders%` from the pipeline (PromptSift cannot resolve them).',
  fieldref: 'The field equals the field the value names, in the same event.',
};

export const FIELD_DOCS: Readonly<Record<LlmField | DerivedField | ComputedField, string>> = {
  prompt: 'The text of the user turns of the request (all messages with role user, joined).',
  system: 'The system prompt: system and developer turns, Anthropic `system`, Responses `instructions`.',
  response: 'The text the model answered, when the log has the response.',
  model: 'The model the request asked for (`gpt-4o`, `claude-sonnet-4-5`, …).',
  account_id: 'The account or user that sent the request.',
  org_id: 'The organisation or team of the account.',
  api_key_id: 'The API key (its id or hash) the request used.',
  request_id: 'The id of the request, else of the response.',
  timestamp: 'When the request was made (ISO 8601 or epoch seconds/milliseconds).',
  ip: 'The client IP address (X-Forwarded-For taken as written).',
  user_agent: 'The client user agent.',
  payment_fingerprint: 'The fingerprint of the payment method of the account.',
  template: 'Derived: the id of the prompt normalised into a template (numbers, names and quotes blanked).',
  hour: 'Derived: the UTC hour (0–23) of the timestamp.',
  model_age_h: 'Derived: hours since the model was first seen in the scanned logs.',
  model_is_new: 'Derived: `true` when the model first appears after the start of the scanned logs.',
  account_age_h: 'Derived: hours since the account was first seen in the scanned logs.',
  account_is_new: 'Derived: `true` when the account first appears after the start of the scanned logs.',
  extraction_score: 'Computed: the extraction classifier\'s probability (0–1) that the system prompt and user turns ask for extraction; the shipped rule `extraction_classifier` flags the model\'s cross-validated threshold (docs/classifier.md).',
};

/** Words of a detection condition besides the selection names. */
export const CONDITION_KEYWORDS: readonly { word: string; doc: string }[] = [
  { word: 'and', doc: 'Both sides must hold.' },
  { word: 'or', doc: 'Either side must hold.' },
  { word: 'not', doc: 'The next expression must not hold.' },
  { word: '1 of', doc: 'At least one selection whose name matches the pattern (`selection_*`) holds.' },
  { word: 'all of', doc: 'Every selection whose name matches the pattern holds.' },
  { word: 'them', doc: 'After `1 of` or `all of`: every selection whose name does not start with `_`.' },
];
