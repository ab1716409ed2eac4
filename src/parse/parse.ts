// parse: Markdown with directives -> Document, through a CommonMark parser's syntax tree (not regexes).
import type { Definition, FootnoteDefinition, Nodes, PhrasingContent, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { directiveFromMarkdown } from 'mdast-util-directive';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { directive } from 'micromark-extension-directive';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmTable } from 'micromark-extension-gfm-table';
import { BriefError, type Place } from '../errors.js';
import { msg } from '../messages.js';
import { noteLabel, type Align, type Block, type Directives, type Document, type GroupBlock, type Span, type SpanStyle } from './document.js';
import { smartenSpans } from './typography.js';
import { INLINE_MARK } from '../compose/marks.js';
import { LANGUAGE_TAG } from '../lang.js';
import { wording } from '../wording.js';

export interface ParseOptions {
  /** The directives a brief may write and the blocks they make: the block registry's (blocks/). */
  directives: Directives;
  /** The file the Markdown was composed from, for messages. */
  file?: string;
  /** That file's text: a problem is placed at its own line there, not at the composed Markdown's. */
  source?: string;
  /** The brief's language, for the heading of notes a template found no place for. */
  language?: string;
}

/** What the walk over the syntax tree carries: the options and the composed text, to place problems. */
interface Context extends ParseOptions {
  markdown: string;
  /** Footnotes: their definitions by identifier, and the identifiers in the order first referenced (note 1, 2, ...). */
  notes: { definitions: Map<string, FootnoteDefinition>; order: string[] };
  /** Link reference definitions (`[ap]: https://...`), for `[text][ap]`. */
  links: Map<string, Definition>;
  /** How many lists, quotes and boxes enclose the blocks being read. */
  depth?: number;
}

type Positioned = { position?: { start: { line: number; offset?: number }; end: { offset?: number } } };

/**
 * Where a node of the composed Markdown stands in the analyst's template: its first line of text
 * found in the template (the title block and partials come before it in the composed text, so the
 * composed line is not the template's). When the template does not hold it verbatim (a helper
 * wrote it), the composed line is given and said to be one.
 */
function placeOf(node: Positioned, options: Context): { place: Place; where: string } {
  const start = node.position?.start;
  if (!start) return { place: { file: options.file }, where: '' };
  // Parsed on its own (no template behind it), the Markdown's line is the place.
  if (options.source === undefined) return { place: { file: options.file, line: start.line }, where: '' };
  // The node's first line, or as many of its first lines as it takes to be found once in the template.
  const lines = options.markdown.slice(start.offset ?? 0, node.position?.end.offset ?? undefined).split('\n');
  let at = -1;
  for (let n = 1; n <= Math.min(5, lines.length) && options.source; n++) {
    const snippet = lines.slice(0, n).join('\n').trim();
    const first = snippet ? options.source.indexOf(snippet) : -1;
    if (first < 0) break;
    if (options.source.indexOf(snippet, first + 1) < 0) {
      at = first;
      break;
    }
  }
  if (at >= 0) {
    const before = options.source!.slice(0, at);
    return { place: { file: options.file, line: before.split('\n').length, column: at - before.lastIndexOf('\n') }, where: '' };
  }
  return { place: { file: options.file }, where: ` (line ${start.line} of the Markdown composed from it)` };
}

export function parse(markdown: string, options: ParseOptions): Document {
  let tree: Root;
  try {
    tree = fromMarkdown(markdown, {
      extensions: [directive(), gfmTable(), gfmFootnote()],
      mdastExtensions: [directiveFromMarkdown(), gfmTableFromMarkdown(), gfmFootnoteFromMarkdown()],
    });
  } catch (e) {
    // Thousands of nested quotes exhaust the parser's stack before any limit of ours can see them.
    if (!(e instanceof RangeError)) throw e;
    throw new BriefError({ stage: 'parse', place: { file: options.file }, id: 'nestingTooDeep', reason: msg.nestingTooDeep(NaN, MAX_NESTING), hint: msg.nestingTooDeepHint() });
  }
  const ctx: Context = { ...options, markdown, notes: { definitions: new Map(), order: [] }, links: new Map() };
  collectDefinitions(tree, ctx);
  const blocks = withNotes(toBlocks(tree.children, ctx), ctx);
  return { blocks, place: (pos) => placeOf({ position: { start: { line: pos.line, offset: pos.start }, end: { offset: pos.end } } }, ctx) };
}

