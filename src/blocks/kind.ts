// What one kind of block is, in one place: how it is written, the space it wants, how it is laid out.
import type { FlowContext, Slice } from '../layout/flow.js';
import type { RhythmKind } from '../layout/rhythm.js';
import type { Block } from '../parse/document.js';

/**
 * One kind of block (a heading, a table, the key-facts box), the way vega-scenegraph keeps one
 * module per mark: the registry (index.ts) derives parse's directive table and layout's dispatch
 * from these, so a new kind is a module here, its theme entry and its partial.
 */
export interface BlockKind<B extends Block = Block> {
  /** Markdown's own kinds by their Document kind; a directive's by its name (`:::key-facts`). */
  name: string;
  /** Written as a directive: `::name{...}` alone on a line (leaf) or `:::name ... :::` around blocks (container). */
  directive?: { leaf?: boolean; container?: boolean; block?(attributes: Record<string, string>, children: Block[]): Block };
  /** What it is to the vertical rhythm (layout/rhythm.ts): which spaces it wants around it. */
  rhythm: RhythmKind | ((b: B) => RhythmKind);
  /** Its slices, each box carrying what it is to a reader (the reading kinds it adds under ctx.parent). */
  flow(b: B, ctx: FlowContext): Slice[];
}

/** A kind of Markdown's own blocks (heading, list, table), known by its Document kind. */
export function markdownKind<K extends Block['kind']>(name: K, rhythm: BlockKind<Extract<Block, { kind: K }>>['rhythm'], flow: BlockKind<Extract<Block, { kind: K }>>['flow']): BlockKind {
  return { name, rhythm, flow } as BlockKind;
}

/** A kind written as a container directive, laid out from the group block parse makes of it. */
export function groupKind(name: string, rhythm: RhythmKind, flow: BlockKind<Extract<Block, { kind: 'group' }>>['flow']): BlockKind {
  return { name, directive: { container: true }, rhythm, flow } as BlockKind;
}
