// Inline SVG charts for the HTML report: an hourly stacked timeline per model with pivot markers,
// and horizontal bars. Colours come from CSS classes (s0…s6, mark-*), so light and dark themes
// apply without style attributes; every label is escaped.

import type { PivotSummary, Timeline } from '../stats/types';
import { escapeHtml } from './escape';
import { shorten as cut, utcMinute as isoHour } from './text-format';

const SERIES = 7;
const HOUR_MS = 3_600_000;

/** Stacked hourly requests per model; dashed lines at new models' first appearance, solid at pivots. */
export function timelineChart(timeline: Timeline, pivots: readonly PivotSummary[], label: string): string {
  const width = 760;
  const height = 190;
  const left = 44;
  const right = 8;
  const top = 10;
  const bottom = 22;
  const models = Object.entries(timeline.byModel)
    .map(([model, series]) => ({ model, series, total: series.reduce((sum, v) => sum + v, 0) }))
    .sort((a, b) => b.total - a.total || (a.model < b.model ? -1 : 1));
  if (timeline.hours === 0 || models.length === 0) return '';
  const totals = new Array<number>(timeline.hours).fill(0);
  for (const { series } of models) series.forEach((v, h) => (totals[h] = (totals[h] as number) + v));
  const max = Math.max(1, ...totals);
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const barW = plotW / timeline.hours;
  const x = (ms: number): number => left + ((ms - timeline.start) / HOUR_MS) * barW;
  const parts: string[] = [];
  const base = new Array<number>(timeline.hours).fill(0);
  models.forEach(({ model, series }, m) => {
    const cls = `s${Math.min(m, SERIES - 1)}`;
    series.forEach((v, h) => {
      if (v === 0) return;
      const y0 = base[h] as number;
      base[h] = y0 + v;
      const y = top + plotH - ((y0 + v) / max) * plotH;
      parts.push(`<rect class="${cls}" x="${fix(left + h * barW)}" y="${fix(y)}" width="${fix(Math.max(barW - 0.3, 0.6))}" height="${fix((v / max) * plotH)}"><title>${escapeHtml(model)}: ${v} requests, hour from ${escapeHtml(isoHour(timeline.start + h * HOUR_MS))}</title></rect>`);
    });
  });
  for (let day = Math.ceil(timeline.start / (24 * HOUR_MS)) * 24 * HOUR_MS; day <= timeline.start + timeline.hours * HOUR_MS; day += 24 * HOUR_MS) {
    parts.push(`<line class="grid" x1="${fix(x(day))}" x2="${fix(x(day))}" y1="${top}" y2="${top + plotH}"/><text class="axis" x="${fix(x(day) + 2)}" y="${height - 6}">${escapeHtml(isoHour(day).slice(5, 10))}</text>`);
  }
  for (const pivot of pivots) {
    parts.push(`<line class="mark-release" x1="${fix(x(pivot.firstSeen))}" x2="${fix(x(pivot.firstSeen))}" y1="${top}" y2="${top + plotH}"><title>${escapeHtml(pivot.model)} first seen ${escapeHtml(isoHour(pivot.firstSeen))}</title></line>`);
    parts.push(`<line class="mark-pivot" x1="${fix(x(pivot.pivotAt))}" x2="${fix(x(pivot.pivotAt))}" y1="${top}" y2="${top + plotH}"><title>pivot to ${escapeHtml(pivot.model)} at ${escapeHtml(isoHour(pivot.pivotAt))}</title></line>`);
  }
  parts.push(`<text class="axis" x="2" y="${top + 10}">${max}/h</text><line class="axis-line" x1="${left}" x2="${width - right}" y1="${top + plotH}" y2="${top + plotH}"/>`);
  const legend = models.slice(0, SERIES).map(({ model }, m) => `<span class="key"><svg width="10" height="10" aria-hidden="true"><rect class="s${m}" width="10" height="10"/></svg> ${escapeHtml(model)}</span>`);
  return `<figure><svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(label)}">${parts.join('')}</svg><figcaption>${legend.join(' ')}${models.length > SERIES ? ' (the smallest models share the last colour)' : ''}</figcaption></figure>`;
}

/** Horizontal bars with a label and the value at the end of each bar. */
export function barChart(items: readonly { label: string; value: number }[], label: string): string {
  if (items.length === 0) return '';
  const width = 760;
  const row = 20;
  const labelW = 260;
  const max = Math.max(1, ...items.map((item) => item.value));
  const rows = items.map((item, i) => {
    const y = i * row;
    const w = ((width - labelW - 70) * item.value) / max;
    return `<text class="axis" x="0" y="${y + 14}">${escapeHtml(cut(item.label, 40))}</text><rect class="s0" x="${labelW}" y="${y + 3}" width="${fix(Math.max(w, 0.5))}" height="${row - 6}"/><text class="axis" x="${fix(labelW + w + 4)}" y="${y + 14}">${item.value.toLocaleString('en-US')}</text>`;
  });
  return `<svg class="chart" viewBox="0 0 ${width} ${items.length * row}" role="img" aria-label="${escapeHtml(label)}">${rows.join('')}</svg>`;
}

function fix(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}
