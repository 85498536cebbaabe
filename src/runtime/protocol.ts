// Messages between the scan pool (main thread) and its workers. Everything is plain data.

import type { FieldMap, LogFormat } from '../core/logs/index';
import type { RuleFile } from '../core/model';
import type { Finding, LineProblem, RuleAnalysis, RuleNotice, ScanCounts } from '../core/scan/index';

/** Slots of a worker's shared status array, read by the watchdog. */
export const STATUS_SEQUENCE = 0;
export const STATUS_RULE = 1;
export const STATUS_LINE = 2;
/** 1 while a rule runs on a record. */
export const STATUS_IN_RULE = 3;
export const STATUS_SLOTS = 4;

export interface InitMessage {
  type: 'init';
  /** The rule files as parsed by the pool (plain data), so workers skip YAML and the schema. */
  rules: RuleFile[];
  fieldMap?: FieldMap;
  /** analyzeRules' answer for the rules; empty when the worker is asked for a `share` of it first. */
  analysis: RuleAnalysis[];
  /** Analyse the detection rules whose index % count is `index`, post them, and wait for `plan`. */
  share?: { index: number; count: number; hasLinearFallback: boolean; allowSuperLinear: boolean };
  maxLineBytes: number;
  validate: 'fast' | 'full';
  /** An Int32Array of STATUS_SLOTS over a SharedArrayBuffer. */
  status: SharedArrayBuffer;
}

/** A part of a log: the lines that start in [start, end) of a file, or a whole in-memory text. */
export interface TaskMessage {
  type: 'task';
  id: number;
  attempt: number;
  format: LogFormat;
  path?: string;
  bytes?: Uint8Array;
  start: number;
  end: number;
  /** Rules switched off from a (segment-relative) line on, after a timeout. */
  disabled: { rule: number; fromLine: number }[];
}

/** The whole analysis, once every worker has sent its share. */
export interface PlanMessage {
  type: 'plan';
  analysis: RuleAnalysis[];
}

export type MainMessage = InitMessage | PlanMessage | TaskMessage;

/** A worker's share of the analysis: [detection rule index, analysis] pairs. */
export interface AnalysisMessage {
  type: 'analysis';
  entries: [number, RuleAnalysis][];
}

export interface ReadyMessage {
  type: 'ready';
  notices: RuleNotice[];
  /** Rule keys by plan index, for timeout notices. */
  rules: { key: string; title: string; source: string }[];
}

/** Results so far of a task; lines are relative to the task's first line (1). */
export interface BatchMessage {
  type: 'batch';
  id: number;
  attempt: number;
  findings: Finding[];
  problems: LineProblem[];
  /** Bytes of the task scanned so far. */
  bytesDone: number;
}

export interface DoneMessage {
  type: 'done';
  id: number;
  attempt: number;
  counts: ScanCounts;
}

export interface FailedMessage {
  type: 'failed';
  id: number;
  attempt: number;
  message: string;
}

export type WorkerMessage = AnalysisMessage | ReadyMessage | BatchMessage | DoneMessage | FailedMessage;
