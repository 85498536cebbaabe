// The findings of one scan of a log document: windows ahead of the full scan, the findings at a
// position, the ones nearest the lines on screen up to a cap, counts, and the cap on kept findings.
import assert from 'node:assert/strict';
import { DocumentFindings } from '../../../src/extension/findings-store';
import type { LogFinding } from '../../../src/extension/log-scan-protocol';

function finding(line: number, column: number, endColumn: number, level = 'high', endLine = line): LogFinding {
  return {
    pack: 'p', line, startLine: line, column, endLine, endColumn, ruleId: `r-${level}`, title: 't', level,
    ruleSource: 'r.yml', ruleOffset: 0, field: 'prompt', selection: 's', modifiers: [], value: 'v', matched: 'm', recordKey: `k${line}`,
  };
}

const lines = (found: LogFinding[]) => found.map((f) => f.startLine).sort((a, b) => a - b);

describe('document findings', () => {
  it('finds the findings at a position, end column exclusive, across the lines of a multi-line finding', () => {
    const store = new DocumentFindings(1);
    const word = finding(3, 10, 15);
    const record = finding(5, 4, 2, 'medium', 7);
    store.addBatch([word, record], [], 10);
    assert.deepEqual(store.at(3, 9), []);
    assert.deepEqual(store.at(3, 10), [word]);
    assert.deepEqual(store.at(3, 14), [word]);
    assert.deepEqual(store.at(3, 15), []);
    assert.deepEqual(store.at(5, 3), []);
    assert.deepEqual(store.at(6, 1), [record]);
    assert.deepEqual(store.at(7, 1), [record]);
    assert.deepEqual(store.at(7, 2), []);
  });

  it('answers from a window until the full scan reaches its lines, then from the full scan', () => {
    const store = new DocumentFindings(1);
    const early = finding(50, 1, 5);
    store.addWindow(49, 52, [early]);
    assert.ok(store.isCovered(49, 52));
    assert.ok(!store.isCovered(40, 52));
    assert.deepEqual(store.at(50, 2), [early]);
    assert.equal(store.available, 1);
    store.addBatch([finding(10, 1, 5)], [], 20);
    assert.deepEqual(lines(store.around(1, 10)), [10, 50]);
    const again = finding(50, 1, 5);
    store.addBatch([again], [], 60);
    assert.deepEqual(store.at(50, 2), [again], 'the full scan answers once it passed the line');
    assert.deepEqual(lines(store.around(1, 10)), [10, 50], 'no finding is counted twice');
  });

  it('keeps the first window for lines two windows share', () => {
    const store = new DocumentFindings(1);
    const first = finding(5, 1, 3);
    store.addWindow(1, 10, [first]);
    store.addWindow(5, 15, [finding(5, 1, 3), finding(12, 1, 3)]);
    assert.deepEqual(lines(store.around(1, 10)), [5, 12]);
    assert.deepEqual(store.at(5, 1), [first]);
  });

  it('picks the findings nearest the given line when there are more than the cap', () => {
    const store = new DocumentFindings(1);
    store.addBatch([1, 2, 3, 40, 41, 42, 43, 90].map((line) => finding(line, 1, 2)), [], 100);
    assert.equal(store.around(41, 100).length, 8);
    assert.deepEqual(lines(store.around(41, 3)), [40, 41, 42]);
    assert.deepEqual(lines(store.around(0, 2)), [1, 2]);
    assert.deepEqual(lines(store.around(1000, 2)), [43, 90]);
  });

  it('counts by level every finding of the full scan, kept or not, and says when it stopped keeping them', () => {
    const store = new DocumentFindings(1, 3);
    store.addBatch([finding(1, 1, 2, 'critical'), finding(2, 1, 2, 'low'), finding(3, 1, 2, 'low')], [], 3);
    store.addBatch([finding(7, 1, 2, 'low'), finding(9, 1, 2, 'high')], [], 10);
    store.finish({ bytes: 1, lines: 10, records: 10, parsed: 10, withoutPrompt: 0, findings: 5, malformed: 0, warnings: 0 }, false);
    assert.deepEqual(store.counts, { informational: 0, low: 3, medium: 0, high: 1, critical: 1 });
    assert.ok(store.isTruncated);
    assert.equal(store.available, 3);
    assert.equal(store.linesDone, 6, 'lines past the first dropped finding are not covered');
    assert.ok(!store.isCovered(8, 9));
    store.addWindow(8, 9, [finding(9, 1, 2, 'high')]);
    assert.ok(store.isCovered(8, 9));
    assert.equal(store.at(9, 1).length, 1);
  });

  it('covers every line once a scan completes, and none beyond the lines done when it was cancelled', () => {
    const done = new DocumentFindings(1);
    done.addBatch([], [], 4);
    done.finish({ bytes: 1, lines: 4, records: 4, parsed: 4, withoutPrompt: 0, findings: 0, malformed: 0, warnings: 0 }, false);
    assert.ok(done.isCovered(1, 1e9));
    const stopped = new DocumentFindings(1);
    stopped.addBatch([], [], 4);
    stopped.finish({ bytes: 1, lines: 4, records: 4, parsed: 4, withoutPrompt: 0, findings: 0, malformed: 0, warnings: 0 }, true);
    assert.ok(stopped.isCancelled && !stopped.isComplete);
    assert.ok(!stopped.isCovered(1, 5));
  });
});
