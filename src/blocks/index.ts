// The block registry: every kind of block briefpress lays out, and the tables parse and layout read from it.
import type { BlockKinds } from '../layout/flow.js';
import { blockName, type Block, type Directives } from '../parse/document.js';
import changes from './changes.js';
import { notes, sources } from './endnotes.js';
import figure from './figure.js';
import heading from './heading.js';
import keyFacts from './key-facts.js';
import keyJudgments from './key-judgments.js';
import type { BlockKind } from './kind.js';
import list from './list.js';
import note from './note.js';
import paragraph from './paragraph.js';
import pullQuote from './pull-quote.js';
import quote from './quote.js';
import rule from './rule.js';
import table from './table.js';
import titleBlock from './title-block.js';

export type Blocks = BlockKinds & { directives: Directives; names: readonly string[] };

/** A registry of kinds: one entry per name, the directive table and layout's dispatch derived from them. */
export function registry(kinds: BlockKind[]): Blocks {
  const byName = new Map<string, BlockKind>();
  for (const k of kinds) {
    if (byName.has(k.name)) throw new Error(`blocks: two kinds are named "${k.name}"`);
    byName.set(k.name, k);
  }
  const of = (b: Block): BlockKind => {
    const k = byName.get(blockName(b));
    // A block parse made is one the registry knows: a miss is briefpress's own bug, said as one.
    if (!k) throw new Error(`blocks: no kind named "${blockName(b)}" (kinds: ${[...byName.keys()].join(', ')})`);
    return k;
  };
  const written = (side: 'leaf' | 'container') => kinds.filter((k) => k.directive?.[side]).map((k) => k.name);
  return {
    names: [...byName.keys()],
    directives: {
      leaf: written('leaf'),
      container: written('container'),
      block: (name, attributes, children) =>
        byName.get(name)?.directive?.block?.(attributes, children) ?? { kind: 'group', role: name, ...(Object.keys(attributes).length ? { attributes } : {}), blocks: children },
    },
    rhythm: (b) => {
      const r = of(b).rhythm;
      return typeof r === 'function' ? r(b) : r;
    },
    flow: (b, ctx) => of(b).flow(b, ctx),
  };
}

export const BLOCKS = registry([heading, paragraph, list, quote, rule, table, figure, titleBlock, keyJudgments, changes, keyFacts, sources, notes, note, pullQuote]);
