// Slices -> pages: greedy filling with backtracking to the last allowed break, floating figures, repeated table headers.
import { shift, type Box, type OutlineEntry, type Region } from './boxes.js';
import type { Slice } from './flow.js';

export interface Frame {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PlacedPage {
  boxes: Box[];
  /** Each slice on the page, top to bottom, for tests and checks. */
  slices: Region[];
}

/**
 * Places slices on pages of the frame's height. A slice that does not fit ends the page at the
 * last point where a break is allowed (so headings travel with two lines of what follows, and no
 * paragraph leaves a single line behind or ahead). A figure that does not fit waits for the top of
 * the next page while the text after it fills the gap.
 */
export function paginate(slices: Slice[], frame: Frame): { pages: PlacedPage[]; outline: (Omit<OutlineEntry, 'page'> & { pageIndex: number })[] } {
  const pages: PlacedPage[] = [];
  const outline: (Omit<OutlineEntry, 'page'> & { pageIndex: number })[] = [];
  type Placed = { index: number; y: number; slice: Slice; repeated?: boolean };
  let current: Placed[] = [];
  let y = 0;
  let deferred: number[] = [];
  const done = new Set<number>();

  const flush = () => {
    const page: PlacedPage = { boxes: [], slices: [] };
    for (const p of current) {
      // A header row repeated on a later page is a running head: drawn, not read a second time.
      page.boxes.push(...p.slice.boxes.map((b) => (p.repeated && b.tag ? { ...shift(b, 0, frame.y + p.y), tag: { artifact: 'pagination' as const } } : shift(b, 0, frame.y + p.y))));
      page.slices.push({ role: p.slice.role, y: frame.y + p.y, height: p.slice.height, ...(p.slice.paragraph ? { paragraph: p.slice.paragraph } : {}), ...(p.repeated ? { repeated: true } : {}) });
      if (p.slice.outline && !p.repeated) outline.push({ ...p.slice.outline, y: frame.y + p.y, pageIndex: pages.length });
    }
    pages.push(page);
    current = [];
    y = 0;
  };

  const fits = (s: Slice, extra = 0) => y + (current.length ? s.spaceBefore : 0) + s.height + extra <= frame.h + 0.01;

  const place = (index: number, s: Slice, repeated = false) => {
    if (current.length) y += s.spaceBefore;
    current.push({ index, y, slice: s, repeated });
    y += s.height;
  };

  /** At the top of a page: deferred figures first, then the header rows a continuing table repeats. */
  const startPage = (next: Slice | undefined) => {
    const waiting = deferred;
    deferred = [];
    for (const d of waiting) {
      place(d, slices[d]);
      done.add(d);
    }
    if (next?.repeat) for (const r of next.repeat) place(-1, r, true);
  };

  let i = 0;
  while (i < slices.length) {
    if (done.has(i)) {
      i++;
      continue;
    }
    const s = slices[i];
    if (!current.length) startPage(s);
    if (fits(s)) {
      place(i, s);
      i++;
      continue;
    }
    const prev = current[current.length - 1];
    // A figure that does not fit floats to the next page, unless a heading is holding on to it.
    if (s.float && current.length && !(prev && prev.slice.keepWithNext)) {
      deferred.push(i);
      done.add(i);
      i++;
      continue;
    }
    // Find the last allowed break on this page: before slice j, when slice j-1 does not keep with it.
    let cut = current.length;
    while (cut > 0 && current[cut - 1].slice.keepWithNext) cut--;
    const onlyRepeats = current.slice(0, cut).every((p) => p.repeated || deferredAtTop(p));
    if (cut === 0 || onlyRepeats) {
      // Nothing on this page may be left behind: the chain is longer than a page; break anyway.
      if (!current.length || current.every((p) => p.repeated)) {
        place(i, s);
        i++;
        flush();
        continue;
      }
      flush();
      continue;
    }
    const moved = current.slice(cut).filter((p) => !p.repeated);
    current = current.slice(0, cut);
    flush();
    if (moved.length) i = moved[0].index;
  }
  if (current.length) flush();
  while (deferred.length) {
    startPage(undefined);
    flush();
  }
  return { pages, outline };

  function deferredAtTop(p: Placed): boolean {
    return p.index >= 0 && slices[p.index].float === true && p.y === 0;
  }
}
