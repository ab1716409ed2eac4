// A chart in words when the brief gives none: its kind, each axis with its range, its series.
import type * as vega from 'vega';
import { formatNumber } from '../compose/format.js';
import { wording, type Wording } from '../wording.js';

type Row = Record<string, unknown>;

function marksOf(spec: Row): string[] {
  const own = spec.mark ? [typeof spec.mark === 'string' ? spec.mark : String((spec.mark as Row).type)] : [];
  const layered = Array.isArray(spec.layer) ? (spec.layer as Row[]).flatMap(marksOf) : [];
  const vegaMarks = Array.isArray(spec.marks) ? (spec.marks as Row[]).map((m) => String(m.type)).filter((t) => t !== 'group') : [];
  return [...new Set([...own, ...layered, ...vegaMarks])];
}

function encodingOf(spec: Row): Record<string, Row> {
  const top = (spec.encoding ?? {}) as Record<string, Row>;
  const first = Array.isArray(spec.layer) ? ((spec.layer as Row[]).find((l) => l.encoding)?.encoding as Record<string, Row> | undefined) : undefined;
  return { ...(first ?? {}), ...top };
}

function value(v: unknown, temporal: boolean, language: string): string {
  if (temporal || v instanceof Date) {
    const d = new Date(v as number);
    if (Number.isNaN(d.getTime())) return String(v);
    const iso = d.toISOString();
    return iso.slice(5, 10) === '01-01' ? iso.slice(0, 4) : iso.slice(0, 10);
  }
  // As prose prints numbers (two decimals, the language's grouping), without making an Intl formatter (~12 ms cold).
  return typeof v === 'number' ? formatNumber(v, language) : String(v);
}

function domainText(view: vega.View, name: string, temporal: boolean, words: Wording): string | undefined {
  let scale: { domain(): unknown[]; type?: string } | undefined;
  try {
    scale = view.scale(name) as unknown as typeof scale;
  } catch {
    return undefined;
  }
  if (!scale) return undefined;
  const d = scale.domain();
  if (!d?.length) return undefined;
  const continuous = typeof d[0] === 'number' || d[0] instanceof Date;
  if (continuous && d.length === 2) return words.chart.span(value(d[0], temporal, words.language), value(d[1], temporal, words.language));
  const shown = d
    .slice(0, 6)
    .map((x) => value(x, temporal, words.language))
    .join(', ');
  return words.chart.values(d.length, shown, d.length > 6);
}

/** "Line and rule chart. x axis, Year: from 2020 to 2025. y axis, Russian peacekeepers: from 0 to 2,000." */
export function describeChart(view: vega.View, spec: Row, language = 'en'): string {
  const words = wording(language);
  const marks = marksOf(spec);
  // Text and rule layers annotate the data marks; they are named after them, not as the chart's kind.
  const data = marks.filter((m) => m !== 'text' && m !== 'rule');
  const kinds = [...new Set((data.length ? data : marks).map((m) => (Object.hasOwn(words.chart.marks, m) ? words.chart.marks[m] : m)))];
  const notes = data.length ? [marks.includes('rule') && words.chart.referenceLines, marks.includes('text') && words.chart.textLabels].filter((n): n is string => !!n) : [];
  const title = typeof spec.title === 'string' ? spec.title : typeof (spec.title as Row | undefined)?.text === 'string' ? String((spec.title as Row).text) : '';
  const enc = encodingOf(spec);
  const parts = [words.chart.kind(kinds, notes, title)];
  for (const ch of ['x', 'y', 'theta']) {
    const def = enc[ch];
    if (!def) continue;
    const name = String(def.title ?? def.field ?? (def.aggregate ? `${def.aggregate}` : ch));
    const range = domainText(view, ch, def.type === 'temporal' || !!def.timeUnit, words);
    parts.push(words.chart.axis(ch, name, range));
  }
  const color = enc.color;
  if (color && (color.field || color.title)) {
    const range = domainText(view, 'color', color.type === 'temporal', words);
    parts.push(words.chart.series(String(color.title ?? color.field), range));
  }
  return parts.join(' ');
}
