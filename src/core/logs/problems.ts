// The problems log reading reports: ids, severities and message texts in one table.

import type { Problem, Severity, Span } from '../model';
import { formatMessage } from '../problems';

interface MessageSpec {
  checkId: string;
  severity: Severity;
  text: string;
}

/** Every log-reading problem by message id; tests assert `checkId`, `messageId` and `data`. */
export const LOG_MESSAGES = {
  invalidJson: { checkId: 'log-malformed', severity: 'error', text: 'Line {{line}} is not valid JSON ({{reason}}) at {{excerpt}}.' },
  notObject: { checkId: 'log-malformed', severity: 'error', text: 'Line {{line}} holds a JSON {{kind}}, not an object: {{excerpt}}.' },
  binaryData: { checkId: 'log-malformed', severity: 'error', text: 'Line {{line}} holds binary data (NUL characters): {{excerpt}}.' },
  recordTooLong: {
    checkId: 'log-malformed',
    severity: 'error',
    text: 'The record on line {{line}} is longer than {{limit}} characters and was skipped: {{excerpt}}.',
  },
  unterminatedQuote: {
    checkId: 'log-malformed',
    severity: 'error',
    text: 'The quoted CSV field at {{excerpt}} on line {{line}} never closes; reading resumes on the next line.',
  },
  fieldCount: {
    checkId: 'log-malformed',
    severity: 'warning',
    text: 'The CSV row on line {{line}} has {{count}} fields but the header has {{expected}}.',
  },
  duplicateColumn: {
    checkId: 'log-malformed',
    severity: 'warning',
    text: 'The CSV header repeats the column {{column}}; only its first occurrence is read.',
  },
  replacementCharacter: {
    checkId: 'log-encoding',
    severity: 'warning',
    text: 'Line {{line}} contains U+FFFD replacement characters, a sign of bytes that were not valid UTF-8: {{excerpt}}.',
  },
  unparsedTimestamp: {
    checkId: 'log-timestamp',
    severity: 'warning',
    text: 'The timestamp {{value}} on line {{line}} is neither ISO 8601 nor epoch seconds or milliseconds.',
  },
} as const satisfies Record<string, MessageSpec>;

export type LogMessageId = keyof typeof LOG_MESSAGES;

/** Builds the problem for `messageId`, filling `{{name}}` placeholders from `data`. */
export function logProblem(messageId: LogMessageId, data: Record<string, string>, span: Span): Problem {
  const spec: MessageSpec = LOG_MESSAGES[messageId];
  return { checkId: spec.checkId, messageId, data, severity: spec.severity, message: formatMessage(spec.text, data), span };
}

const EXCERPT_LENGTH = 60;

/** A short quoted excerpt of log text from `start`, with control characters escaped. */
export function excerpt(text: string, start: number, end = text.length): string {
  const stop = Math.min(end, start + EXCERPT_LENGTH);
  const slice = text.slice(start, stop);
  return JSON.stringify(slice) + (stop < end ? '…' : '');
}
