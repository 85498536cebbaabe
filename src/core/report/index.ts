// Reports of campaign statistics: pure renderers, statistics in, one string out.

export { renderHtmlReport } from './html';
export { renderMarkdownReport, type ReportMeta } from './markdown';
