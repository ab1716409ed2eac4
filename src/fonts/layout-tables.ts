// A font's layout tables (GPOS, GSUB, GDEF), as fontkit decoded them, made into fewer objects for
// the startup snapshot: glyph class definitions rewritten from ranges to a flat array of classes,
// and records that say the same thing shared instead of repeated.
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

/**
 * Fields of restructure's lazy arrays that are not decoded data (the font's bytes, the decoding
 * context, the record type): both walks below stay out of them, inside what was decoded.
 */
const NOT_DECODED = new Set(['stream', 'ctx', 'type']);

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
    // Own enumerable fields only: restructure's parent links are hidden.
    for (const k of Object.keys(o)) if (!NOT_DECODED.has(k)) visit(o[k]);
  };
  for (const tag of ['GDEF', 'GSUB', 'GPOS']) visit(tables[tag]);
  return ranges;
}

/** A number, string, boolean, null or undefined as a token no other value has (NaN and null, -0 and 0 apart). */
function primitiveToken(v: unknown): string | undefined {
  if (typeof v === 'number') return `n${Object.is(v, -0) ? '-0' : String(v)}`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean' || v === null || v === undefined) return String(v);
  return undefined;
}

/**
 * Records of the decoded layout tables (and glyph names) that say exactly what another says,
 * replaced by that one, within a font and across `fonts`: a font's features repeat per script and
 * language (the same lookup list, the same parameters), its mark anchors and kerning values per
 * glyph, and the weights of a family repeat each other. fontkit only reads these records once decoded
 * (restructure's hidden parent links are read while decoding, never after), so one object serves
 * every place. Shared only: plain objects and arrays whose every field is a number, a string, a
 * boolean or another record shared the same way, never a lazily decoded array or what it fills
 * in later (its `items`). Returns how many references now point to a shared record.
 */
export function shareIdenticalRecords(fonts: object[]): number {
  // Each distinct record gets a short token, '#n'; a record's key names its fields' tokens.
  const tokenOf = new Map<object, string>();
  const idOf = new Map<string, number>();
  const recordOf = new Map<string, object>();
  const seen = new Set<object>();
  const strings = new Map<string, string>();
  let shared = 0;
  // A token for `v` (the same for records that say the same), or undefined if it cannot be shared.
  const visit = (v: unknown, fillable: boolean): string | undefined => {
    if (v === null || typeof v !== 'object') return primitiveToken(v);
    const known = tokenOf.get(v);
    if (known !== undefined) return known;
    if (seen.has(v) || ArrayBuffer.isView(v)) return undefined;
    seen.add(v);
    const proto = Object.getPrototypeOf(v);
    let plain = !fillable && (proto === Object.prototype || proto === Array.prototype);
    const parts: string[] = [];
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const d = Object.getOwnPropertyDescriptor(o, k);
      // A getter (restructure's lazy pointers) would decode what was never read: left alone.
      if (NOT_DECODED.has(k) || !d || !('value' in d)) {
        plain = false;
        continue;
      }
      // A lazily decoded array writes what it decodes into its own `items`: never shared.
      const token = visit(d.value, k === 'items' && !(proto === Object.prototype || proto === Array.prototype));
      if (token === undefined) {
        plain = false;
        continue;
      }
      const one = d.value !== null && typeof d.value === 'object' ? recordOf.get(token) : undefined;
      if (one && one !== d.value && d.writable) {
        o[k] = one;
        shared++;
      } else if (typeof d.value === 'string' && d.writable) {
        // Equal strings are one string to JavaScript, not to the heap: glyph names and tags, once.
        const first = strings.get(d.value);
        if (first === undefined) strings.set(d.value, d.value);
        else o[k] = first;
      }
      parts.push(`${JSON.stringify(k)}:${token}`);
    }
    if (!plain) return undefined;
    const key = `${Array.isArray(v) ? `A${(v as unknown[]).length}` : 'O'}{${parts.join(',')}}`;
    let id = idOf.get(key);
    if (id === undefined) {
      idOf.set(key, (id = idOf.size));
      recordOf.set(`#${id}`, v);
    }
    const token = `#${id}`;
    tokenOf.set(v, token);
    return token;
  };
  // Across fonts too: the weights of one family repeat each other's features and glyph names.
  for (const font of fonts) {
    const tables = (font as { _tables?: Record<string, unknown> })._tables ?? {};
    for (const tag of ['GDEF', 'GSUB', 'GPOS', 'post']) visit(tables[tag], false);
  }
  return shared;
}
