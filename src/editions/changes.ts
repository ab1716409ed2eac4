// The "Changes since" box's lines, from what compare found: in the brief's words and language.
import type { Brief } from '../brief.js';
import type { ChangesView } from '../compose/compose.js';
import { formatFact } from '../compose/format.js';
import { wording } from '../wording.js';
import type { Changes } from './compare.js';
import type { ContentFact } from './content.js';

/**
 * Each figure old -> new with its source, facts added and dropped, and the sections revised (the
 * bottom line's name for what stands before the first heading: the title block and key judgments).
 */
export function changesView(brief: Brief, since: string, changes: Changes): ChangesView {
  const language = brief.meta.language;
  const words = wording(language);
  const publisher = (id: string) => brief.sources.find((s) => s.id === id)?.publisher ?? id;
  const stated = (f: ContentFact) => {
    const now = brief.facts.find((x) => x.id === f.id);
    const value = /^-?\d+(\.\d+)?$/.test(f.value) ? Number(f.value) : f.value;
    // As the edition printed it: the fact's own wording with the value and unit it had then.
    return now ? formatFact({ ...now, value, unit: f.unit || undefined, display: undefined }, { language }) : [f.value, f.unit].filter(Boolean).join(' ');
  };
  const sections = [...new Set([...changes.changed, ...changes.removed].map((u) => u.section || words.terms.bottomLine))];
  return {
    since,
    figures: changes.figures.map((c) => `${stated(c.before)} → ${stated(c.after)} (${publisher(c.after.source)})`),
    added: changes.added.map(stated),
    dropped: changes.dropped.map(stated),
    sections: sections.length ? sections.join(', ') : null,
  };
}
