// What each box is for a reader: the reading tree (headings, paragraphs, lists, cells, figures) built as layout places boxes.
import { destination } from '../parse/document.js';
import type { Box, TextRun } from './boxes.js';

/**
 * Kinds in the brief's own terms. Paint maps them to PDF structure types (H1, P, L, TD, ...); layout
 * never names a PDF type, so the same tree could feed an HTML or EPUB export.
 */
export type ReadingKind =
  | 'document'
  | 'section'
  | 'key-judgments'
  | 'key-facts'
  | 'callout'
  | 'heading'
  | 'paragraph'
  | 'list'
  | 'item'
  | 'label'
  | 'item-body'
  | 'table'
  | 'table-head'
  | 'table-body'
  | 'row'
  | 'header-cell'
  | 'cell'
  | 'quote'
  | 'figure'
  | 'caption'
  | 'chart'
  | 'citation'
  | 'footnote'
  | 'link'
  | 'name';

/** Why a box is not content: running head and foot (pagination) or ink that only shapes the page (layout). */
export type ArtifactKind = 'pagination' | 'layout' | 'watermark';

/** On every drawn box: the content of one reading node, or an artifact. */
export type Tag = { content: number } | { artifact: ArtifactKind };

export interface ReadingNode {
  kind: ReadingKind;
  /** Heading level as a reader meets it (see ReadingTree.finish). */
  level?: number;
  /** Alternative text: what a chart shows, in words. */
  alt?: string;
  /** A language other than the brief's (a Russian name in an English sentence). */
  lang?: string;
  /** What a link says it does: "Source 1: Associated Press, ...", or its URL. */
  description?: string;
  /** Lists: numbered or bulleted. */
  ordered?: boolean;
  /** Numbered lists not in 1, 2, 3: the notes' a, b, c. */
  numbering?: 'lower-alpha';
  /** In reading order: child nodes and the content ids of boxes that draw this node's own text or ink. */
  kids: (ReadingNode | { content: number })[];
}

/** Builds the tree while flow lays out blocks in document order, so the tree's order is the reading order. */
export class ReadingTree {
  readonly root: ReadingNode = { kind: 'document', kids: [] };
  private next = 0;

  constructor(
    /** How a link to a named destination describes itself (citation markers name their source). */
    private readonly describeDest: (dest: string) => string = (dest) => dest,
  ) {}

  add(parent: ReadingNode, kind: ReadingKind, attrs: Omit<ReadingNode, 'kind' | 'kids'> = {}): ReadingNode {
    const node: ReadingNode = { kind, ...attrs, kids: [] };
    parent.kids.push(node);
    return node;
  }

  /**
   * Settles heading levels as a reader meets them, once the tree is complete: never deeper than
   * one below the previous heading (PDF/UA forbids skipped levels, and a "###" straight after the
   * title would be one), the first one level 1.
   */
  finish(): ReadingNode {
    let last = 0;
    const walk = (n: ReadingNode) => {
      if (n.kind === 'heading') {
        n.level = Math.max(1, Math.min(n.level ?? 1, last + 1, 6));
        last = n.level;
      }
      for (const k of n.kids) if (!('content' in k)) walk(k);
    };
    walk(this.root);
    return this.root;
  }

  /** Makes `box` content of `node`, in reading order after what the node already holds. */
  own<B extends Box>(node: ReadingNode, box: B): B {
    const id = this.next++;
    node.kids.push({ content: id });
    box.tag = { content: id };
    return box;
  }

  /**
   * Lines of a paragraph (or heading, cell, label) as content of `node`: plain runs belong to it, a
   * citation marker to a citation holding a link, a link's runs to one link node until the link
   * changes, a run in another language to a name node carrying that language.
   */
  lines(node: ReadingNode, lines: { runs: TextRun[] }[]): void {
    let link: { node: ReadingNode; key: string } | undefined;
    for (const line of lines) {
      for (const run of line.runs) {
        if (run.tag) continue;
        let target = node;
        if (run.link) {
          const key = run.link.dest ?? run.link.url ?? '';
          if (!link || link.key !== key) {
            const description = run.link.dest ? this.describeDest(run.link.dest) : run.link.url;
            // A marker pointing at a source or a note is a reference holding its link.
            const holder = run.link.dest && destination.read(run.link.dest) ? this.add(node, 'citation') : node;
            link = { node: this.add(holder, 'link', { description }), key };
          }
          target = link.node;
        } else {
          link = undefined;
        }
        if (run.lang) target = this.add(target, 'name', { lang: run.lang });
        this.own(target, run);
      }
    }
  }
}

/** Marks a box as an artifact: drawn, but not part of what is read. */
export function artifact<B extends Box>(box: B, kind: ArtifactKind = 'layout'): B {
  box.tag = { artifact: kind };
  return box;
}

/** Content ids of a subtree in reading order. */
export function contentOrder(node: ReadingNode): number[] {
  const out: number[] = [];
  const walk = (n: ReadingNode) => {
    for (const k of n.kids) {
      if ('content' in k) out.push(k.content);
      else walk(k);
    }
  };
  walk(node);
  return out;
}
