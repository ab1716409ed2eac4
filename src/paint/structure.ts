// Tagged PDF: layout's reading tree as marked content and a structure tree (PDF/UA-1), written beside paint.
import type { Box, TextRun } from '../layout/boxes.js';
import type { ArtifactKind, ReadingKind, ReadingNode, Tag } from '../layout/boxes.js';

type Doc = PDFKit.PDFDocument;

/** A PDF object PDFKit will write when ended; its id is fixed when it is made, so others can point to it first. */
interface PdfRef {
  id: number;
  data: Record<string, unknown>;
  end(): void;
}

interface Internals {
  page: { dictionary: PdfRef; height: number; structParentTreeKey: number; annotations: PdfRef[] };
  ref(data: Record<string, unknown>): PdfRef;
  addContent(s: string): Doc;
  getStructTreeRoot(): PdfRef;
  getStructParentTree(): { get(key: number): unknown[]; add(key: number, value: unknown): void };
  createStructParentTreeNextKey(): number;
}

/**
 * The structure type of each reading kind. Standard types of ISO 32000-1 where one fits; the two
 * boxes keep names of their own, mapped to Sect through the RoleMap (PDF/UA 7.1: non-standard
 * types are allowed when mapped), so a reader that knows them can announce them.
 */
const TYPES: { [K in ReadingKind]: string } = {
  document: 'Document',
  section: 'Sect',
  'key-judgments': 'BottomLine',
  changes: 'Changes',
  'key-facts': 'Aside',
  callout: 'Note',
  heading: 'H',
  paragraph: 'P',
  list: 'L',
  item: 'LI',
  label: 'Lbl',
  'item-body': 'LBody',
  table: 'Table',
  'table-head': 'THead',
  'table-body': 'TBody',
  row: 'TR',
  'header-cell': 'TH',
  cell: 'TD',
  quote: 'BlockQuote',
  figure: 'Div',
  caption: 'Caption',
  chart: 'Figure',
  citation: 'Reference',
  footnote: 'Note',
  link: 'Link',
  name: 'Span',
};
const ROLE_MAP = { BottomLine: 'Sect', Changes: 'Sect', Aside: 'Sect' };
const ARTIFACT_TYPES: Record<ArtifactKind, string> = { pagination: 'Pagination', layout: 'Layout', watermark: 'Pagination /Subtype /Watermark' };

