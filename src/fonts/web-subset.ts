// A font cut to the characters a web page draws, with harfbuzz's own subsetter (harfbuzzjs's
// hb-subset WebAssembly). fontkit's subsets are made for PDF: they keep no character map, which a
// browser needs. Hinting is dropped (a PDF's subsets drop it too); of the layout features, those a
// browser applies by default are kept.
import { readFileSync } from 'node:fs';
import { packageFile } from '../packages.js';

interface Harfbuzz {
  memory: WebAssembly.Memory;
  malloc(n: number): number;
  free(p: number): void;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_set(input: number, set: number): number;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_get_flags(input: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
  hb_set_add(set: number, value: number): void;
  hb_set_clear(set: number): void;
  _initialize(): void;
}

const MEMORY_MODE_WRITABLE = 2;
const SETS_LAYOUT_FEATURE_TAG = 6;
const FLAGS_NO_HINTING = 0x1;

/** OpenType features a browser shapes with unless asked otherwise (kerning, ligatures, marks, Arabic joining). */
const FEATURES = ['kern', 'liga', 'clig', 'calt', 'ccmp', 'locl', 'mark', 'mkmk', 'rlig', 'rclt', 'curs', 'init', 'medi', 'fina', 'isol'];

const tag = (s: string) => [...s].reduce((a, c) => ((a << 8) | c.charCodeAt(0)) >>> 0, 0);

let harfbuzz: Promise<Harfbuzz> | undefined;

function load(): Promise<Harfbuzz> {
  harfbuzz ??= (async () => {
    // From briefpress's own dependency, wherever npm put it (nested or hoisted).
    const file = packageFile('harfbuzzjs/dist/harfbuzz-subset.wasm');
    const { instance } = await WebAssembly.instantiate(readFileSync(file));
    const hb = instance.exports as unknown as Harfbuzz;
    hb._initialize();
    return hb;
  })();
  return harfbuzz;
}

/** `font` (TrueType or OpenType bytes) cut to the code points of `text`, as an sfnt. */
export async function subsetForWeb(font: Buffer, text: string): Promise<Buffer> {
  const hb = await load();
  const input = hb.hb_subset_input_create_or_fail();
  if (!input) throw new Error('harfbuzz could not start a subset');
  const data = hb.malloc(font.length);
  new Uint8Array(hb.memory.buffer).set(font, data);
  const blob = hb.hb_blob_create(data, font.length, MEMORY_MODE_WRITABLE, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  try {
    const features = hb.hb_subset_input_set(input, SETS_LAYOUT_FEATURE_TAG);
    hb.hb_set_clear(features);
    for (const f of FEATURES) hb.hb_set_add(features, tag(f));
    hb.hb_subset_input_set_flags(input, hb.hb_subset_input_get_flags(input) | FLAGS_NO_HINTING);
    const unicodes = hb.hb_subset_input_unicode_set(input);
    for (const c of text) hb.hb_set_add(unicodes, c.codePointAt(0)!);
    const subset = hb.hb_subset_or_fail(face, input);
    if (!subset) throw new Error('harfbuzz could not subset the font');
    const result = hb.hb_face_reference_blob(subset);
    const at = hb.hb_blob_get_data(result, 0);
    const length = hb.hb_blob_get_length(result);
    // Copied out: the WebAssembly memory is reused by the next subset.
    const out = Buffer.from(new Uint8Array(hb.memory.buffer, at, length));
    hb.hb_blob_destroy(result);
    hb.hb_face_destroy(subset);
    if (!length) throw new Error('harfbuzz made an empty subset');
    return out;
  } finally {
    hb.hb_subset_input_destroy(input);
    hb.hb_face_destroy(face);
    hb.free(data);
  }
}
