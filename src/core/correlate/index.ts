// Correlation rules over scanned logs: the one module the rest of the engine imports from `core/correlate`.

export { addLogContext } from './context-scan';
export { createLogContextBuilder, deriveFields, isNewSince, NEW_AFTER_MS, type DerivedValues, type LogContext, type LogContextBuilder } from './derived';
export { createCorrelationEngine, type CorrelationEngine, type CorrelationEngineOptions, type CorrelationEvent } from './engine';
export { planCorrelations, ruleKey, type CorrelationPlan } from './plan';
export { slideWindows, type SortedEvents, type WindowHit, type WindowSpec } from './windows';
export type * from './types';
