// Glyph class definitions of a font's layout tables (GPOS, GSUB, GDEF), as fontkit decoded them,
// rewritten from ranges to a flat array of classes: the same classes, fewer objects.
//
// fontkit decodes every table record as an object of its own with four hidden properties
// (restructure's parent and offsets); a ClassDef of format 2 is an array of such records, one per
// range of glyphs, and a kerning lookup of Source Serif 4 holds thousands of them. The startup
// snapshot keeps the decoded tables (decoding them is ~100 ms of a first build that shapes), and
// V8 starts every process by making each of those objects again: fewer objects, a faster start.
// Format 1 (a start glyph and one class per glyph) says the same (glyphs outside are class 0,
// as outside format 2's ranges), fontkit reads both through getClassID alone, and looks a class
// up by index instead of walking the ranges.

interface ClassRange {
  start: number;
  end: number;
  class: number;
}

interface ClassDef {
  version: number;
  classRangeRecord?: ClassRange[];
  startGlyph?: number;
  classValueArray?: ArrayLike<number>;
}

/** Glyphs a flat class array may span: a font's glyph ids are 16 bits. */
const MAX_SPAN = 65536;

function isRangeClassDef(v: Record<string, unknown>): v is Record<string, unknown> & ClassDef {
  if (v.version !== 2 || !Array.isArray(v.classRangeRecord)) return false;
  return (v.classRangeRecord as unknown[]).every((r) => {
    const x = r as Partial<ClassRange> | null;
    return !!x && Number.isInteger(x.start) && Number.isInteger(x.end) && Number.isInteger(x.class) && x.start! <= x.end!;
  });
}

/** `def` (format 2) as format 1, in place; false if its ranges span more glyphs than a font has. */
function flatten(def: ClassDef): boolean {
  const ranges = def.classRangeRecord!;
  if (!ranges.length) return false;
  let first = Infinity;
  let last = -Infinity;
  for (const r of ranges) {
    first = Math.min(first, r.start);
    last = Math.max(last, r.end);
  }
  if (last - first + 1 > MAX_SPAN) return false;
  // Classes are 16-bit in OpenType: two bytes each, one object for them all.
  const classes = new Uint16Array(last - first + 1);
  // Overlapping ranges (a malformed font) resolve as fontkit's walk does: the first range wins.
  for (let i = ranges.length - 1; i >= 0; i--) classes.fill(ranges[i].class, ranges[i].start - first, ranges[i].end - first + 1);
  def.version = 1;
  def.startGlyph = first;
  def.classValueArray = classes;
  def.classRangeRecord = [];
  return true;
}

/**
 * Every ClassDef of format 2 that `font` has decoded so far (nothing is decoded for this) made
 * format 1. Returns how many ranges went.
 */
export function flattenClassDefs(font: object): number {
  const tables = (font as { _tables?: Record<string, unknown> })._tables ?? {};
  const seen = new Set<object>();
  let ranges = 0;
  const visit = (v: unknown) => {
    if (!v || typeof v !== 'object' || seen.has(v) || ArrayBuffer.isView(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    const o = v as Record<string, unknown>;
    if (isRangeClassDef(o)) {
      const n = o.classRangeRecord!.length;
      if (flatten(o)) ranges += n;
      return;
    }
    // Own enumerable fields only: restructure's parent links and lazy arrays' streams and types
    // are hidden or skipped, so the walk stays inside what was decoded.
    for (const k of Object.keys(o)) if (k !== 'stream' && k !== 'ctx' && k !== 'type') visit(o[k]);
  };
  for (const tag of ['GDEF', 'GSUB', 'GPOS']) visit(tables[tag]);
  return ranges;
}
