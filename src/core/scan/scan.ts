// The scanner over a log's bytes: the chunk scanner picks the lines worth reading, each is decoded
// and parsed (JSONL or plain text), the rules whose literals it holds run on it, and findings,
// problems and counts go to the sink as they come. CSV takes its own path (csv-scan.ts).

import { isProblem, parseJsonlLine, parseTextLine, type LineContext, type LogFormat } from '../logs/index';
import type { LogRecord, Problem } from '../model';
import { ChunkScanner, type LineSink } from './chunk-scanner';
import { createCsvScanner } from './csv-scan';
import { createRuleSelector, evaluateRecord, hashText, type EvaluateContext, type EvaluateHooks } from './evaluate';
import { createRecordGates } from './item-gates';
import { emptyCounts, type Finding, type ScanCounts, type ScanSink } from './findings';
import type { ScanPlan } from './plan';

/**
 * Longest line read by default, in bytes; longer ones are reported and skipped without being held.
 * A line is decoded and parsed whole, which takes several times its size in memory: 16 MiB keeps
 * a scan's peak memory bounded while leaving room for long prompts.
 */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

export interface ScannerOptions {
  format: LogFormat;
  /**
   * 'fast' (default) decodes only lines that hold a rule literal or look malformed (not `{…}`,
   * control characters, invalid UTF-8); 'full' parses every line, so every malformed line and
   * every record without a prompt is reported (the latter as `log-record`/`withoutPrompt` infos).
   */
  validate?: 'fast' | 'full';
  /** 1-based number of the first line (a part of a file that starts further on counts from 1 too). */
  firstLine?: number;
  maxLineBytes?: number;
  hooks?: EvaluateHooks;
  /** A fast UTF-8 validator (Node's `buffer.isUtf8`); the default uses a fatal TextDecoder. */
  isUtf8?: (bytes: Uint8Array) => boolean;
}

/** Scans a log that arrives as bytes in chunks cut anywhere. */
export interface LogScanner {
  push(chunk: Uint8Array): void;
  /** A region to read the next chunk into (then push a view of it): saves copying it. Optional. */
  readRegion?(): Uint8Array | undefined;
  /** Finishes the last line and returns the counts of the whole scan. */
  end(): ScanCounts;
}

/** Creates a scanner for one log (or one newline-aligned part of one) in a known format. */
export function createLogScanner(plan: ScanPlan, sink: ScanSink, options: ScannerOptions): LogScanner {
  if (options.format === 'csv' || options.format === 'tsv') return createCsvScanner(plan, sink, options);
  const counts = emptyCounts();
  const reader = new LineRecordReader(plan, sink, options, counts);
  const scanner = new ChunkScanner({
    prefilter: plan.prefilter,
    fastPass: plan.fastPass,
    sink: reader,
    shape: options.format === 'jsonl' ? 'json' : 'text',
    readEveryLine: plan.alwaysRules.length > 0 || options.validate === 'full',
    maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
    firstLine: options.firstLine,
    isUtf8: options.isUtf8,
  });
  return {
    push: (chunk) => scanner.push(chunk),
    readRegion: () => scanner.readRegion(),
    end() {
      scanner.end();
      counts.bytes = scanner.bytes;
      counts.lines = scanner.lines - ((options.firstLine ?? 1) - 1);
      counts.records = counts.parsed + scanner.skippedRecords;
      return counts;
    },
  };
}

/** Scans a whole text held in memory (an open document): the same results as the bytes of the file. */
export function scanText(plan: ScanPlan, text: string, sink: ScanSink, options: ScannerOptions): ScanCounts {
  const scanner = createLogScanner(plan, sink, options);
  scanner.push(new TextEncoder().encode(text));
  return scanner.end();
}

/** Decodes, parses and evaluates the lines the chunk scanner hands on. */
class LineRecordReader implements LineSink {
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private readonly ctx: LineContext;
  private readonly parse: (text: string, ctx: LineContext) => (LogRecord | Problem)[];
  /** The rules to run on a line, from the literals found in it. */
  private readonly rulesFor: (found: readonly number[]) => number[];
  /** The line being read, its text, and 0 when it starts with a byte-order mark (else 1). */
  private lineNumber = 0;
  private text = '';
  private shift = 1;
  /** One context and one emit for every record: the functions read the line being read. */
  private readonly context: EvaluateContext;
  private readonly emit: (finding: Finding) => void;

  constructor(
    private readonly plan: ScanPlan,
    private readonly sink: ScanSink,
    private readonly options: ScannerOptions,
    private readonly counts: ScanCounts,
  ) {
    this.ctx = { line: 0, offset: 0, plan: plan.fieldPlan };
    this.parse = options.format === 'jsonl' ? parseJsonlLine : parseTextLine;
    this.rulesFor = createRuleSelector(plan);
    this.context = {
      position: (offset) => ({ line: this.lineNumber, column: Math.max(1, offset + this.shift) }),
      recordKey: () => `line:${hashText(this.text)}`,
      hooks: options.hooks,
      gates: createRecordGates(plan.gates),
    };
    this.emit = (finding) => this.sink.finding(finding);
  }

  line(bytes: Uint8Array, start: number, end: number, line: number, found: readonly number[]): void {
    const text = this.decoder.decode(bytes.subarray(start, end));
    this.text = text;
    this.lineNumber = line;
    // A byte-order mark is not a column an editor shows.
    this.shift = text.charCodeAt(0) === 0xfeff ? 0 : 1;
    this.ctx.line = line;
    for (const item of this.parse(text, this.ctx)) {
      if (isProblem(item)) {
        this.report(item, line, this.context.position(item.span.start).column);
        continue;
      }
      this.counts.parsed++;
      if (item.fields.prompt === undefined) {
        this.counts.withoutPrompt++;
        if (this.options.validate === 'full') this.reportWithoutPrompt(line);
      }
      this.counts.findings += evaluateRecord(this.plan, item, this.rulesFor(found), this.context, this.emit);
    }
    this.text = '';
  }

  tooLong(line: number, head: Uint8Array): void {
    const excerpt = JSON.stringify(this.decoder.decode(head).slice(0, 60));
    const limit = String(this.options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
    const message = `The record on line ${line} is longer than ${limit} bytes and was skipped: ${excerpt}….`;
    this.counts.malformed++;
    this.sink.problem({ line, column: 1, checkId: 'log-malformed', messageId: 'recordTooLong', severity: 'error', message, data: { line: String(line), limit, excerpt } });
  }

  private reportWithoutPrompt(line: number): void {
    const message = `The record on line ${line} has no prompt.`;
    this.sink.problem({ line, column: 1, checkId: 'log-record', messageId: 'withoutPrompt', severity: 'info', message, data: { line: String(line) } });
  }

  private report(problem: Problem, line: number, column: number): void {
    if (problem.severity === 'error') this.counts.malformed++;
    else this.counts.warnings++;
    const { checkId, messageId, severity, message, data } = problem;
    this.sink.problem({ line, column, checkId, messageId, severity, message, ...(data ? { data } : {}) });
  }
}