/** A PDF text string for a content stream: literal when plain ASCII, else UTF-16BE with its BOM. */
export function pdfTextString(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return `(${s.replace(/[\\()]/g, (c) => '\\' + c)})`;
  let hex = 'FEFF';
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

interface Mark {
  page: PdfRef;
  mcid: number;
}

/**
 * Writes the marked content of each box as paint draws it, and the structure tree when the pages
 * are done. When `tagged` is false (a reader asked for less: --standard none or a2b) it writes no
 * marks and no tree, only the link annotations.
 */
export class StructureWriter {
  private readonly refs = new Map<ReadingNode, PdfRef>();
  private readonly owner = new Map<number, ReadingNode>();
  private readonly parent = new Map<ReadingNode, ReadingNode>();
  private readonly marks = new Map<number, Mark[]>();
  private readonly annotations = new Map<number, { page: PdfRef; annot: PdfRef }[]>();
  private readonly bboxes = new Map<ReadingNode, number[]>();
  private open = false;

  constructor(
    private readonly doc: Doc,
    private readonly root: ReadingNode,
    readonly tagged: boolean,
  ) {
    const d = doc as unknown as Internals;
    const walk = (n: ReadingNode) => {
      if (tagged) this.refs.set(n, d.ref({}));
      for (const k of n.kids) {
        if ('content' in k) this.owner.set(k.content, n);
        else {
          this.parent.set(k, n);
          walk(k);
        }
      }
    };
    walk(root);
  }

  private get d(): Internals {
    return this.doc as unknown as Internals;
  }

  private type(n: ReadingNode): string {
    return n.kind === 'heading' ? `H${n.level ?? 1}` : TYPES[n.kind];
  }

  /** Opens the marked-content sequence a box is drawn in: content of its reading node, or an artifact. */
  begin(tag: Tag | undefined, box?: Box, actualText?: string) {
    if (!this.tagged) return;
    if (this.open) throw new Error('paint: marked content opened twice');
    this.open = true;
    const node = tag && 'content' in tag ? this.owner.get(tag.content) : undefined;
    if (!tag || !('content' in tag) || !node) {
      // A drawn box layout did not tag is ink without meaning: never let it reach a reader.
      const kind = tag && 'artifact' in tag ? tag.artifact : 'layout';
      this.d.addContent(`/Artifact << /Type /${ARTIFACT_TYPES[kind]} >> BDC`);
      return;
    }
    const page = this.d.page;
    const slot = this.d.getStructParentTree().get(page.structParentTreeKey);
    const mcid = slot.length;
    slot.push(this.refs.get(node));
    const list = this.marks.get(tag.content) ?? [];
    list.push({ page: page.dictionary, mcid });
    this.marks.set(tag.content, list);
    if (node.kind === 'chart' && box?.kind === 'chart' && !this.bboxes.has(node)) {
      this.bboxes.set(
        node,
        [box.x, page.height - box.y - box.h, box.x + box.w, page.height - box.y].map((v) => Math.round(v * 100) / 100),
      );
    }
    const actual = actualText === undefined ? '' : ` /ActualText ${pdfTextString(actualText)}`;
    this.d.addContent(`/${actualText === undefined ? this.type(node) : 'Span'} << /MCID ${mcid}${actual} >> BDC`);
  }

  end() {
    if (!this.tagged) return;
    this.open = false;
    this.d.addContent('EMC');
  }

  /** A chart is one Figure: its data marks and labels are the figure's content, its gridlines and ticks artifacts. */
  chartMarks(tag: Tag | undefined, box: Box) {
    let current: boolean | undefined;
    return {
      switchTo: (decoration: boolean) => {
        if (!this.tagged || decoration === current) return;
        if (current !== undefined) this.end();
        current = decoration;
        this.begin(decoration ? { artifact: 'layout' } : tag, box);
      },
      close: () => {
        if (current !== undefined) this.end();
        current = undefined;
      },
    };
  }

  /** The link annotation over a run, tied to its Link element (PDF/UA 7.18.5) and saying where it goes. */
  link(run: TextRun, x: number, y: number, w: number, h: number) {
    if (!run.link) return;
    const node = run.tag && 'content' in run.tag ? this.linkOf(run.tag.content) : undefined;
    const contents = node?.description ?? run.link.url ?? run.link.dest ?? '';
    const options: Record<string, unknown> = { Contents: new String(contents) };
    if (this.tagged && node) {
      const key = this.d.createStructParentTreeNextKey();
      this.d.getStructParentTree().add(key, this.refs.get(node));
      options.StructParent = key;
    }
    if (run.link.dest) this.doc.goTo(x, y, w, h, run.link.dest, options as PDFKit.Mixins.AnnotationOption);
    else if (run.link.url) this.doc.link(x, y, w, h, run.link.url, options as PDFKit.Mixins.AnnotationOption);
    if (this.tagged && node && run.tag && 'content' in run.tag) {
      const page = this.d.page;
      const list = this.annotations.get(run.tag.content) ?? [];
      list.push({ page: page.dictionary, annot: page.annotations[page.annotations.length - 1] });
      this.annotations.set(run.tag.content, list);
    }
  }

  private linkOf(content: number): ReadingNode | undefined {
    let n = this.owner.get(content);
    while (n && n.kind !== 'link') n = this.parent.get(n);
    return n;
  }

  /** Writes every structure element, the RoleMap and the IDs of notes; call once, after the last page. */
  finish() {
    if (!this.tagged) return;
    const treeRoot = this.d.getStructTreeRoot();
    const ids: [string, PdfRef][] = [];
    let notes = 0;
    for (const [node, ref] of this.refs) {
      const data = ref.data;
      data.S = this.type(node);
      const up = this.parent.get(node);
      data.P = up ? this.refs.get(up) : treeRoot;
      const kids: unknown[] = [];
      let pg: PdfRef | undefined;
      for (const k of node.kids) {
        if (!('content' in k)) {
          kids.push(this.refs.get(k));
          continue;
        }
        for (const m of this.marks.get(k.content) ?? []) {
          pg ??= m.page;
          kids.push(m.page === pg ? m.mcid : { Type: 'MCR', Pg: m.page, MCID: m.mcid });
        }
        for (const a of this.annotations.get(k.content) ?? []) kids.push({ Type: 'OBJR', Obj: a.annot, Pg: a.page });
      }
      if (pg) data.Pg = pg;
      data.K = kids;
      if (node.alt !== undefined) data.Alt = new String(node.alt);
      if (node.lang) data.Lang = new String(node.lang);
      if (node.kind === 'header-cell') data.A = { O: 'Table', Scope: 'Column' };
      if (node.kind === 'list') data.A = { O: 'List', ListNumbering: node.numbering === 'lower-alpha' ? 'LowerAlpha' : node.ordered ? 'Decimal' : 'Disc' };
      const bbox = this.bboxes.get(node);
      if (bbox) data.A = { O: 'Layout', Placement: 'Block', BBox: bbox };
      if (node.kind === 'callout' || node.kind === 'footnote') {
        // PDF/UA 7.9: every Note has an ID, unique in the file.
        const id = `note-${String(++notes).padStart(4, '0')}`;
        data.ID = new String(id);
        ids.push([id, ref]);
      }
    }
    for (const ref of this.refs.values()) ref.end();
    treeRoot.data.K = [this.refs.get(this.root)];
    // Only the names this file uses: a map of names it never writes would say nothing.
    const used = new Set([...this.refs.keys()].map((n) => TYPES[n.kind]));
    const roles = Object.entries(ROLE_MAP).filter(([name]) => used.has(name));
    if (roles.length) treeRoot.data.RoleMap = Object.fromEntries(roles);
    // A name tree's keys are sorted; zero-padded numbers keep note-0010 after note-0009.
    if (ids.length) treeRoot.data.IDTree = { Names: ids.flatMap(([id, ref]) => [new String(id), ref]) };
  }
}
