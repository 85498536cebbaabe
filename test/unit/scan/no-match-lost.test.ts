// The prefilter must never hide a match: on logs written in every spelling raw logs use, the
// scan reports exactly the (line, rule) pairs that running every rule on every record reports.

import { strict as assert } from 'node:assert';
import { isProblem, readLogRecords, type LogFormat } from '../../../src/core/logs/index';
import { parseRuleText } from '../../../src/core/rules/load';
import { EXACT_HOLDS } from '../../../src/core/match/fields';
import type { SelectionItem } from '../../../src/core/model';
import { createRecordGates } from '../../../src/core/scan/item-gates';
import { planStatsRules } from '../../../src/core/stats/stats-rules';
import { llmRule, planFrom, scanAll } from './helpers';
import { mulberry32 as prng } from '../../../scripts/eval/random';

const PHRASES = [
  'step by step',
  'say "hi" now',
  'and/or maybe',
  "don't <stop> & go",
  '思考过程',
  'café noir',
  'emoji 😀 here',
  'a+b=c',
  '1500',
];

/** One-item rules: a phrase each, two regexes, a wildcard and an account. */
const ONE_ITEM_RULES = [
  ...PHRASES.map((phrase, i) => llmRule(`p${i}`, `prompt|contains: '${phrase.replace(/'/g, "''")}'`)),
  llmRule('re1', "prompt|re: '(?i)chain[- ]of[- ]thought'"),
  llmRule('re2', "prompt|re: '(思考|推理)过程'"),
  llmRule('wild', "prompt: '*ignore*previous*'"),
  llmRule('acct', "account_id: '12345'"),
];

const PLAN = planFrom(ONE_ITEM_RULES);

const WORDS = ['alpha', 'beta', 'Beta', 'gamma', 'GAMMA', 'chain', 'Chain', 'of', 'thought', 'ignore', 'previous', 'step', 'by', 'é', 'CAFÉ NOIR', '思考', '过程', '"', '/', '<', "'", '\\', '\n', '12345'];

type Spelling = (json: string, random: () => number) => string;

const SPELLINGS: Record<string, Spelling> = {
  plain: (json) => json,
  pythonAscii: (json) => json.replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`),
  goHtml: (json) => json.replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`),
  slashes: (json) => json.replace(/\//g, '\\/'),
  // Any character may be written as \u00XX; a hostile or odd writer might do it to letters.
  randomLetters: (json, random) => {
    let out = '';
    for (let i = 0; i < json.length; i++) {
      const ch = json[i] as string;
      if (ch === '\\') {
        const length = json[i + 1] === 'u' ? 6 : 2;
        out += json.slice(i, i + length);
        i += length - 1;
      } else if (/[a-zA-Z0-9 +=]/.test(ch) && random() < 0.2) {
        const hex = ch.charCodeAt(0).toString(16);
        out += `\\u00${random() < 0.5 ? hex : hex.toUpperCase()}`;
      } else {
        out += ch;
      }
    }
    return out;
  },
};

function prompt(random: () => number): string {
  const words: string[] = [];
  for (let i = 0; i < 6; i++) words.push(WORDS[Math.floor(random() * WORDS.length)] as string);
  if (random() < 0.6) words.splice(Math.floor(random() * words.length), 0, PHRASES[Math.floor(random() * PHRASES.length)] as string);
  return words.join(random() < 0.5 ? ' ' : '');
}

function record(random: () => number): Record<string, unknown> {
  const messages = [{ role: 'user', content: prompt(random) }];
  if (random() < 0.4) messages.push({ role: 'user', content: prompt(random) });
  const account = random() < 0.2 ? 12345 : `acct-${Math.floor(random() * 10)}`;
  return random() < 0.3 ? { account_id: account, body: JSON.stringify({ messages }) } : { account_id: account, messages };
}

/** Every (line, rule) pair: what the scan reports, and what running all rules on all records gives. */
function pairs(text: string, format: LogFormat): { scanned: string[]; expected: string[] } {
  const scanned = [...new Set(scanAll(PLAN, text, format).findings.map((f) => `${f.line} ${f.ruleId}`))].sort();
  const expected: string[] = [];
  for (const item of readLogRecords(text, { format })) {
    if (isProblem(item)) continue;
    for (const rule of PLAN.rules) if (rule.compiled.matches(item)) expected.push(`${item.line} ${rule.key}`);
  }
  return { scanned, expected: expected.sort() };
}