/** Footnote and link definitions, wherever they stand (a definition may sit in a list or a box). */
function collectDefinitions(node: Nodes, ctx: Context): void {
  if (node.type === 'footnoteDefinition') {
    if (ctx.notes.definitions.has(node.identifier)) {
      const { place, where } = placeOf(node, ctx);
      throw new BriefError({ stage: 'parse', place, id: 'footnoteTwice', reason: msg.footnoteTwice(node.label ?? node.identifier) + where, hint: msg.footnoteTwiceHint() });
    }
    ctx.notes.definitions.set(node.identifier, node);
  }
  if (node.type === 'definition' && !ctx.links.has(node.identifier)) ctx.links.set(node.identifier, node);
  if ('children' in node) for (const c of node.children) collectDefinitions(c as Nodes, ctx);
}

/**
 * The notes, in the order their markers first appear (a marker inside a note numbers after the
 * note that holds it), as a numbered list in the Notes section: the template's `:::notes` where
 * it has one, else just before Sources. A note nobody refers to would never be read: an error.
 */
function withNotes(blocks: Block[], ctx: Context): Block[] {
  const { definitions, order } = ctx.notes;
  const items: Block[][] = [];
  for (let i = 0; i < order.length; i++) {
    const def = definitions.get(order[i])!;
    const body = toBlocks(def.children, nested(def as RootContent, ctx));
    const odd = body.find((b) => b.kind !== 'paragraph');
    if (odd) {
      const { place, where } = placeOf(def, ctx);
      throw new BriefError({ stage: 'parse', place, id: 'footnoteBlock', reason: msg.footnoteBlock(def.label ?? def.identifier, odd.kind) + where, hint: msg.footnoteBlockHint() });
    }
    items.push(body);
  }
  for (const def of definitions.values()) {
    if (order.includes(def.identifier)) continue;
    const { place, where } = placeOf(def, ctx);
    throw new BriefError({ stage: 'parse', place, id: 'footnoteUnused', reason: msg.footnoteUnused(def.label ?? def.identifier) + where, hint: msg.footnoteUnusedHint() });
  }
  const at = blocks.findIndex((b) => b.kind === 'group' && b.role === 'notes');
  if (!items.length) return at < 0 ? blocks : blocks.filter((_, i) => i !== at);
  const list: Block = { kind: 'list', ordered: true, start: 1, items };
  if (at >= 0) {
    (blocks[at] as GroupBlock).blocks.push(list);
    return blocks;
  }
  // A template without a place for notes (a project's own, older one): before the sources.
  const notes: Block = { kind: 'group', role: 'notes', blocks: [{ kind: 'heading', level: 2, spans: [{ text: wording(ctx.language ?? 'en').terms.notes, style: {} }] }, list] };
  const sources = blocks.findIndex((b) => b.kind === 'group' && b.role === 'sources');
  return sources < 0 ? [...blocks, notes] : [...blocks.slice(0, sources), notes, ...blocks.slice(sources)];
}

/** Raw HTML prints nothing on paper but a comment means exactly that: only comments may stay. */
function isComment(html: string): boolean {
  return /^\s*<!--[\s\S]*?-->\s*$/.test(html) && !/-->[\s\S]*<!--/.test(html.trim().slice(4, -3));
}

/**
 * Lists, quotes and boxes inside one another: eight levels is more than any brief needs, and past
 * some twenty the structure tree is deeper than readers follow (pdf.js stops at 40 elements).
 */
const MAX_NESTING = 8;

function nested(node: RootContent, options: Context): Context {
  const depth = (options.depth ?? 0) + 1;
  if (depth > MAX_NESTING) {
    const { place, where } = placeOf(node, options);
    throw new BriefError({ stage: 'parse', place, id: 'nestingTooDeep', reason: msg.nestingTooDeep(depth, MAX_NESTING) + where, hint: msg.nestingTooDeepHint() });
  }
  return { ...options, depth };
}

/**
 * Characters of one paragraph: about thirty pages. A longer one is a pasted file, not prose, and
 * the line breaker's optimum over it would take memory in proportion.
 */
const MAX_PARAGRAPH = 100_000;

function tooLong(node: RootContent, spans: { text: string }[], options: Context) {
  const n = spans.reduce((sum, x) => sum + x.text.length, 0);
  if (n <= MAX_PARAGRAPH) return;
  const { place, where } = placeOf(node, options);
  throw new BriefError({ stage: 'parse', place, id: 'paragraphTooLong', reason: msg.paragraphTooLong(n, MAX_PARAGRAPH) + where, hint: msg.paragraphTooLongHint() });
}

