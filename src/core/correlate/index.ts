// Correlation rules over scanned logs: the one module the rest of the engine imports from `core/correlate`.

export { createCorrelationEngine, type CorrelationEngine, type CorrelationEngineOptions, type CorrelationEvent } from './engine';
export { createLogContextBuilder, deriveFields, type DerivedValues, type LogContext, type LogContextBuilder } from './derived';
export { planCorrelations, ruleKey, type CorrelationPlan } from './plan';
export { slideWindows, type SortedEvents, type WindowHit, type WindowSpec } from './windows';
export type * from './types';