describe('scan prefilter loses no match', () => {
  for (const [name, spell] of Object.entries(SPELLINGS)) {
    it(`on JSONL written ${name}`, () => {
      const random = prng(name.length * 7919);
      const lines = Array.from({ length: 400 }, () => spell(JSON.stringify(record(random)), random));
      const { scanned, expected } = pairs(lines.join('\n'), 'jsonl');
      assert.ok(expected.length > 100, `the corpus has matches (${expected.length})`);
      assert.deepEqual(scanned, expected);
    });
  }

  it('on CSV with quoted cells and cells spanning lines', () => {
    const random = prng(11);
    const cell = (text: string): string => `"${text.replace(/"/g, '""')}"`;
    const rows = Array.from({ length: 300 }, () => `${cell(prompt(random))},acct-${Math.floor(random() * 5)}`);
    const { scanned, expected } = pairs(`prompt,account_id\n${rows.join('\n')}\n`, 'csv');
    assert.ok(expected.length > 100);
    assert.deepEqual(scanned, expected);
  });

  it('on plain text lines', () => {
    const random = prng(13);
    const lines = Array.from({ length: 300 }, () => prompt(random).replace(/\n/g, ' '));
    const { scanned, expected } = pairs(lines.join('\n'), 'text');
    assert.ok(expected.length > 100);
    assert.deepEqual(scanned, expected);
  });
});

// Item gates (scan/item-gates.ts) answer "no" for items whose literals the prompt text lacks,
// and mayMatch leaves out rules whose condition cannot hold then: neither may change an answer.
// The account rule's item is not gated (the statistics gate `prompt` and `system` only).
const GATED_RULES = [
  ...ONE_ITEM_RULES,
  `title: Both
name: both
level: high
logsource:
    product: llm
detection:
    selection:
        prompt|contains: chain
    second:
        prompt|contains|all:
            - thought
            - step
    condition: selection and second
`,
  `title: Not
name: not_gamma
level: high
logsource:
    product: llm
detection:
    selection:
        prompt|contains: alpha
    gamma:
        prompt|contains: gamma
    condition: selection and not gamma
`,
  `title: Only not
name: only_not
level: high
logsource:
    product: llm
detection:
    beta:
        prompt|contains: beta
    condition: not beta
`,
  `title: All of
name: all_of
level: high
logsource:
    product: llm
detection:
    sel_a:
        prompt|contains: ignore
    sel_b:
        - prompt|contains: previous
        - account_id: '12345'
    condition: all of sel_*
`,
  // Exact gates: plain strings in either case, on the system prompt, with `all`, caseless CJK.
  llmRule('sys_exact', "system|contains: ['CHAIN', 'Step by']"),
  llmRule('all_exact', "prompt|contains|all: ['Alpha', 'beta', '思考']"),
  llmRule('any_exact', "prompt|contains: ['GAMMA', '/', 'previous\"']"),
];

describe('item gates lose no match', () => {
  const plan = planStatsRules(parseRuleText('rules.yml', GATED_RULES.join('---\n')).rules);
  const openGates = createRecordGates(plan.scan.gates);

  for (const seed of [1, 2, 3]) {
    it(`on random prompts and system prompts (seed ${seed})`, () => {
      const random = prng(seed * 104_729);
      const text = Array.from({ length: 400 }, () => {
        const line = record(random);
        return JSON.stringify(random() < 0.3 ? { ...line, system: prompt(random) } : line);
      }).join('\n');
      let closed = 0;
      let exactHolds = 0;
      const exactGates = new Set<string>();
      let matches = 0;
      let leftOut = 0;
      for (const item of readLogRecords(text, { format: 'jsonl' })) {
        if (isProblem(item)) continue;
        const gates = openGates(item.fields);
        closed += gates.filter((gate) => gate === 0).length;
        // An exact gate reads EXACT_HOLDS exactly when its item holds: here, when its one-item rule (condition: the item) matches.
        for (const rule of plan.scan.rules) {
          const detection = rule.compiled.rule.detection;
          const items = detection.selections.flatMap((selection) => selection.alternatives.flat());
          const isItem = items.length === 1 && detection.conditions[0]?.value === detection.selections[0]?.name.value;
          const gate = isItem ? plan.scan.gates.idOf.get(items[0] as SelectionItem) : undefined;
          if (gate === undefined || plan.scan.gates.exactField[gate] === 0) continue;
          exactGates.add(rule.key);
          const holds = rule.compiled.matches(item);
          assert.equal(gates[gate] === EXACT_HOLDS, holds, `exact gate of ${rule.key} on line ${item.line}`);
          if (holds) exactHolds++;
        }
        for (const rule of plan.scan.rules) {
          const expected = rule.compiled.matches(item);
          if (expected) matches++;
          assert.equal(rule.compiled.matches({ ...item, gates }), expected, `${rule.key} on line ${item.line}`);
          if (!rule.compiled.mayMatch(gates)) {
            leftOut++;
            assert.equal(expected, false, `${rule.key} left out on line ${item.line}, which it matches`);
          }
        }
      }
      assert.ok(matches > 100, `the corpus has matches (${matches})`);
      assert.ok(closed > 1000 && leftOut > 1000, `gates closed (${closed}) and rules left out (${leftOut})`);
      // Every phrase (é is searched as é and É, the only spellings the regex takes as equal), and the three rules above.
      assert.deepEqual([...exactGates].sort(), ['all_exact', 'any_exact', 'p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'sys_exact']);
      assert.ok(exactHolds > 200, `exact gates held (${exactHolds})`);
    });
  }
});