function toBlocks(nodes: RootContent[], options: Context): Block[] {
  const out: Block[] = [];
  for (const node of nodes) {
    const b = toBlock(node, options);
    const at = node.position;
    if (b && at?.start.offset !== undefined && at.end.offset !== undefined && !b.pos) b.pos = { start: at.start.offset, end: at.end.offset, line: at.start.line };
    if (b) out.push(b);
  }
  return out;
}

function toBlock(node: RootContent, options: Context): Block | undefined {
  switch (node.type) {
    case 'heading':
      return { kind: 'heading', level: Math.min(3, node.depth) as 1 | 2 | 3, spans: spans(node.children, options) };
    case 'paragraph': {
      const s = spans(node.children, options);
      tooLong(node, s, options);
      return s.some((x) => x.text.trim()) ? { kind: 'paragraph', spans: s } : undefined;
    }
    case 'list':
      return {
        kind: 'list',
        ordered: !!node.ordered,
        start: node.start ?? 1,
        items: node.children.map((item) => toBlocks(item.children, nested(node, options))),
      };
    case 'table': {
      const [head, ...rows] = node.children;
      const align = (node.align ?? []).map((a): Align => (a === 'right' ? 'right' : a === 'center' ? 'center' : 'left'));
      return {
        kind: 'table',
        align,
        header: head.children.map((c) => spans(c.children, options)),
        rows: rows.map((r) => r.children.map((c) => spans(c.children, options))),
      };
    }
    case 'blockquote':
      return { kind: 'quote', blocks: toBlocks(node.children, nested(node, options)) };
    case 'thematicBreak':
      return { kind: 'rule' };
    case 'code':
      tooLong(node, [{ text: node.value }], options);
      return { kind: 'paragraph', spans: [{ text: unmarked(node.value), style: { code: true } }] };
    case 'leafDirective':
    case 'containerDirective': {
      const known = node.type === 'leafDirective' ? options.directives.leaf : options.directives.container;
      if (!known.includes(node.name)) {
        const { place, where } = placeOf(node, options);
        throw new BriefError({
          stage: 'parse',
          place,
          id: 'markdownDirective',
          reason: msg.markdownDirective(node.name, known) + where,
          hint: msg.markdownDirectiveHint(),
        });
      }
      const children = node.type === 'containerDirective' ? toBlocks(node.children, nested(node, options)) : [];
      const attributes = Object.fromEntries(Object.entries(node.attributes ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
      return options.directives.block(node.name, attributes, children);
    }
    case 'html': {
      // Raw HTML has no meaning on paper: printing its tags, or dropping what it says, would both
      // be silent. A comment says "print nothing", which is what it gets.
      if (isComment(node.value)) return undefined;
      const { place, where } = placeOf(node, options);
      throw new BriefError({ stage: 'parse', place, id: 'markdownHtml', reason: msg.markdownHtml(node.value) + where, hint: msg.markdownHtmlHint() });
    }
    case 'footnoteDefinition':
    case 'definition':
      // Read where they are referred to (collectDefinitions).
      return undefined;
    default: {
      const { place, where } = placeOf(node, options);
      throw new BriefError({ stage: 'parse', place, id: 'markdownUnsupported', reason: msg.markdownUnsupported(node.type) + where, hint: msg.markdownUnsupportedHint() });
    }
  }
}

/** Compose's marks in a text (compose/marks.ts): an opening with its id, a citation, or an end. */
const { FACT, NAME, CITE, TEXT, END } = INLINE_MARK;
const NOT_MARK = `[^${FACT}-${END}]*`;
const MARKS = new RegExp(`${FACT}(${NOT_MARK})${TEXT}|${NAME}(${NOT_MARK})${TEXT}|${CITE}(\\d+)${END}|${END}`, 'g');
const HAS_MARK = new RegExp(`[${FACT}-${END}]`);

function spans(nodes: PhrasingContent[], options: Context): Span[] {
  const out: Span[] = [];
  // Figures and names compose marked, open where their text starts: it may span several nodes.
  const open: { id: string; name: boolean; start: number }[] = [];
  const close = () => {
    const mark = open.pop()!;
    for (let i = mark.start; i < out.length; i++) out[i] = mark.name ? { ...out[i], nobreak: true, fact: mark.id } : { ...out[i], fact: mark.id };
  };
  const text = (value: string, style: SpanStyle, url?: string) => {
    if (value) out.push({ text: value, style, ...(url ? { url } : {}) });
  };
  const walk = (n: Nodes, style: SpanStyle, url?: string) => {
    switch (n.type) {
      case 'text': {
        unresolvedFootnote(n, options);
        const value = n.value.replace(/\s*\n\s*/g, ' ');
        if (!HAS_MARK.test(value)) {
          out.push({ text: value, style, ...(url ? { url } : {}) });
          return;
        }
        let from = 0;
        for (const m of value.matchAll(MARKS)) {
          text(value.slice(from, m.index), style, url);
          from = m.index + m[0].length;
          if (m[1] !== undefined || m[2] !== undefined) open.push({ id: m[1] ?? m[2], name: m[2] !== undefined, start: out.length });
          else if (m[3] !== undefined) out.push({ text: m[3], style, cite: Number(m[3]) });
          else if (open.length) close();
          // An end with nothing open is not compose's: the character stays, as any other would.
          else text(m[0], style, url);
        }
        text(value.slice(from), style, url);
        return;
      }
      case 'footnoteReference': {
        const order = options.notes.order;
        if (!order.includes(n.identifier)) order.push(n.identifier);
        const number = order.indexOf(n.identifier) + 1;
        out.push({ text: noteLabel(number), style, note: number });
        return;
      }
      case 'linkReference': {
        // `[text][ap]` with `[ap]: https://...` below: a link like any other.
        const target = options.links.get(n.identifier)!;
        n.children.forEach((c) => walk(c, style, checkedUrl(target.url, n, options)));
        return;
      }
      case 'image':
      case 'imageReference': {
        const { place, where } = placeOf(n, options);
        throw new BriefError({ stage: 'parse', place, id: 'markdownImage', reason: msg.markdownImage(n.type === 'image' ? n.url : (n.label ?? n.identifier)) + where, hint: msg.markdownImageHint() });
      }
      case 'html': {
        if (isComment(n.value)) return;
        const { place, where } = placeOf(n, options);
        throw new BriefError({ stage: 'parse', place, id: 'markdownHtml', reason: msg.markdownHtml(n.value) + where, hint: msg.markdownHtmlHint() });
      }
      case 'strong':
        n.children.forEach((c) => walk(c, { ...style, bold: true }, url));
        return;
      case 'emphasis':
        n.children.forEach((c) => walk(c, { ...style, italic: true }, url));
        return;
      case 'inlineCode':
        out.push({ text: unmarked(n.value), style: { ...style, code: true } });
        return;
      case 'break':
        out.push({ text: ' ', style });
        return;
      case 'link':
        n.children.forEach((c) => walk(c, style, checkedUrl(n.url, n, options)));
        return;
      case 'textDirective': {
        const label = n.children.map((c) => ('value' in c ? c.value : '')).join('');
        if (n.name === 'cite' && /^\d+$/.test(label)) {
          out.push({ text: label, style, cite: Number(label) });
        } else if (n.name === 'fact' && typeof n.attributes?.id === 'string') {
          // What {{fact}} prints: the text as written, and which fact it is.
          const start = out.length;
          n.children.forEach((c) => walk(c as Nodes, style, url));
          for (let i = start; i < out.length; i++) out[i] = { ...out[i], fact: n.attributes.id };
        } else if (n.name === 'name') {
          const start = out.length;
          const lang = n.attributes?.lang ?? undefined;
          if (lang !== undefined && !LANGUAGE_TAG.test(lang)) {
            const { place, where } = placeOf(n, options);
            throw new BriefError({ stage: 'parse', place, id: 'nameLanguage', reason: msg.nameLanguage(lang) + where, hint: msg.nameLanguageHint() });
          }
          n.children.forEach((c) => walk(c as Nodes, style, url));
          const fact = n.attributes?.fact ?? undefined;
          for (let i = start; i < out.length; i++) out[i] = { ...out[i], nobreak: true, ...(lang ? { lang } : {}), ...(fact ? { fact } : {}) };
        } else {
          // "3:1" or "ratio:abc" in prose is not a directive the analyst meant: print it as written.
          out.push({ text: `:${n.name}`, style });
          if (n.children.length) {
            out.push({ text: '[', style });
            n.children.forEach((c) => walk(c as Nodes, style, url));
            out.push({ text: ']', style });
          }
        }
        return;
      }
      default:
        if ('children' in n) (n.children as Nodes[]).forEach((c) => walk(c, style, url));
        else if ('value' in n) out.push({ text: String(n.value), style });
    }
  };
  nodes.forEach((n) => walk(n, {}));
  while (open.length) close();
  return markerGroups(smartenSpans(mergeSpans(out)));
}

const isMarker = (s: Span) => s.cite !== undefined || s.note !== undefined;

/**
 * Markers side by side would read as one number ("12" for sources 1 and 2). A group of adjacent
 * markers prints its notes first, then its sources in order, each once, separated by commas, and
 * three or more consecutive sources as a range: "a,1", "1,2", "1–3,5".
 */
function markerGroups(spans: Span[]): Span[] {
  const out: Span[] = [];
  for (let i = 0; i < spans.length;) {
    if (!isMarker(spans[i])) {
      out.push(spans[i++]);
      continue;
    }
    let j = i;
    while (j < spans.length && isMarker(spans[j])) j++;
    const group = spans.slice(i, j);
    i = j;
    if (group.length === 1) {
      out.push(group[0]);
      continue;
    }
    const style = group[0].style;
    const notes = group.filter((s) => s.note !== undefined).filter((s, k, all) => all.findIndex((t) => t.note === s.note) === k);
    const cites = group
      .filter((s) => s.cite !== undefined)
      .filter((s, k, all) => all.findIndex((t) => t.cite === s.cite) === k)
      .sort((a, b) => a.cite! - b.cite!);
    // Runs of consecutive sources: [1,2,3,5] -> [[1,3],[5]].
    const parts: Span[][] = notes.map((s) => [s]);
    for (let k = 0; k < cites.length;) {
      let end = k;
      while (end + 1 < cites.length && cites[end + 1].cite === cites[end].cite! + 1) end++;
      parts.push(end - k >= 2 ? [cites[k], { text: '\u2013', style, sup: true }, cites[end]] : cites.slice(k, end + 1).flatMap((s, n) => (n ? [{ text: ',', style, sup: true }, s] : [s])));
      k = end + 1;
    }
    parts.forEach((p, k) => {
      if (k) out.push({ text: ',', style, sup: true });
      out.push(...p);
    });
  }
  return out;
}

/** A live link in a PDF runs whatever its scheme does: javascript:, file: and launch targets never. */
function checkedUrl(url: string, node: Positioned, options: Context): string {
  if (/^(https?:\/\/|mailto:)/i.test(url)) return url;
  const { place, where } = placeOf(node, options);
  throw new BriefError({ stage: 'parse', place, id: 'linkScheme', reason: msg.linkScheme(url) + where, hint: msg.linkSchemeHint() });
}

/**
 * `[^2]` with no `[^2]: ...` anywhere stays plain text to the parser, and would print as typed.
 * Only the analyst's own brackets count: a fact's value is escaped (`\[\^2\]`) and prints as written.
 */
function unresolvedFootnote(n: { value: string } & Positioned, options: Context): void {
  const start = n.position?.start.offset;
  const end = n.position?.end.offset;
  if (start === undefined || end === undefined || !n.value.includes('[^')) return;
  const m = /(?<!\\)\[\^([^\]\s]+)\]/.exec(options.markdown.slice(start, end));
  if (!m) return;
  const { place, where } = placeOf(n, options);
  throw new BriefError({ stage: 'parse', place, id: 'footnoteUndefined', reason: msg.footnoteUndefined(m[1]) + where, hint: msg.footnoteUndefinedHint(m[1]) });
}

/**
 * Code is printed as written, and a {{fact}} inside it as the fact's text: without the mark compose
 * puts around it for the preview (compose/marks.ts, or an analyst's own `:fact[2,000]{id="x"}`), which
 * only prose turns into a Span.fact. A name and a citation print as the directives they once were.
 */
function unmarked(code: string): string {
  return code
    .replace(/:fact\[((?:\\.|[^\]\\])*)\]\{id="[^"]*"\}/g, '$1')
    .replace(/(:name\[(?:\\.|[^\]\\])*\])\{fact="[^"]*"\}/g, '$1')
    .replace(new RegExp(`${FACT}${NOT_MARK}${TEXT}(${NOT_MARK})${END}`, 'g'), '$1')
    .replace(new RegExp(`${NAME}${NOT_MARK}${TEXT}(${NOT_MARK})${END}`, 'g'), ':name[$1]')
    .replace(new RegExp(`${CITE}(\\d+)${END}`, 'g'), ':cite[$1]');
}

function sameStyle(a: Span, b: Span): boolean {
  return (
    !a.cite &&
    !b.cite &&
    a.note === undefined &&
    b.note === undefined &&
    !a.sup &&
    !b.sup &&
    !!a.nobreak === !!b.nobreak &&
    a.lang === b.lang &&
    a.url === b.url &&
    a.fact === b.fact &&
    !!a.style.bold === !!b.style.bold &&
    !!a.style.italic === !!b.style.italic &&
    !!a.style.code === !!b.style.code
  );
}

function mergeSpans(list: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of list) {
    const last = out[out.length - 1];
    if (last && sameStyle(last, s)) last.text += s.text;
    else out.push({ ...s });
  }
  return out;
}
