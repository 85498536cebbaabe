// The panel's icons, drawn as SVG paths in the currentColor of their button (codicon-like, 16 px).

import { svg } from './dom';

const PATHS = {
  refresh: ['M13.2 8.6a5.3 5.3 0 1 1-1.5-4.3', 'M12.2 1.6v3.2H9'],
  export: ['M8 2.2v8.2', 'M4.6 7.2 8 10.6l3.4-3.4', 'M2.8 13.4h10.4'],
  stop: ['M4.5 4.5h7v7h-7z'],
  previous: ['M10 3.5 5.5 8l4.5 4.5'],
  next: ['M6 3.5 10.5 8 6 12.5'],
  close: ['M4.2 4.2l7.6 7.6', 'M11.8 4.2l-7.6 7.6'],
  open: ['M9.5 2.5h4v4', 'M13.5 2.5 7.5 8.5', 'M11.5 9.5v4h-9v-9h4'],
} as const;

export type IconName = keyof typeof PATHS;

export function icon(name: IconName): SVGSVGElement {
  return svg('svg', { className: `icon icon-${name}`, attrs: { viewBox: '0 0 16 16', width: 16, height: 16, 'aria-hidden': 'true', focusable: 'false' } },
    PATHS[name].map((d) => svg('path', { attrs: { d } })));
}
