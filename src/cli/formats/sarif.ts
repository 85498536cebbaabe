// The SARIF 2.1.0 format, shaped for GitHub code scanning: one run, a reporting descriptor per
// check that reported something, relative URIs under %SRCROOT%, and partial fingerprints that
// survive line moves so that alerts are tracked across commits.

import { createHash } from 'node:crypto';
import type { Severity } from '../../core/model';
import type { CheckMeta } from '../../core/problems';
import type { LocatedProblem } from '../located';
import { checkDocsUrl, HOME_URL, VERSION } from '../meta';
import type { LintReport } from './report';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The partialFingerprints key; bump the version if the hashed content ever changes. */
export const FINGERPRINT_KEY = 'promptsift/v1';

const LEVELS: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { error: 'error', warning: 'warning', info: 'note' };

export function formatLintSarif(report: LintReport, catalogue: readonly CheckMeta[]): string {
  const ids = [...new Set(report.problems.map((problem) => problem.checkId))].sort();
  const rules = ids.map((id) => descriptor(id, catalogue.find((check) => check.id === id), report.problems));
  const fingerprint = fingerprinter();
  const results = report.problems.map((problem) => ({
    ruleId: problem.checkId,
    ruleIndex: ids.indexOf(problem.checkId),
    level: LEVELS[problem.severity],
    message: { text: problem.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(problem.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: problem.line, startColumn: problem.column, endLine: problem.endLine, endColumn: problem.endColumn },
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(problem) },
  }));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'PromptSift', informationUri: HOME_URL, version: VERSION, semanticVersion: VERSION, rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function descriptor(id: string, check: CheckMeta | undefined, problems: readonly LocatedProblem[]): object {
  // A check the catalogue does not know still gets a valid descriptor, from its first problem.
  const severity = check?.severity ?? (problems.find((problem) => problem.checkId === id) as LocatedProblem).severity;
  const description = check?.description ?? `Problems reported as ${id}.`;
  return {
    id,
    name: id.replace(/(^|-)([a-z0-9])/g, (_whole, _dash: string, letter: string) => letter.toUpperCase()),
    shortDescription: { text: description },
    fullDescription: { text: description },
    helpUri: checkDocsUrl(id),
    defaultConfiguration: { level: LEVELS[severity] },
  };
}

/**
 * A hash of check id, file and message (no line numbers, so edits above a problem keep its
 * alert), suffixed with the occurrence number among identical problems of the same file.
 */
function fingerprinter(): (problem: LocatedProblem) => string {
  const occurrences = new Map<string, number>();
  return (problem) => {
    const hash = createHash('sha256').update(`${problem.checkId}\0${problem.file}\0${problem.message}`).digest('hex');
    const occurrence = (occurrences.get(hash) ?? 0) + 1;
    occurrences.set(hash, occurrence);
    return `${hash}:${occurrence}`;
  };
}

/** A relative path as a URI reference: each segment percent-encoded (spaces, `#`, `%`, `:`). */
export function toUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
