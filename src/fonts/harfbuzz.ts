// Text shaped by HarfBuzz (harfbuzzjs's harfbuzz.wasm), for the words layout has not shaped before.
//
// fontkit shapes in JavaScript, and a process started from the startup snapshot runs that code
// unoptimised: ~75 us a glyph, ~140 ms of a cold build of a new brief (charts cached but not its
// shapes: 641 against 781 ms). HarfBuzz in WebAssembly, in the same cold process, takes 5-10 ms to
// compile, 17-22 ms to load the brief's 7 fonts, and 37-49 ms for its 668 words. It is the shaper
// browsers use; for the Latin, Cyrillic, Greek and Armenian of briefpress's own faces it gives the
// glyphs and positions fontkit gives (tests/harfbuzz.test.ts shapes every word of the AP article,
// every letter pair and marks both ways).
//
// The module is instantiated here, without Emscripten's loader: harfbuzz.wasm asks for five
// functions (exit, abort, a timer, heap growth), none of which shaping calls but the last.
import { readFileSync } from 'node:fs';
import { packageFile } from '../packages.js';

interface Exports {
  memory: WebAssembly.Memory;
  __wasm_call_ctors(): void;
  malloc(n: number): number;
  free(p: number): void;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_font_create(face: number): number;
  hb_buffer_create(): number;
  hb_buffer_clear_contents(buffer: number): void;
  hb_buffer_add_utf16(buffer: number, text: number, length: number, offset: number, itemLength: number): void;
  hb_buffer_guess_segment_properties(buffer: number): void;
  hb_buffer_set_cluster_level(buffer: number, level: number): void;
  hb_shape(font: number, buffer: number, features: number, count: number): void;
  hb_buffer_get_length(buffer: number): number;
  hb_buffer_get_glyph_infos(buffer: number, length: number): number;
  hb_buffer_get_glyph_positions(buffer: number, length: number): number;
}

const MEMORY_MODE_READONLY = 1;
/** Every character its own cluster unless a ligature joins them: a mark keeps its own characters. */
const CLUSTER_LEVEL_CHARACTERS = 2;

/** One shaped text: glyph ids, the index (UTF-16) of the first character each stands for, positions in font units (four a glyph). */
export interface HarfbuzzRun {
  ids: number[];
  clusters: number[];
  positions: Int32Array;
}

interface Engine {
  hb: Exports;
  buffer: number;
  /** A HarfBuzz font per parsed font, made from the same file once. */
  fonts: WeakMap<object, number>;
}

let engine: Engine | undefined;

function start(): Engine {
  const file = packageFile('harfbuzzjs/dist/harfbuzz.wasm');
  // The memory is the instance's own export, made after the imports that grow it.
  const made: { memory?: WebAssembly.Memory } = {};
  const trap = (what: string) => () => {
    throw new Error(`harfbuzz: ${what}`);
  };
  const imports = {
    wasi_snapshot_preview1: { proc_exit: trap('exit') },
    env: {
      _emscripten_runtime_keepalive_clear: () => undefined,
      _abort_js: trap('abort'),
      _setitimer_js: () => 0,
      emscripten_resize_heap: (requested: number) => {
        const memory = made.memory;
        if (!memory) return 0;
        const have = memory.buffer.byteLength;
        try {
          memory.grow(Math.ceil(((requested >>> 0) - have) / 65536));
          return 1;
        } catch {
          return 0;
        }
      },
    },
  };
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), imports);
  const hb = instance.exports as unknown as Exports;
  made.memory = hb.memory;
  hb.__wasm_call_ctors();
  const buffer = hb.hb_buffer_create();
  return { hb, buffer, fonts: new WeakMap() };
}

/**
 * `text` shaped with the default features of its script, as fontkit's `layout` would, in the font
 * whose file is `bytes` (sfnt). `owner` is what the HarfBuzz font is kept for (the parsed font).
 */
export function shapeWithHarfbuzz(owner: object, bytes: () => Uint8Array, text: string): HarfbuzzRun {
  const e = (engine ??= start());
  const { hb, buffer, fonts } = e;
  let font = fonts.get(owner);
  if (font === undefined) {
    const data = bytes();
    const at = hb.malloc(data.length);
    if (!at) throw new Error('harfbuzz: no memory for the font');
    new Uint8Array(hb.memory.buffer).set(data, at);
    // Kept for the life of the process, as the parsed font is: HarfBuzz reads the tables in place.
    const blob = hb.hb_blob_create(at, data.length, MEMORY_MODE_READONLY, 0, 0);
    const face = hb.hb_face_create(blob, 0);
    hb.hb_blob_destroy(blob);
    font = hb.hb_font_create(face);
    hb.hb_face_destroy(face);
    fonts.set(owner, font);
  }
  hb.hb_buffer_clear_contents(buffer);
  const at = hb.malloc(Math.max(2, text.length * 2));
  if (!at) throw new Error('harfbuzz: no memory for the text');
  const units = new Uint16Array(hb.memory.buffer, at, text.length);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  hb.hb_buffer_add_utf16(buffer, at, text.length, 0, -1);
  hb.free(at);
  hb.hb_buffer_set_cluster_level(buffer, CLUSTER_LEVEL_CHARACTERS);
  hb.hb_buffer_guess_segment_properties(buffer);
  hb.hb_shape(font, buffer, 0, 0);
  const n = hb.hb_buffer_get_length(buffer);
  // Read after shaping: shaping may grow the memory, which detaches views made before.
  const infos = new Uint32Array(hb.memory.buffer, hb.hb_buffer_get_glyph_infos(buffer, 0), n * 5);
  const places = new Int32Array(hb.memory.buffer, hb.hb_buffer_get_glyph_positions(buffer, 0), n * 5);
  const ids: number[] = new Array(n);
  const clusters: number[] = new Array(n);
  const positions = new Int32Array(n * 4);
  for (let i = 0; i < n; i++) {
    ids[i] = infos[i * 5];
    clusters[i] = infos[i * 5 + 2];
    positions[i * 4] = places[i * 5];
    positions[i * 4 + 1] = places[i * 5 + 1];
    positions[i * 4 + 2] = places[i * 5 + 2];
    positions[i * 4 + 3] = places[i * 5 + 3];
  }
  return { ids, clusters, positions };
}

/**
 * Forgets the engine and every font made in it. Node makes a startup snapshot without WebAssembly
 * (the warm-up shapes with fontkit: fonts.ts shapeForWarmUp); should a Node offer it there, an
 * engine made by the warm-up could not be saved with the heap, so it is dropped first.
 */
export function forgetHarfbuzz(): void {
  engine = undefined;
}
