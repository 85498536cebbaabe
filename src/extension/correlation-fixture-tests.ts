// The correlation fixtures of a pack in the Test Explorer, as `promptsift test` runs them: every
// `fixtures/<name>.expected.json` below the pack root (that no nested pack owns) is a test item; a
// run reads the fixture and its log (the editor's text when open, else the disk's) and runs the
// pack's rules as the editor has them over the log. Failures point at the fixture's lines.
import * as vscode from 'vscode';
import { FIXTURE_SUFFIX, parseCorrelationFixture, runCorrelationFixture, type FixtureLog } from '../core/pack/correlation-fixtures';
import type { Problem } from '../core/model';
import { findFilesBelow, readText } from './pack-discovery';
import { rangeConverter, type SpanToRange } from './positions';
import { ownerOf, type RulePack } from './rule-pack';
import type { RulePacks } from './rule-packs';

/** The id prefix of fixture items, so that a run tells them from rule files. */
export const FIXTURE_ITEM_PREFIX = 'fixture:';

/** The fixture files of a pack: those below its root that it owns (not a nested pack). */
export async function findFixtures(packs: RulePacks, pack: RulePack): Promise<vscode.Uri[]> {
  if (!pack.configFile) return [];
  const found = await findFilesBelow(pack.root, [`**/fixtures/*${FIXTURE_SUFFIX}`], []);
  const all = new Map(packs.all().map((each) => [each.key, each]));
  return found.filter((uri) => ownerOf(all, uri)?.key === pack.key).sort((a, b) => (a.toString() < b.toString() ? -1 : 1));
}

export interface FixtureOutcome {
  passed: boolean;
  messages: vscode.TestMessage[];
}

/** Runs the fixture at `uri` with every rule of `pack` as the editor has them. */
export async function runFixture(packs: RulePacks, pack: RulePack, uri: vscode.Uri): Promise<FixtureOutcome> {
  const documents = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document]));
  const rules = [...pack.files.values()].flatMap((file) => packs.current(file, documents).parsed.rules);
  const name = vscode.workspace.asRelativePath(uri);
  const text = await textOf(uri, documents);
  if (text === undefined) return { passed: false, messages: [new vscode.TestMessage(`${name} cannot be read.`)] };
  const texts = new Map([[name, { uri, toRange: rangeOfText(text) }]]);
  const parsed = parseCorrelationFixture(text, name);
  if (!parsed.value) return { passed: false, messages: messagesOf(parsed.problems, texts, name) };
  const logUri = vscode.Uri.joinPath(uri, '..', parsed.value.log);
  const logText = await textOf(logUri, documents);
  let log: FixtureLog | undefined;
  if (logText !== undefined) {
    const logName = vscode.workspace.asRelativePath(logUri);
    log = { source: logName, text: logText, ...(pack.config.fieldMap ? { fieldMap: pack.config.fieldMap } : {}) };
    texts.set(logName, { uri: logUri, toRange: rangeOfText(logText) });
  }
  const run = runCorrelationFixture(rules, parsed.value, name, log);
  return { passed: run.passed, messages: run.passed ? [] : messagesOf(run.problems, texts, name) };
}

async function textOf(uri: vscode.Uri, documents: ReadonlyMap<string, vscode.TextDocument>): Promise<string | undefined> {
  const open = documents.get(uri.toString());
  if (open) return open.getText();
  try {
    const read = await readText(uri);
    return 'text' in read ? read.text : undefined;
  } catch {
    return undefined;
  }
}

function rangeOfText(text: string): SpanToRange {
  return rangeConverter({ text, version: 0 });
}

/** One message per problem, at its place in the fixture or its log. */
function messagesOf(problems: readonly Problem[], texts: ReadonlyMap<string, { uri: vscode.Uri; toRange: SpanToRange }>, fallback: string): vscode.TestMessage[] {
  return problems.map((problem) => {
    const message = new vscode.TestMessage(problem.message);
    const place = texts.get(problem.source ?? fallback) ?? texts.get(fallback);
    if (place) message.location = new vscode.Location(place.uri, place.toRange(problem.span));
    return message;
  });
}
