// What `briefpress facts` and `briefpress diff` print for a reader at a terminal (--json gives the data).
import { longestCommon, type Changes } from './compare.js';
import type { FactBase } from './factbase.js';

const cite = (s: FactBase['sources'][number]) => [s.publisher, s.title && `“${s.title}”`, s.date].filter(Boolean).join(', ');
const stated = (f: { value: string | number; unit?: string; qualifier?: string }) => [f.qualifier, String(f.value), f.unit].filter(Boolean).join(' ');
const cell = (v: unknown) => (v === null ? '' : String(v));

/** Which brief and edition a fact base is, in one line. */
export function briefLine(base: FactBase): string {
  const edition = base.edition ? `, edition ${base.edition.number} of ${base.edition.date}` : '';
  return `${base.brief.title} (${base.brief.name}, ${base.brief.date}${edition})`;
}

export function factsText(base: FactBase): string {
  const out: string[] = [briefLine(base), base.brief.classification, ''];
  out.push(`Facts (${base.facts.length})`);
  for (const f of base.facts) {
    out.push(`  ${f.id}: ${stated(f)} (as of ${f.date})`);
    for (const q of f.quotes) out.push(`    “${q}”`);
    out.push(`    — ${cite(f.source)}`);
  }
  if (base.timeline.length) {
    out.push('', `Timeline (${base.timeline.length})`);
    for (const e of base.timeline) out.push(`  ${e.when}: ${e.text}`, ...e.quotes.map((q) => `    “${q}”`), `    — ${cite(e.source)}`);
  }
  if (base.charts.length) {
    out.push('', `Charts (${base.charts.length})`);
    for (const c of base.charts) {
      out.push(`  ${c.id}: ${c.title} (dataset ${c.dataset}, ${c.rows.length} row${c.rows.length === 1 ? '' : 's'})`);
      const fields = [...new Set(c.rows.flatMap((r) => Object.keys(r.fields)))];
      out.push(`    ${fields.join(' | ')}`);
      for (const r of c.rows) out.push(`    ${fields.map((k) => cell(r.fields[k])).join(' | ')}`);
    }
  }
  out.push('', `Sources (${base.sources.length})`);
  base.sources.forEach((s, i) => out.push(`  ${i + 1}. ${cite(s)}${s.url ? ` <${s.url}>` : ''}`));
  return out.join('\n') + '\n';
}

/** Words and the spaces between them, so that joined back they are the text. */
const words = (t: string) => t.split(/(\s+)/).filter(Boolean);

/**
 * A word-level diff of two texts, as `git diff --word-diff` writes it: [-removed-]{+added+}. The
 * longest common run of words is kept; units are short (a paragraph), so the table is small.
 */
export function wordDiff(before: string, after: string): string {
  const a = words(before),
    b = words(after);
  const n = a.length,
    m = b.length;
  // A block of thousands of words each side would need a table of hundreds of megabytes: said whole.
  if (n * m > 4_000_000) return `[-${before}-]{+${after}+}`;
  const out: string[] = [];
  const said = (part: string[], mark: [string, string]) => (part.join('').trim() ? [`${mark[0]}${part.join('')}${mark[1]}`] : []);
  let i = 0,
    j = 0;
  // Between two words kept, what the old text had is removed and what the new one has is added.
  for (const [k, l] of [...longestCommon(a, b), [n, m] as [number, number]]) {
    out.push(...said(a.slice(i, k), ['[-', '-]']), ...said(b.slice(j, l), ['{+', '+}']));
    if (k < n) out.push(a[k]);
    i = k + 1;
    j = l + 1;
  }
  return out.join('');
}

/** One changed block as the diff reports it: the new text, the old one it replaced (if any), and the two word by word. */
export interface BlockChange {
  kind: string;
  section: string;
  before: string | null;
  after: string | null;
  words: string;
}

/**
 * Changed blocks paired for a word-level diff: a removed unit and a changed one of the same kind
 * and section, in order, read as one block revised; the rest as added or removed.
 */
