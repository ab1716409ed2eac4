// A table: columns sized from their content, numbers right-aligned, the header repeated on each page it crosses.
import { BriefError } from '../errors.js';
import { artifact, shift, type Box, type ReadingNode } from '../layout/boxes.js';
import { changeBars, lineSlices, type FlowContext, type Slice } from '../layout/flow.js';
import type { TextStyle } from '../layout/theme.js';
import { msg } from '../messages.js';
import { spansText, type Span, type TableBlock } from '../parse/document.js';
import { markdownKind } from './kind.js';

export default markdownKind('table', 'table', (b, ctx) => tableSlices(b, ctx));

function isNumeric(spans: Span[]): boolean {
  return (
    /^[\s$€£]*[-+−]?[\d.,]+\s*%?[\s\d]*$/.test(
      spansText(spans)
        .replace(/\u00a0/g, ' ')
        .replace(/\d+$/, ''),
    ) && /\d/.test(spansText(spans))
  );
}

/** Column widths from content: each gets its longest word, the rest is shared by how much more it wants. */
export function columnWidths(mins: number[], maxes: number[], total: number): number[] {
  // A narrow column (dates, numbers) keeps its natural width so its cells never wrap.
  const narrow = maxes.map((m) => m <= total * 0.2 && maxes.length > 1);
  const fixed = maxes.reduce((a, m, i) => a + (narrow[i] ? m : 0), 0);
  if (narrow.some(Boolean) && !narrow.every(Boolean) && fixed < total / 2) {
    const rest = columnWidths(
      mins.filter((_, i) => !narrow[i]),
      maxes.filter((_, i) => !narrow[i]),
      total - fixed,
    );
    let k = 0;
    return maxes.map((m, i) => (narrow[i] ? m : rest[k++]));
  }
  const sumMin = mins.reduce((a, b) => a + b, 0);
  const sumMax = maxes.reduce((a, b) => a + b, 0);
  if (sumMax <= total) {
    // Everything fits on one line: give the spare width to the columns that hold the most text.
    return maxes.map((m) => m + ((total - sumMax) * m) / sumMax);
  }
  if (sumMin >= total) return mins.map((m) => (m * total) / sumMin);
  const want = maxes.map((m, i) => m - mins[i]);
  const sumWant = want.reduce((a, b) => a + b, 0);
  return mins.map((m, i) => m + ((total - sumMin) * want[i]) / sumWant);
}

function tableSlices(b: TableBlock, ctx: FlowContext): Slice[] {
  const t = ctx.theme.table;
  const pad = t.cellPadding;
  const cols = b.header.length;
  // A column narrower than two letters and its padding cannot hold text: refuse rather than overlap.
  const fit = Math.max(1, Math.floor(ctx.width / (2 * pad + ctx.fonts.measure(t.cell.face, t.cell.size, 'MM'))));
  if (cols > fit) {
    const head = b.header.slice(0, 3).map(spansText).join(' | ');
    throw new BriefError({
      id: 'tableTooWide',
      stage: 'layout',
      place: { file: ctx.set.file },
      reason: `${msg.tableTooWide(cols, fit)} (the table headed “${head} | …”)`,
      hint: msg.tableTooWideHint(),
    });
  }
  const rows = b.rows.map((r) => Array.from({ length: cols }, (_, i) => r[i] ?? []));
  const align = Array.from({ length: cols }, (_, i) => {
    if (b.align[i] && b.align[i] !== 'left') return b.align[i];
    // Numbers read down a column by their last digit: right-align numeric columns.
    return rows.length && rows.every((r) => !spansText(r[i]).trim() || isNumeric(r[i])) ? 'right' : 'left';
  });
  const mins = Array.from({ length: cols }, (_, i) => Math.max(ctx.set.minWidth(b.header[i], t.header, false), ...rows.map((r) => ctx.set.minWidth(r[i], t.cell, true))) + 2 * pad);
  const maxes = Array.from({ length: cols }, (_, i) => Math.max(ctx.set.naturalWidth(b.header[i], t.header), ...rows.map((r) => ctx.set.naturalWidth(r[i], t.cell))) + 2 * pad);
  const widths = columnWidths(mins, maxes, ctx.width);
  const tableNode = ctx.reading.add(ctx.parent, 'table');
  const head = ctx.reading.add(tableNode, 'table-head');
  const bodyNode = ctx.reading.add(tableNode, 'table-body');

  const rowSlice = (cells: Span[][], style: TextStyle, role: string, ruleColor: string, ruleWidth: number, rowNode: ReadingNode, cellKind: 'header-cell' | 'cell'): Slice => {
    let x = ctx.x;
    let height = 0;
    const boxes: Box[] = [];
    // A right-to-left table's first column is its rightmost.
    // Cells are read in their own order whatever side they stand on.
    const nodes = cells.map(() => ctx.reading.add(rowNode, cellKind));
    const order = cells.map((_, i) => i);
    if (ctx.rtl) order.reverse();
    order.forEach((i) => {
      const cell = cells[i];
      const w = widths[i];
      const lines = ctx.set.set(cell, { width: w - 2 * pad, style, align: align[i] as 'left', hyphenate: true });
      ctx.reading.lines(nodes[i], lines);
      const slices = lineSlices(lines, style, ctx, x + pad, role, 0);
      let y = pad;
      for (const s of slices) {
        boxes.push(...s.boxes.map((bx) => shift(bx, 0, y)));
        y += s.height;
      }
      height = Math.max(height, y + pad);
      x += w;
    });
    boxes.push(artifact({ kind: 'line', x1: ctx.x, y1: height, x2: ctx.x + ctx.width, y2: height, width: ruleWidth, color: ruleColor }));
    return { height, spaceBefore: 0, boxes, keepWithNext: false, role };
  };

  const header = rowSlice(b.header, t.header, 'table-header', t.headerRule, t.headerRuleWidth, ctx.reading.add(head, 'row'), 'header-cell');
  header.keepWithNext = true;
  header.spaceBefore = 0;
  if (b.changedRows?.includes(0)) changeBars([header], ctx);
  const body = rows.map((r, i) => {
    const s = rowSlice(r, t.cell, 'table-row', t.rule, t.ruleWidth, ctx.reading.add(bodyNode, 'row'), 'cell');
    if (b.changedRows?.includes(i + 1)) changeBars([s], ctx);
    s.repeat = [{ ...header, spaceBefore: 0, role: 'table-header-repeat' }];
    return s;
  });
  // The last row carries the space after the table. A table breaks with at least two rows on
  // each side, as a paragraph does with lines: no lone row under a repeated header.

  if (body.length > 2) {
    body[0].keepWithNext = true;
    body[body.length - 2].keepWithNext = true;
  }
  return [header, ...body];
}
