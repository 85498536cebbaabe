// The JSON report written as findings come (FindingsJsonWriter) is the document one
// JSON.stringify of the whole report would give, in the same layout: findings first, one per line.

import { strict as assert } from 'node:assert';
import { findingJson, FindingsJsonWriter, problemJson, summaryJson, type FindingsReport } from '../../../src/cli/formats/findings';
import type { FileFinding, FileProblem } from '../../../src/runtime/index';

function finding(i: number): FileFinding {
  return {
    file: 'logs/a.jsonl', line: i, startLine: i, column: 3, endLine: i, endColumn: 9, ruleId: `r${i % 7}`, title: 'T "quoted"', level: 'high',
    ruleSource: 'rules.yml', ruleOffset: 0, field: 'prompt', selection: 'selection', modifiers: ['contains'], value: 'step', matched: `step \u2028 ${i}`, recordKey: `line:${i}`,
  };
}

function report(problems: FileProblem[]): Omit<FindingsReport, 'findings' | 'rules'> {
  const counts = { bytes: 10, lines: 3, records: 3, parsed: 2, withoutPrompt: 0, findings: 2, malformed: 1, warnings: 0 };
  return { problems, notices: [], result: { counts, files: [], seconds: 0.5, cancelled: false }, flaggedRecords: 1, isTruncated: false };
}

describe('scan JSON report', () => {
  for (const count of [0, 1, 3000]) {
    it(`writes ${count} findings as they come, and the same text as the whole report indented`, () => {
      const pieces: string[] = [];
      const writer = new FindingsJsonWriter((text) => pieces.push(text));
      const findings = Array.from({ length: count }, (_, i) => finding(i + 1));
      for (const each of findings) writer.add(JSON.stringify(findingJson(each)));
      const problems: FileProblem[] = [{ file: 'logs/a.jsonl', line: 2, column: 1, checkId: 'log-malformed', messageId: 'invalidJson', severity: 'error', message: 'bad' }];
      const whole = report(problems);
      writer.finish(whole);
      const text = pieces.join('');
      const expected = {
        findings: findings.map(findingJson),
        errors: problems.map(problemJson),
        warnings: [],
        notices: [],
        summary: summaryJson(whole),
      };
      assert.deepEqual(JSON.parse(text), expected);
      // The layout: the rest as JSON.stringify indents it, the findings one a line.
      const placeholder = JSON.stringify('findings go here');
      const outline = JSON.stringify({ ...expected, findings: 'findings go here' }, null, 2);
      const lines = findings.map((each) => JSON.stringify(findingJson(each)));
      const list = lines.length === 0 ? '[]' : `[\n    ${lines.join(',\n    ')}\n  ]`;
      assert.equal(text, `${outline.replace(placeholder, () => list)}\n`);
      if (count === 3000) assert.ok(pieces.length > 2, 'written in several pieces');
    });
  }
});
