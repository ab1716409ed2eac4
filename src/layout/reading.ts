// What each box is for a reader: the reading tree (headings, paragraphs, lists, cells, figures) built as layout places boxes.
import { destination } from '../parse/document.js';
import type { Box, ReadingKind, ReadingNode, TextRun } from './boxes.js';

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
