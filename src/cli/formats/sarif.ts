// The SARIF 2.1.0 format, shaped for GitHub code scanning: one run, a reporting descriptor per
// rule that reported something, relative URIs under %SRCROOT%, and partial fingerprints that
// survive line moves so that alerts are tracked across commits. `sarifLog` is generic (lint
// reports checks; a findings report can pass detection rules); `formatLintSarif` is lint's.

import { createHash } from 'node:crypto';
import type { Severity } from '../../core/model';
import type { CheckMeta } from '../../core/problems';
import type { Region } from '../located';
import { docsLink, HOME_URL, VERSION } from '../meta';
import type { LintReport } from './report';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The partialFingerprints key; bump the version if the hashed content ever changes. */
export const FINGERPRINT_KEY = 'promptsift/v1';

/** What a SARIF reporting descriptor needs to know about a rule (a check, or a detection rule). */
export interface SarifRule {
  id: string;
  description: string;
  defaultSeverity: Severity;
  /** The documentation page and anchor; a link only when the project home is known. */
  docs: { uri?: string; text: string };
}

/** One result: a located message of a rule. */
export interface SarifItem extends Region {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Relative to the cwd, forward slashes. */
  file: string;
}

const LEVELS: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { error: 'error', warning: 'warning', info: 'note' };

export function formatLintSarif(report: LintReport, catalogue: readonly CheckMeta[]): string {
  const items = report.problems.map(({ checkId, ...rest }) => ({ ruleId: checkId, ...rest }));
  const rules = [...new Set(items.map((item) => item.ruleId))].map((id): SarifRule => {
    const check = catalogue.find((candidate) => candidate.id === id);
    // A check the catalogue does not know still gets a valid descriptor, from its first problem.
    const severity = check?.severity ?? (items.find((item) => item.ruleId === id) as SarifItem).severity;
    return { id, description: check?.description ?? `Problems reported as ${id}.`, defaultSeverity: severity, docs: docsLink('checks.md', id) };
  });
  return `${JSON.stringify(sarifLog(rules, items), null, 2)}\n`;
}

/** A SARIF log of `items`; `rules` must describe every rule id they use (sorted by id in the log). */
export function sarifLog(rules: readonly SarifRule[], items: readonly SarifItem[]): object {
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const index = new Map(sorted.map((rule, at) => [rule.id, at]));
  const fingerprint = fingerprinter();
  const results = items.map((item) => ({
    ruleId: item.ruleId,
    ruleIndex: index.get(item.ruleId) ?? -1,
    level: LEVELS[item.severity],
    message: { text: item.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(item.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: item.line, startColumn: item.column, endLine: item.endLine, endColumn: item.endColumn },
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(item) },
  }));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'PromptSift', ...(HOME_URL ? { informationUri: HOME_URL } : {}), version: VERSION, semanticVersion: VERSION, rules: sorted.map(descriptor) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

function descriptor(rule: SarifRule): object {
  return {
    id: rule.id,
    name: rule.id.replace(/(^|[-_])([a-z0-9])/g, (_whole, _dash: string, letter: string) => letter.toUpperCase()),
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.description },
    help: { text: `${rule.description} See ${rule.docs.text} in the PromptSift documentation.` },
    ...(rule.docs.uri ? { helpUri: rule.docs.uri } : {}),
    defaultConfiguration: { level: LEVELS[rule.defaultSeverity] },
  };
}

/**
 * A hash of rule id, file and message (no line numbers, so edits above a result keep its
 * alert), suffixed with the occurrence number among identical results of the same file.
 */
function fingerprinter(): (item: SarifItem) => string {
  const occurrences = new Map<string, number>();
  return (item) => {
    const hash = createHash('sha256').update(`${item.ruleId}\0${item.file}\0${item.message}`).digest('hex');
    const occurrence = (occurrences.get(hash) ?? 0) + 1;
    occurrences.set(hash, occurrence);
    return `${hash}:${occurrence}`;
  };
}

/** A relative path as a URI reference: each segment percent-encoded (spaces, `#`, `%`, `:`). */
export function toUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
