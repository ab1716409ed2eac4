import { describe, expect, it } from 'vitest';
import { BriefError } from '../src/errors.js';
import { spansText, type Span } from '../src/parse/document.js';
import { inlineMark } from '../src/compose/marks.js';
import { parse } from './helpers/blocks.js';
import { smarten } from '../src/parse/typography.js';

describe('Markdown to document', () => {
  it('turns headings, paragraphs, lists and tables into blocks', () => {
    const doc = parse(['## Background', '', 'Some **bold** and *italic* text.', '', '1. one', '2. two', '', '| When | Count |', '|:--|--:|', '| 2020 | 2,000 |'].join('\n'));
    expect(doc.blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'list', 'table']);
    const [h, p, l, t] = doc.blocks;
    expect(h.kind === 'heading' && h.level).toBe(2);
    expect(p.kind === 'paragraph' && p.spans.map((s) => [s.text, !!s.style.bold, !!s.style.italic])).toEqual([
      ['Some ', false, false],
      ['bold', true, false],
      [' and ', false, false],
      ['italic', false, true],
      [' text.', false, false],
    ]);
    expect(l.kind === 'list' && l.ordered && l.items.length).toBe(2);
    expect(t.kind === 'table' && t.align).toEqual(['left', 'right']);
    expect(t.kind === 'table' && spansText(t.rows[0][1])).toBe('2,000');
  });

  it('reads directives: figures, key judgments, citations', () => {
    const doc = parse([':::key-judgments', '**Bottom line**', '', '- a judgment.:cite[1]', ':::', '', ':::figure{chart="troops"}', '**Figure 1:** Troops', '', 'Source: AP.', ':::'].join('\n'));
    const [kj, fig] = doc.blocks;
    expect(kj.kind === 'group' && kj.role).toBe('key-judgments');
    expect(fig.kind === 'figure' && fig.chart).toBe('troops');
    expect(fig.kind === 'figure' && fig.caption.length).toBe(2);
    const item = kj.kind === 'group' && kj.blocks[1].kind === 'list' ? kj.blocks[1].items[0][0] : undefined;
    expect(item?.kind === 'paragraph' && item.spans.find((s) => s.cite)).toMatchObject({ text: '1', cite: 1 });
  });

  it("reads compose's marks as the directives they replace: figures, names, citations", () => {
    const marked = parse(
      [
        `**Some ${inlineMark.fact('troops.total', '2\\,000 \\*troops\\*')}** left;${inlineMark.cite(2)}${inlineMark.cite(1)} ${inlineMark.name('kremlin.spokesman', 'Dmitry Peskov')} said so${inlineMark.cite(3)}.`,
        '',
        `| When | What |`,
        `|:--|:--|`,
        `| ${inlineMark.fact('@event-1', 'April 2024')} | left |`,
        '',
        `\`${inlineMark.fact('a', '2020')} ${inlineMark.name('b', 'Peskov')}${inlineMark.cite(1)}\``,
      ].join('\n'),
    );
    const directives = parse(
      [
        `**Some :fact[2\\,000 \\*troops\\*]{id="troops.total"}** left;:cite[2]:cite[1] :name[Dmitry Peskov]{fact="kremlin.spokesman"} said so:cite[3].`,
        '',
        `| When | What |`,
        `|:--|:--|`,
        `| :fact[April 2024]{id="@event-1"} | left |`,
        '',
        '`:fact[2020]{id="a"} :name[Peskov]{fact="b"}:cite[1]`',
      ].join('\n'),
    );
    // The same spans, to the last property, with no mark left in the text.
    expect(marked.blocks.map((b) => ({ ...b, pos: undefined }))).toEqual(directives.blocks.map((b) => ({ ...b, pos: undefined })));
    const spans = (marked.blocks[0].kind === 'paragraph' ? marked.blocks[0].spans : []) as Span[];
    expect(spans.find((s) => s.fact === 'troops.total')).toMatchObject({ text: '2,000 *troops*', style: { bold: true } });
    expect(spans.find((s) => s.fact === 'kremlin.spokesman')).toMatchObject({ text: 'Dmitry Peskov', nobreak: true });
    expect(spans.filter((s) => s.cite).map((s) => s.cite)).toEqual([1, 2, 3]);
    expect(JSON.stringify(marked.blocks)).not.toMatch(/[\uE002-\uE006]/);
    // Code prints them as written, as it printed the directives.
    expect(marked.blocks[2].kind === 'paragraph' && spansText(marked.blocks[2].spans)).toBe('2020 :name[Peskov]:cite[1]');
  });

  it('sets a figure in bold inside a word, as it would the same digits typed', () => {
    // As a directive the figure began with a colon, punctuation, and `**` before it stayed asterisks.
    const doc = parse(`up to${'**'}${inlineMark.fact('a', '2,000')}**-strong`);
    expect(doc.blocks[0].kind === 'paragraph' && doc.blocks[0].spans.map((s) => [s.text, !!s.style.bold])).toEqual([
      ['up to', false],
      ['2,000', true],
      ['-strong', false],
    ]);
  });

  it('keeps a mark character that is not part of a mark, as any other', () => {
    const doc = parse('A stray \uE006 end and \uE002 opening.');
    expect(doc.blocks[0].kind === 'paragraph' && spansText(doc.blocks[0].spans)).toBe('A stray \uE006 end and \uE002 opening.');
  });

  it('prints a colon in prose as written rather than taking it for a directive', () => {
    const doc = parse('A ratio of 3:1 and ratio:abc stay as written.');
    expect(doc.blocks[0].kind === 'paragraph' && spansText(doc.blocks[0].spans).replace(/\u00a0/g, ' ')).toBe('A ratio of 3:1 and ratio:abc stay as written.');
  });

  it('refuses an unknown block directive', () => {
    expect(() => parse('::chart{id=x}')).toThrow(BriefError);
    try {
      parse('text\n\n::chart{id=x}');
    } catch (e) {
      expect((e as BriefError).reason).toMatch(/unknown directive "chart"/);
      expect((e as BriefError).place.line).toBe(3);
    }
  });

  it('sets typographic quotes, apostrophes and dashes, and binds a number to its word', () => {
    expect(smarten(`Karabakh's "sole road" - 1990-1994`)).toBe('Karabakh\u2019s \u201csole road\u201d \u2013 1990\u20131994');
    expect(smarten('about 2,000 troops on 2024-04-17')).toBe('about 2,000\u00a0troops on 2024-04-17');
  });
});
