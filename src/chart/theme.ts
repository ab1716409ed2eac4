// The print theme for charts: sizes in points, Source Sans 3, greys that survive a black-and-white laser printer.
import type { Config } from 'vega-lite';

/** Grey levels far enough apart to tell apart on paper; series also differ by dash and shape. */
export const PRINT_PALETTE = ['#1a1a1a', '#6b6b6b', '#a3a3a3', '#404040', '#8a8a8a'];
export const PRINT_DASHES = [
  [1, 0],
  [6, 3],
  [2, 2],
  [8, 3, 2, 3],
  [1, 3],
];
export const PRINT_SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross'];

export function printConfig(): Config {
  const text = '#1a1a1a';
  return {
    font: 'Source Sans 3',
    background: null as unknown as string,
    padding: 2,
    view: { stroke: null },
    axis: {
      labelFont: 'Source Sans 3',
      labelFontSize: 8,
      labelColor: text,
      titleFont: 'Source Sans 3',
      titleFontSize: 8,
      titleFontWeight: 600,
      titleColor: text,
      domainColor: '#4d4d4d',
      domainWidth: 0.5,
      tickColor: '#4d4d4d',
      tickWidth: 0.5,
      tickSize: 3,
      gridColor: '#d0d0d0',
      gridWidth: 0.35,
      labelOverlap: true,
    },
    axisY: { grid: true, domain: false, ticks: false, labelPadding: 4, titlePadding: 6 },
    axisX: { grid: false },
    legend: { labelFont: 'Source Sans 3', labelFontSize: 8, titleFont: 'Source Sans 3', titleFontSize: 8, titleFontWeight: 600, symbolStrokeWidth: 1.5 },
    title: { font: 'Source Sans 3', fontSize: 10, fontWeight: 600, anchor: 'start', color: text },
    header: { labelFont: 'Source Sans 3', titleFont: 'Source Sans 3', labelFontSize: 8, titleFontSize: 8 },
    text: { font: 'Source Sans 3', fontSize: 8, color: text },
    // Sequential scales in grey: a colour ramp prints as an unreadable mid-grey band.
    range: { category: PRINT_PALETTE, strokeDash: PRINT_DASHES, symbol: PRINT_SHAPES, heatmap: { scheme: 'greys' }, ramp: { scheme: 'greys' } },
    mark: { color: '#404040' },
    line: { strokeWidth: 1.5 },
    rule: { strokeWidth: 0.5 },
    bar: { color: '#4d4d4d' },
  } as Config;
}