export function blockChanges(changes: Changes): BlockChange[] {
  const removed = [...changes.removed];
  const out: BlockChange[] = [];
  for (const u of changes.changed) {
    const k = removed.findIndex((r) => r.kind === u.kind && r.section === u.section);
    const old = k >= 0 ? removed.splice(k, 1)[0] : undefined;
    // A figure of the same words has new data: its rows say what (chartChanges).
    const words = !old ? `{+${u.text}+}` : old.text === u.text ? `${u.text} (its chart's data changed)` : wordDiff(old.text, u.text);
    out.push({ kind: u.kind, section: u.section, before: old?.text ?? null, after: u.text, words });
  }
  for (const r of removed) out.push({ kind: r.kind, section: r.section, before: r.text, after: null, words: `[-${r.text}-]` });
  return out;
}

/** A chart whose rows differ between two fact bases: the rows only the old one has, and only the new one. */
export interface ChartChange {
  id: string;
  title: string;
  removed: Record<string, unknown>[];
  added: Record<string, unknown>[];
}

export function chartChanges(before: FactBase, after: FactBase): ChartChange[] {
  const out: ChartChange[] = [];
  for (const c of after.charts) {
    const old = before.charts.find((x) => x.id === c.id);
    const key = (r: { fields: Record<string, unknown> }) => JSON.stringify(r.fields);
    const was = new Set((old?.rows ?? []).map(key));
    const now = new Set(c.rows.map(key));
    const removed = (old?.rows ?? []).filter((r) => !now.has(key(r))).map((r) => r.fields);
    const added = c.rows.filter((r) => !was.has(key(r))).map((r) => r.fields);
    if (removed.length || added.length) out.push({ id: c.id, title: c.title, removed, added });
  }
  for (const c of before.charts) if (!after.charts.some((x) => x.id === c.id)) out.push({ id: c.id, title: c.title, removed: c.rows.map((r) => r.fields), added: [] });
  return out;
}

export function diffText(before: FactBase, after: FactBase, changes: Changes, blocks: BlockChange[], charts: ChartChange[]): string {
  const out: string[] = [`--- ${briefLine(before)}`, `+++ ${briefLine(after)}`];
  const publisher = (base: FactBase, id: string) => base.facts.find((f) => f.id === id)?.source.publisher ?? '';
  const fact = (base: FactBase, id: string) => base.facts.find((f) => f.id === id)!;
  if (changes.figures.length) {
    out.push('', 'Figures changed');
    for (const c of changes.figures) out.push(`  ${c.id}: ${stated(fact(before, c.id))} (as of ${c.before.asOf}) → ${stated(fact(after, c.id))} (as of ${c.after.asOf}) [${publisher(after, c.id)}]`);
  }
  if (changes.added.length) {
    out.push('', 'Facts added');
    for (const f of changes.added) out.push(`  + ${f.id}: ${stated(fact(after, f.id))} (as of ${f.asOf}) [${publisher(after, f.id)}]`);
  }
  if (changes.dropped.length) {
    out.push('', 'Facts removed');
    for (const f of changes.dropped) out.push(`  - ${f.id}: ${stated(fact(before, f.id))} (as of ${f.asOf}) [${publisher(before, f.id)}]`);
  }
  if (blocks.length) {
    out.push('', 'Blocks changed');
    for (const b of blocks) out.push(`  ${b.kind} ${b.section ? `in ${b.section}` : 'before the first heading'}:`, `    ${b.words}`);
  }
  if (charts.length) {
    out.push('', 'Chart data changed');
    const row = (r: Record<string, unknown>) =>
      Object.entries(r)
        .map(([k, v]) => `${k}=${cell(v)}`)
        .join(', ');
    for (const c of charts) out.push(`  ${c.id}: ${c.title}`, ...c.removed.map((r) => `    - ${row(r)}`), ...c.added.map((r) => `    + ${row(r)}`));
  }
  if (out.length === 2) out.push('', before.content.hash === after.content.hash ? 'The same content.' : 'The same text, facts and data; only their order or the sources’ details differ.');
  return out.join('\n') + '\n';
}
