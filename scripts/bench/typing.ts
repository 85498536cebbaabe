// A benchmark, not a test: the work the extension does in the extension host for one keystroke in
// a rule file of a 300-rule pack, outside VS Code. The pack is the shipped one (rules/) copied
// until it has 300 rules, each copy with its own ids, names, titles and regexes (so no analysis is
// shared between copies). Each keystroke (typed into a regex, then into the title) is
// followed by everything a pause in typing triggers: parsing the edited file, its own checks (the
// regex checks with them), the pack-level checks over every file, the Test Explorer items of the
// file, the CodeLens test status of its rules, and the comparison that finds the edited file
// among the pack's files. Completion and definition lookups are timed too. Prints figures;
// asserts nothing about time.
//
//   npm run bench:typing [-- --rules 300 --keys 40]
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { regexUses } from '../../src/core/checks/regex-values';
import { exactOffsetMapper } from '../../src/core/checks/types';
import type { RuleFile, SourceText } from '../../src/core/model';
import { parsePackConfig } from '../../src/core/pack/config';
import { parseRuleText } from '../../src/core/rules/load';
import { completionContextAt } from '../../src/extension/completion-context';
import { lintAcrossFiles, lintOwnProblems } from '../../src/extension/pack-lint';
import { ruleFileMatcher } from '../../src/extension/pack-globs';
import { definitionsAt } from '../../src/extension/rule-navigation';
import { RuleTestSummaries, ruleTestNodes, runRuleExamples } from '../../src/extension/rule-test-items';

const ROOT = join(__dirname, '..', '..');

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

function shippedPack(): { files: SourceText[]; checks: Record<string, never> } {
  const root = join(ROOT, 'rules');
  const config = parsePackConfig(readFileSync(join(root, 'promptsift.yaml'), 'utf8')).value;
  if (!config) throw new Error('rules/promptsift.yaml does not parse');
  const isRule = ruleFileMatcher(config.rules, config.exclude);
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
  const files = walk(root)
    .map((path) => relative(root, path).split('\\').join('/'))
    .filter(isRule)
    .sort()
    .map((name) => ({ name, text: readFileSync(join(root, name), 'utf8') }));
  return { files, checks: config.checks as Record<string, never> };
}

/** Copy `n` of a rule file: ids, names and titles of its own, and every regex changed a little. */
function copyOf(file: SourceText, n: number, ids: string[], names: string[]): SourceText {
  const parsed = parseRuleText(file.name, file.text);
  // Each regex gets an optional group of its own in front (after a leading inline flag group).
  const inserts = parsed.rules.flatMap((rule) =>
    regexUses(rule, file.text).flatMap((use) => {
      const map = exactOffsetMapper(file.text, { value: use.value.value as string, span: use.value.span });
      const lead = use.inlineGroup ? use.inlineGroup.value.length : 0;
      return map ? [map(lead)] : [];
    }),
  );
  let text = file.text;
  for (const at of inserts.sort((a, b) => b - a)) text = `${text.slice(0, at)}(?:copy${n}x)?${text.slice(at)}`;
  for (const id of ids) text = text.split(id).join(`${id.slice(0, -4)}${String(n).padStart(4, '0')}`);
  for (const name of names) text = text.replace(new RegExp(`\\b${name}\\b`, 'g'), `${name}_c${n}`);
  text = text.replace(/^(\s*)title: (.*)$/gm, (_line, indent: string, title: string) => `${indent}title: ${title.replace(/^(['"]?)(.*?)\1$/, `$1$2 (copy ${n})$1`)}`);
  return { name: `copy${n}/${file.name}`, text };
}

function makePack(rules: number): { files: SourceText[]; checks: Record<string, never> } {
  const shipped = shippedPack();
  const parsed = shipped.files.map((file) => parseRuleText(file.name, file.text));
  const ids = parsed.flatMap((file) => file.rules.flatMap((rule) => (rule.id ? [rule.id.value] : [])));
  const names = parsed.flatMap((file) => file.rules.flatMap((rule) => (rule.name ? [rule.name.value] : [])));
  const files: SourceText[] = [];
  let count = 0;
  for (let n = 0; count < rules; n++) {
    shipped.files.forEach((file, index) => {
      if (count >= rules) return;
      files.push(copyOf(file, n, ids, names));
      count += (parsed[index] as RuleFile).rules.length;
    });
  }
  return { files, checks: shipped.checks };
}

/** What the extension keeps between keystrokes: the pack's severities, regex analyses, test summaries. */
interface Editor {
  checks: Record<string, never>;
  memo: object;
  summaries: RuleTestSummaries;
}

interface Sample {
  parse: number;
  own: number;
  across: number;
  items: number;
  lens: number;
  find: number;
  total: number;
}

function stats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return `median ${at(0.5).toFixed(1).padStart(6)} ms   p95 ${at(0.95).toFixed(1).padStart(6)} ms   max ${(sorted.at(-1) ?? NaN).toFixed(1).padStart(6)} ms`;
}

function time<T>(work: () => T): [T, number] {
  const started = performance.now();
  const value = work();
  return [value, performance.now() - started];
}

