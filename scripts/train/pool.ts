// Gathers the classifier's training texts from the repository: the held-out sets, the benign
// baseline, the inline examples of the prompt rules (from the work tree or from a commit), the
// published templates, the training sets written for the classifier alone (scripts/train/written/,
// never used to measure anything), and real public instructions as benign texts: the 175 seed tasks
// of Self-Instruct (Wang et al. 2022, Apache-2.0; the copy in tatsu-lab/stanford_alpaca), which the
// first model scored as high as our extraction prompts.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROMPT_RULE_DIRS, readInlineExamples, readLabelledSet, type LabelledText } from './data';

export const ROOT = resolve(__dirname, '../..');
export const HELDOUT_DIR = join(ROOT, 'rules/heldout');
export const WRITTEN_DIR = join(ROOT, 'scripts/train/written');

export interface PoolOptions {
  /** Held-out and written set file names left out (the target round, and sets written after it). */
  withheld: string[];
  /** Read the rules' inline examples as they were at this commit instead of from the work tree. */
  rulesAt?: string;
}

function git(args: string[]): string {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** The prompt rules' file texts, keyed by `dir/name.yml`. */
function ruleTexts(commit: string | undefined): { path: string; text: string }[] {
  return PROMPT_RULE_DIRS.flatMap((dir) => {
    const names = commit ? git(['ls-tree', '--name-only', `${commit}:rules/${dir}`]).split('\n') : readdirSync(join(ROOT, 'rules', dir));
    return names.filter((name) => name.endsWith('.yml')).sort().map((name) => ({
      path: `${dir}/${name}`,
      text: commit ? git(['show', `${commit}:rules/${dir}/${name}`]) : readFileSync(join(ROOT, 'rules', dir, name), 'utf8'),
    }));
  });
}

/** Every labelled text the options allow, in a fixed order. */
export function trainingPool(options: PoolOptions): LabelledText[] {
  const withheld = new Set(options.withheld);
  const sets = (dir: string): string[] => readdirSync(dir).filter((name) => name.endsWith('.jsonl') && !withheld.has(name)).sort();
  return [
    ...sets(HELDOUT_DIR).flatMap((name) => readLabelledSet(readFileSync(join(HELDOUT_DIR, name), 'utf8'), name)),
    ...sets(WRITTEN_DIR).flatMap((name) => readLabelledSet(readFileSync(join(WRITTEN_DIR, name), 'utf8'), `written:${name}`)),
    ...readLabelledSet(readFileSync(join(ROOT, 'rules/baseline/benign-prompts.jsonl'), 'utf8'), 'baseline'),
    ...ruleTexts(options.rulesAt).flatMap(({ path, text }) => readInlineExamples(text, `inline:${path.split('/')[0]}`)),
    ...readLabelledSet(readFileSync(join(ROOT, 'scripts/train/published-templates.jsonl'), 'utf8'), 'templates'),
    ...readLabelledSet(readFileSync(join(ROOT, 'scripts/train/self-instruct-seed-tasks.jsonl'), 'utf8'), 'self-instruct'),
  ];
}
