// Where each figure and citation stands on the pages, from layout (never from reading the PDF back):
// what the preview lays over its drawing of a page so that a click names the fact or source.
import { createHash } from 'node:crypto';
import { drawnJson, type Layout } from '../layout/boxes.js';
import { destination } from '../parse/document.js';

/** A figure (`fact`) or a citation marker (`source`, its number) on a page, in points from the page's top left. */
export type Spot = ({ kind: 'fact'; id: string } | { kind: 'event'; n: number } | { kind: 'source'; n: number }) & { x: number; y: number; w: number; h: number };

export interface PageSpots {
  width: number;
  height: number;
  /** Changes when anything drawn on the page changes: the page repaints only what differs. */
  hash: string;
  spots: Spot[];
}

// The text's ink from above the cap height to below the descenders, as a share of its size.
const ABOVE = 0.8;
const BELOW = 0.25;

export function spotsOf(layout: Layout): PageSpots[] {
  return layout.pages.map((page) => {
    const spots: Spot[] = [];
    for (const b of page.boxes) {
      if (b.kind !== 'text' || b.angle) continue;
      const box = (x: number, w: number) => ({ x: round(b.x + x), y: round(b.y - b.size * ABOVE), w: round(w), h: round(b.size * (ABOVE + BELOW)) });
      for (const f of b.facts ?? []) {
        // A timeline event's date is marked as a fact is, with the event's number (compose's eventMark).
        const event = /^@event-(\d+)$/.exec(f.id);
        spots.push({ ...(event ? { kind: 'event' as const, n: Number(event[1]) } : { kind: 'fact' as const, id: f.id }), ...box(f.x, f.width) });
      }
      const to = b.link?.dest ? destination.read(b.link.dest) : undefined;
      // A marker group ("1,2") is one run per number.
      if (to?.kind === 'source') spots.push({ kind: 'source', n: to.n, ...box(0, b.width) });
    }
    const hash = createHash('sha1').update(drawnJson(page)).digest('hex').slice(0, 16);
    return { width: page.width, height: page.height, hash, spots };
  });
}

const round = (v: number) => Math.round(v * 100) / 100;
