// parse: Markdown with directives -> Document, through a CommonMark parser's syntax tree (not regexes).
import type { Nodes, PhrasingContent, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { directiveFromMarkdown } from 'mdast-util-directive';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { directive } from 'micromark-extension-directive';
import { gfmTable } from 'micromark-extension-gfm-table';
import { BriefError, type Place } from '../errors.js';
import { msg } from '../messages.js';
import { GROUP_ROLES, type Align, type Block, type Document, type GroupRole, type Span, type SpanStyle } from './document.js';
import { smartenSpans } from './typography.js';
import { LANGUAGE_TAG } from '../lang.js';

const LEAF_DIRECTIVES = ['figure'];
const CONTAINER_DIRECTIVES = ['figure', ...GROUP_ROLES];

export interface ParseOptions {
  /** The file the Markdown was composed from, for messages. */
  file?: string;
  /** That file's text: a problem is placed at its own line there, not at the composed Markdown's. */
  source?: string;
}

/** What the walk over the syntax tree carries: the options and the composed text, to place problems. */
interface Context extends ParseOptions {
  markdown: string;
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

export function parse(markdown: string, options: ParseOptions = {}): Document {
  const ctx: Context = { ...options, markdown };
  let tree;
  try {
    tree = fromMarkdown(markdown, {
      extensions: [directive(), gfmTable()],
      mdastExtensions: [directiveFromMarkdown(), gfmTableFromMarkdown()],
    });
  } catch (e) {
    // Thousands of nested quotes exhaust the parser's stack before any limit of ours can see them.
    if (!(e instanceof RangeError)) throw e;
    throw new BriefError({ stage: 'parse', place: { file: options.file }, reason: msg.nestingTooDeep(NaN, MAX_NESTING), hint: msg.nestingTooDeepHint() });
  }
  const blocks = toBlocks(tree.children, ctx);
  return { blocks, place: (pos) => placeOf({ position: { start: { line: pos.line, offset: pos.start }, end: { offset: pos.end } } }, ctx) };
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
    throw new BriefError({ stage: 'parse', place, reason: msg.nestingTooDeep(depth, MAX_NESTING) + where, hint: msg.nestingTooDeepHint() });
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
  throw new BriefError({ stage: 'parse', place, reason: msg.paragraphTooLong(n, MAX_PARAGRAPH) + where, hint: msg.paragraphTooLongHint() });
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
      return { kind: 'paragraph', spans: [{ text: node.value, style: { code: true } }] };
    case 'leafDirective':
    case 'containerDirective': {
      const known = node.type === 'leafDirective' ? LEAF_DIRECTIVES : CONTAINER_DIRECTIVES;
      if (!known.includes(node.name)) {
        const { place, where } = placeOf(node, options);
        throw new BriefError({
          stage: 'parse',
          place,
          reason: msg.markdownDirective(node.name, known) + where,
          hint: msg.markdownDirectiveHint(),
        });
      }
      const children = node.type === 'containerDirective' ? toBlocks(node.children, nested(node, options)) : [];
      if (node.name === 'figure') return { kind: 'figure', chart: node.attributes?.chart ?? '', caption: children };
      return { kind: 'group', role: node.name as GroupRole, blocks: children };
    }
    case 'html':
      // Raw HTML has no meaning on paper; keep what it says rather than dropping it silently.
      return { kind: 'paragraph', spans: [{ text: node.value, style: {} }] };
    default:
      return undefined;
  }
}

function spans(nodes: PhrasingContent[], options: Context): Span[] {
  const out: Span[] = [];
  const walk = (n: Nodes, style: SpanStyle, url?: string) => {
    switch (n.type) {
      case 'text':
        out.push({ text: n.value.replace(/\s*\n\s*/g, ' '), style, ...(url ? { url } : {}) });
        return;
      case 'strong':
        n.children.forEach((c) => walk(c, { ...style, bold: true }, url));
        return;
      case 'emphasis':
        n.children.forEach((c) => walk(c, { ...style, italic: true }, url));
        return;
      case 'inlineCode':
        out.push({ text: n.value, style: { ...style, code: true } });
        return;
      case 'break':
        out.push({ text: ' ', style });
        return;
      case 'link':
        // A live link in a PDF runs whatever its scheme does: javascript:, file: and launch targets never.
        if (!/^(https?:\/\/|mailto:)/i.test(n.url)) {
          const { place, where } = placeOf(n, options);
          throw new BriefError({ stage: 'parse', place, reason: msg.linkScheme(n.url) + where, hint: msg.linkSchemeHint() });
        }
        n.children.forEach((c) => walk(c, style, n.url));
        return;
      case 'textDirective': {
        const label = n.children.map((c) => ('value' in c ? c.value : '')).join('');
        if (n.name === 'cite' && /^\d+$/.test(label)) {
          out.push({ text: label, style, cite: Number(label) });
        } else if (n.name === 'name') {
          const start = out.length;
          const lang = n.attributes?.lang ?? undefined;
          if (lang !== undefined && !LANGUAGE_TAG.test(lang)) {
            const { place, where } = placeOf(n, options);
            throw new BriefError({ stage: 'parse', place, reason: msg.nameLanguage(lang) + where, hint: msg.nameLanguageHint() });
          }
          n.children.forEach((c) => walk(c as Nodes, style, url));
          for (let i = start; i < out.length; i++) out[i] = { ...out[i], nobreak: true, ...(lang ? { lang } : {}) };
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
  return smartenSpans(mergeSpans(out));
}

function sameStyle(a: Span, b: Span): boolean {
  return !a.cite && !b.cite && !!a.nobreak === !!b.nobreak && a.lang === b.lang && a.url === b.url && !!a.style.bold === !!b.style.bold && !!a.style.italic === !!b.style.italic && !!a.style.code === !!b.style.code;
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
