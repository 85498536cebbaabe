// Campaign statistics: the one module the shells (CLI, extension) import from `core/stats`. The
// webview imports only `./types`, and only as types.

export { createCampaignAccumulator, type CampaignAccumulator, type MatchedRule, type StatsRecord } from './campaign';
export { DEFAULT_CAMPAIGN_OPTIONS, resolveCampaignOptions, type CampaignOptions, type CampaignOptionsInput } from './options';
export { normaliseTemplate } from './normalise';
export { createStatsPipeline, type StatsPipeline, type StatsPipelineOptions } from './pipeline';
export { createTemplateIndex, type TemplateIndex, type TemplateIndexOptions, type TemplateRef } from './templates';
export type * from './types';
