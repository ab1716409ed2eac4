// A chart in words when the brief gives none: its kind, each axis with its range, its series.
import type * as vega from 'vega';
import { formatNumber } from '../compose/format.js';

type Row = Record<string, unknown>;

const KINDS: Record<string, string> = { bar: 'bar', line: 'line', area: 'area', point: 'scatter', circle: 'scatter', square: 'scatter', tick: 'strip', rule: 'rule', text: 'text', arc: 'pie', rect: 'heat map', trail: 'trail', boxplot: 'box plot', errorbar: 'error bar', geoshape: 'map', symbol: 'scatter', image: 'image' };

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

/** "a", "a and b", "a, b and c". */
function listed(xs: string[]): string {
  return xs.length < 2 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

function value(v: unknown, temporal: boolean): string {
  if (temporal || v instanceof Date) {
    const d = new Date(v as number);
    if (Number.isNaN(d.getTime())) return String(v);
    const iso = d.toISOString();
    return iso.slice(5, 10) === '01-01' ? iso.slice(0, 4) : iso.slice(0, 10);
  }
  // As prose prints numbers (en-US, two decimals), without making an Intl formatter (~12 ms cold).
  return typeof v === 'number' ? formatNumber(v) : String(v);
}

function domainText(view: vega.View, name: string, temporal: boolean): string | undefined {
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
  if (continuous && d.length === 2) return `from ${value(d[0], temporal)} to ${value(d[1], temporal)}`;
  const shown = d.slice(0, 6).map((x) => value(x, temporal)).join(', ');
  return `${d.length} ${d.length === 1 ? 'value' : 'values'}: ${shown}${d.length > 6 ? ', ...' : ''}`;
}

/** "Line and rule chart. x axis, Year: from 2020 to 2025. y axis, Russian peacekeepers: from 0 to 2,000." */
export function describeChart(view: vega.View, spec: Row): string {
  const marks = marksOf(spec);
  // Text and rule layers annotate the data marks; they are named after them, not as the chart's kind.
  const data = marks.filter((m) => m !== 'text' && m !== 'rule');
  const kinds = [...new Set((data.length ? data : marks).map((m) => KINDS[m] ?? m))];
  const notes = data.length ? [marks.includes('rule') && 'reference lines', marks.includes('text') && 'text labels'].filter(Boolean) : [];
  const title = typeof spec.title === 'string' ? spec.title : typeof (spec.title as Row | undefined)?.text === 'string' ? String((spec.title as Row).text) : '';
  const enc = encodingOf(spec);
  const kind = kinds.length ? listed(kinds).replace(/^./, (c) => c.toUpperCase()) : 'A';
  const parts = [`${kind} chart${notes.length ? ` with ${listed(notes as string[])}` : ''}${title ? `: ${title}` : ''}.`];
  for (const ch of ['x', 'y', 'theta']) {
    const def = enc[ch];
    if (!def) continue;
    const name = String(def.title ?? def.field ?? (def.aggregate ? `${def.aggregate}` : ch));
    const range = domainText(view, ch, def.type === 'temporal' || !!def.timeUnit);
    parts.push(`${ch === 'theta' ? 'Angle' : `${ch} axis`}, ${name}${range ? `: ${range}` : ''}.`);
  }
  const color = enc.color;
  if (color && (color.field || color.title)) {
    const range = domainText(view, 'color', color.type === 'temporal');
    parts.push(`Series by ${String(color.title ?? color.field)}${range ? `, ${range}` : ''}.`);
  }
  return parts.join(' ');
}
