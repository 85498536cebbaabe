// Log reading: the one module the rest of the engine imports from `core/logs`.

export { detectLogFormat, LOG_FORMATS, type LogFormat } from './detect';
export {
  BODY_PREFIX,
  compileFieldMap,
  DEFAULT_SOURCES,
  SHAPE_SOURCE,
  type FieldMap,
  type FieldPlan,
} from './field-map';
export type { PathSegment } from './json-spans';
export { parseJsonlLine, type LineContext } from './jsonl';
export { compilePath, rawPathLeaves, rawPathValues, type CompiledPath } from './paths';
export { LOG_MESSAGES, type LogMessageId } from './problems';
export {
  createLogReader,
  DEFAULT_MAX_RECORD_LENGTH,
  isProblem,
  readLogRecords,
  readRecordText,
  type LogReader,
  type LogReadOptions,
  type LogReadSummary,
} from './reader';
export { parseTextLine } from './text';
export { parseTimestamp } from './time';
