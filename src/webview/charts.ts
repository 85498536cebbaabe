// The panel's charts, as inline SVG: bars that stretch with the panel, the flagged records by level,
// and a campaign's hourly requests per model with the models' releases and the campaign's pivots.
// Colours come from CSS classes over the theme's variables, so every theme applies.

import type { Level } from '../core/model';
import type { PivotSummary } from '../core/stats/types';
import type { TimelineRow, TimelineView } from '../shared/messages';
import { el, svg } from './dom';
import { counted, formatCount, formatHours, formatShare, formatTime } from './format';

const HOUR_MS = 3_600_000;

/** A horizontal bar of `part` out of `whole`, over a faint track. */
export function bar(part: number, whole: number, className: string): SVGSVGElement {
  const width = whole <= 0 ? 0 : Math.max(0, Math.min(100, (part / whole) * 100));
  return svg('svg', { className: `bar ${className}`, attrs: { viewBox: '0 0 100 4', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' } }, [
    svg('rect', { className: 'track', attrs: { width: 100, height: 4 } }),
    width > 0 && svg('rect', { className: 'fill', attrs: { width: Math.max(width, 0.8), height: 4 } }),
  ]);
}

/** The records, flagged ones by their highest level first, as one strip, with a legend. */
export function levelStrip(levels: readonly { level: Level; count: number }[], records: number): HTMLElement {
  const parts: SVGElement[] = [];
  let x = 0;
  for (const { level, count } of levels) {
    const width = records === 0 ? 0 : (count / records) * 100;
    parts.push(svg('rect', { className: `level-${level}`, attrs: { x, width: Math.max(width, 0.4), height: 6 } }, [svg('title', { text: `${level}: ${counted(count, 'record')}` })]));
    x += width;
  }
  const flagged = levels.reduce((sum, entry) => sum + entry.count, 0);
  const label = `${counted(flagged, 'flagged record')} of ${formatCount(records)}: ${levels.map((entry) => `${entry.level} ${formatCount(entry.count)}`).join(', ')}`;
  return el('figure', { className: 'levels' }, [
    svg('svg', { className: 'strip', attrs: { viewBox: '0 0 100 6', preserveAspectRatio: 'none', role: 'img', 'aria-label': label } }, [
      svg('rect', { className: 'track', attrs: { width: 100, height: 6 } }),
      ...parts,
    ]),
    el('figcaption', { className: 'legend' }, levels.map(({ level, count }) =>
      el('span', { className: 'key' }, [el('span', { className: `swatch level-${level}`, attrs: { 'aria-hidden': 'true' } }), `${level} ${formatCount(count)}`]))),
  ]);
}

/**
 * One row per model: hourly requests on a shared scale and time axis. A dashed line marks when a
 * model first appeared in the logs, a solid one when the campaign pivoted to it.
 */
export function timelineChart(timeline: TimelineView, campaign: string): HTMLElement {
  const rows = timeline.rows.map((row) => timelineRow(row, timeline));
  const end = timeline.start + timeline.hours * HOUR_MS;
  return el('figure', { className: 'timeline', attrs: { 'aria-label': `Hourly requests of ${campaign} per model` } }, [
    ...rows,
    el('div', { className: 'axis', attrs: { 'aria-hidden': 'true' } }, [
      el('span'),
      el('span', { className: 'axis-times' }, [el('span', { text: formatTime(timeline.start) }), el('span', { text: `${formatTime(end)} UTC` })]),
      el('span'),
    ]),
    el('figcaption', { className: 'legend' }, [
      el('span', { className: 'key' }, [el('span', { className: 'swatch mark-release', attrs: { 'aria-hidden': 'true' } }), 'model first seen']),
      el('span', { className: 'key' }, [el('span', { className: 'swatch mark-pivot', attrs: { 'aria-hidden': 'true' } }), 'pivot']),
      el('span', { className: 'key', text: `rows share one scale, peak ${formatCount(timeline.peak)}/h` }),
    ]),
  ]);
}

function timelineRow(row: TimelineRow, timeline: TimelineView): HTMLElement {
  const height = 20;
  const x = (ms: number): number => (ms - timeline.start) / HOUR_MS;
  const isOther = row.otherModels !== undefined;
  const name = isOther ? `${counted(row.otherModels ?? 0, 'other model')}` : row.model;
  const bars = row.counts.flatMap((n, hour) => {
    if (n === 0) return [];
    const h = Math.max((n / timeline.peak) * (height - 2), 1);
    return [svg('rect', { attrs: { x: hour + 0.12, y: height - h, width: 0.76, height: h } })];
  });
  const marks: SVGElement[] = [];
  if (row.releasedAt !== undefined) marks.push(svg('line', { className: 'mark-release', attrs: { x1: x(row.releasedAt), x2: x(row.releasedAt), y1: 0, y2: height } }));
  if (row.pivotAt !== undefined) marks.push(svg('line', { className: 'mark-pivot', attrs: { x1: x(row.pivotAt), x2: x(row.pivotAt), y1: 0, y2: height } }));
  const described = [`${name}: ${counted(row.total, 'request')}`];
  if (row.releasedAt !== undefined) described.push(`first seen ${formatTime(row.releasedAt)} UTC`);
  if (row.pivotAt !== undefined) described.push(`pivot ${formatTime(row.pivotAt)} UTC`);
  const kind = isOther ? 'series-other' : row.releasedAt !== undefined ? 'series-new' : 'series';
  return el('div', { className: `timeline-row${row.pivotAt !== undefined ? ' has-pivot' : ''}` }, [
    el('span', { className: 'model', text: name, attrs: { title: name } }),
    svg('svg', { className: `spark ${kind}`, attrs: { viewBox: `0 0 ${Math.max(timeline.hours, 1)} ${height}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': described.join(', ') } }, [
      svg('rect', { className: 'baseline', attrs: { x: 0, y: height - 0.5, width: Math.max(timeline.hours, 1), height: 0.5 } }),
      ...bars,
      ...marks,
    ]),
    el('span', { className: 'num', text: formatCount(row.total) }),
  ]);
}

/** "Moved 16.6% of its traffic to X 0.6 h after it first appeared (others: 4.5%)". */
export function pivotLine(pivot: PivotSummary): HTMLElement {
  const others = pivot.baselineRequests === 0 ? 'no other traffic then' : `others ${formatShare(pivot.baselineShare)}`;
  return el('li', { className: 'pivot' }, [
    el('span', { className: 'pivot-mark', attrs: { 'aria-hidden': 'true' } }),
    el('span', {}, [
      'Pivot to ',
      el('strong', { text: pivot.model }),
      ` at ${formatTime(pivot.pivotAt)}, ${formatHours(pivot.hoursAfterFirstSeen)} after it first appeared: `,
      el('strong', { text: formatShare(pivot.shareAfter) }),
      ` of the next 24 h (${formatShare(pivot.shareBefore)} before; ${others})`,
    ]),
  ]);
}