/** Types `keys` characters at `offset` of file `index`, one pause per character. */
function typeInto(pack: RuleFile[], texts: string[], index: number, offset: number, keys: number, editor: Editor): Sample[] {
  const { checks, memo, summaries } = editor;
  const samples: Sample[] = [];
  let text = texts[index] as string;
  const source = (pack[index] as RuleFile).source;
  for (let key = 0; key < keys; key++) {
    text = `${text.slice(0, offset + key)}${'abcdefghij'[key % 10]}${text.slice(offset + key)}`;
    const started = performance.now();
    // RulePacks.current: every file's current text compared with its last parse; one differs.
    const [changed, find] = time(() => pack.filter((file, at) => file.text !== (at === index ? text : texts[at])));
    const [file, parse] = time(() => parseRuleText(source, text));
    pack[index] = file;
    const [, own] = time(() => lintOwnProblems(file, checks, memo));
    const [, across] = time(() => lintAcrossFiles(pack, checks));
    const [nodes, items] = time(() => ruleTestNodes(file));
    const [, lens] = time(() => file.rules.forEach((rule) => rule.kind === 'detection' && summaries.get(rule)));
    if (changed.length !== 1 || nodes.length === 0) throw new Error('the keystroke did not change exactly the edited file');
    samples.push({ parse, own, across, items, lens, find, total: performance.now() - started });
  }
  texts[index] = text;
  return samples;
}

function report(title: string, samples: Sample[]): void {
  console.log(`\n${title} (${samples.length} keystrokes, each followed by a pause)`);
  const rows: [string, keyof Sample][] = [
    ['find the edited file', 'find'],
    ['parse it', 'parse'],
    ["its own checks (regex checks too)", 'own'],
    ['pack-level checks, all files', 'across'],
    ['Test Explorer items of the file', 'items'],
    ['CodeLens test status of its rules', 'lens'],
    ['all of it, per keystroke', 'total'],
  ];
  for (const [label, key] of rows) console.log(`  ${label.padEnd(36)} ${stats(samples.map((sample) => sample[key]))}`);
}

function main(): void {
  const ruleCount = option('--rules', 300);
  const keys = option('--keys', 40);
  const { files, checks } = makePack(ruleCount);
  console.log(`typing benchmark: ${files.length} rule files, Node ${process.version}, load ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);

  const [pack, parseAll] = time(() => files.map((file) => parseRuleText(file.name, file.text)));
  const rules = pack.reduce((sum, file) => sum + file.rules.length, 0);
  const detections = pack.flatMap((file) => file.rules).filter((rule) => rule.kind === 'detection');
  console.log(`\nOnce, when the pack loads (${rules} rules, ${detections.length} detection rules)`);
  console.log(`  parse every file                     ${parseAll.toFixed(0).padStart(6)} ms`);
  const editor: Editor = { checks, memo: {}, summaries: new RuleTestSummaries() };
  const [, ownAll] = time(() => pack.forEach((file) => lintOwnProblems(file, checks, editor.memo)));
  console.log(`  own checks of every file             ${ownAll.toFixed(0).padStart(6)} ms  (in slices of 30 ms, yielding to the editor)`);
  const [, acrossAll] = time(() => lintAcrossFiles(pack, checks));
  console.log(`  pack-level checks                    ${acrossAll.toFixed(0).padStart(6)} ms`);
  const [nodes, itemsAll] = time(() => pack.flatMap((file) => ruleTestNodes(file)));
  const examples = nodes.reduce((sum, node) => sum + node.examples.length, 0);
  console.log(`  Test Explorer items of every file    ${itemsAll.toFixed(0).padStart(6)} ms  (${nodes.length} rules, ${examples} examples)`);
  const [, runAll] = time(() => nodes.forEach((node) => runRuleExamples(node.rule)));
  const slowest = Math.max(...nodes.map((node) => time(() => runRuleExamples(node.rule))[1]));
  console.log(`  run every example ("run all")        ${runAll.toFixed(0).padStart(6)} ms  (slowest rule ${slowest.toFixed(1)} ms; runs yield every 20 ms)`);

  const texts = pack.map((file) => file.text);
  // The largest file with a regex: the worst case for its own checks.
  const target = pack
    .map((file, index) => ({ file, index }))
    .filter(({ file }) => file.rules.some((rule) => regexUses(rule, file.text).length > 0))
    .sort((a, b) => b.file.text.length - a.file.text.length)[0];
  if (!target) throw new Error('no rule file has a regex');
  const { file, index } = target;
  console.log(`\nEdited file: ${file.source} (${file.text.length} characters, ${file.rules.length} rule(s))`);
  pack.forEach((each) => each.rules.forEach((rule) => rule.kind === 'detection' && editor.summaries.get(rule)));
  const firstRegex = regexUses(file.rules[0]!, file.text)[0]!;
  report('Typing inside a regex', typeInto(pack, texts, index, firstRegex.value.span.start + 8, keys, editor));
  const title = (texts[index] as string).indexOf('\n', (texts[index] as string).indexOf('title:'));
  report('Typing in the title', typeInto(pack, texts, index, title, keys, editor));

  const edited = pack[index] as RuleFile;
  const condition = edited.text.indexOf('condition:') + 'condition: '.length;
  const [, completion] = time(() => completionContextAt(edited.text, condition + 2));
  const [, definition] = time(() => definitionsAt(pack, edited, condition + 5));
  console.log(`\nOn request: completion context ${completion.toFixed(2)} ms, go to definition ${definition.toFixed(2)} ms`);
}

main();
