// The PDF PDFKit wrote, rewritten with object streams and a cross-reference stream (PDF 1.5).
// PDFKit writes every dictionary as an uncompressed indirect object and a text xref table; a tagged
// brief has ~150 small structure elements, annotations and font dictionaries, which compress to a
// quarter together. Streams (page contents, fonts, XMP) stay where they are, deflated here (PDFKit
// writes them raw): PDF/A forbids the metadata stream from being compressed inside anything, and
// streams cannot go into object streams anyway. Same input bytes give the same output bytes.
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { processCache } from '../cache/memory.js';

interface PdfObject {
  num: number;
  /** The object's body: between "N 0 obj\n" and "\nendobj". */
  body: Buffer;
  stream: boolean;
}

const latin1 = (b: Buffer) => b.toString('latin1');

/** The indirect objects of a PDF written by PDFKit (one xref section, generation 0 throughout). */
function objects(pdf: Buffer): { header: Buffer; objects: PdfObject[]; trailer: string } {
  const tail = latin1(pdf.subarray(Math.max(0, pdf.length - 64)));
  const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!start) throw new Error('compact: no startxref');
  const xrefAt = Number(start[1]);
  const xref = latin1(pdf.subarray(xrefAt));
  const section = /^xref\s+0 (\d+)\s+/.exec(xref);
  if (!section) throw new Error('compact: not a single classic xref section');
  const size = Number(section[1]);
  const offsets: { num: number; at: number }[] = [];
  for (let i = 1; i < size; i++) {
    const entry = xref.substr(section[0].length + i * 20, 20);
    if (entry[17] !== 'n') continue;
    offsets.push({ num: i, at: Number(entry.slice(0, 10)) });
  }
  const trailer = /trailer\s*<<([\s\S]*?)>>\s*startxref/.exec(xref)?.[1];
  if (!trailer) throw new Error('compact: no trailer');
  const sorted = [...offsets].sort((a, b) => a.at - b.at);
  const out: PdfObject[] = [];
  sorted.forEach(({ num, at }, i) => {
    const end = i + 1 < sorted.length ? sorted[i + 1].at : xrefAt;
    const raw = pdf.subarray(at, end);
    const open = `${num} 0 obj\n`;
    if (latin1(raw.subarray(0, open.length)) !== open) throw new Error(`compact: object ${num} not where the xref says`);
    const close = raw.lastIndexOf('\nendobj');
    const body = raw.subarray(open.length, close);
    // PDFKit escapes newlines inside strings, so a raw ">>\nstream\n" only opens a stream.
    out.push({ num, body, stream: body.includes('>>\nstream\n') });
  });
  return { header: pdf.subarray(0, sorted[0]?.at ?? 0), objects: out, trailer };
}

const DEFLATE = { level: 9, memLevel: 9 } as const;

/**
 * `data` deflated at zlib's best level, once per process for the same bytes: the same font
 * subsets and colour profile come back in every brief a process builds (a batch, watch). Same
 * data, same bytes.
 */
export function deflated(data: Uint8Array): Buffer {
  const key = createHash('sha256').update(data).digest('hex');
  let z = deflatedStreams.get(key);
  if (!z) deflatedStreams.set(key, (z = deflateSync(data, DEFLATE)));
  return z;
}

/**
 * What `data` (by its sha256, hex) deflates to, known from elsewhere: a font subset's entry in the
 * disk cache keeps its deflated bytes too, since deflating the Karabakh brief's subsets is ~4 ms
 * of a cold build. The caller vouches for the bytes (subset.ts inflates them and compares).
 */
export function rememberDeflated(sha256: string, z: Buffer): void {
  deflatedStreams.set(sha256, z);
}

const deflatedStreams = processCache<string, Buffer>(64);

/**
 * A stream object deflated. PDFKit is told to write streams as they are (paint.ts): it deflates at
 * zlib's default level, and deflating here once at the best level, instead of inflating its bytes
 * to deflate them again, saves ~3 ms a build and 1 % of a brief. The XMP metadata stays readable
 * (PDF/A-2 6.6.2.1 wants it unfiltered), and a stream that already has a filter keeps its bytes.
 */
function deflatedStream(body: Buffer): Buffer {
  const k = body.indexOf('>>\nstream\n');
  const dict = latin1(body.subarray(0, k + 2));
  const data = body.subarray(k + 10, body.length - '\nendstream'.length);
  const length = /\/Length (\d+)\n/.exec(dict);
  if (/\/Filter /.test(dict) || /\/Type \/Metadata\n/.test(dict) || !length || Number(length[1]) !== data.length) return body;
  const z = deflated(data);
  // The filter goes last, where PDFKit puts the one it writes.
  const withFilter = dict.slice(0, -2).replace(length[0], `/Length ${z.length}\n`) + '/Filter /FlateDecode\n>>';
  return Buffer.concat([Buffer.from(withFilter + '\nstream\n', 'latin1'), z, Buffer.from('\nendstream', 'latin1')]);
}

/** `pdf` with its non-stream objects in one compressed object stream and a compressed xref stream. */
export function compactPdf(pdf: Buffer): Buffer {
  const { header, objects: all, trailer } = objects(pdf);
  const size = Math.max(...all.map((o) => o.num)) + 1;
  const objstmNum = size;
  const xrefNum = size + 1;
  const packed = all.filter((o) => !o.stream).sort((a, b) => a.num - b.num);
  const kept = all.filter((o) => o.stream);

  // The object stream: "num offset" pairs, then the bodies.
  const pairs: string[] = [];
  const bodies: Buffer[] = [];
  let at = 0;
  for (const o of packed) {
    pairs.push(`${o.num} ${at}`);
    bodies.push(o.body, Buffer.from('\n'));
    at += o.body.length + 1;
  }
  const index = Buffer.from(pairs.join(' ') + '\n', 'latin1');
  const objstm = deflateSync(Buffer.concat([index, ...bodies]), DEFLATE);

  const parts: Buffer[] = [header];
  let offset = header.length;
  const where = new Map<number, { type: 1; at: number } | { type: 2; index: number }>();
  const push = (b: Buffer) => {
    parts.push(b);
    offset += b.length;
  };
  for (const o of kept) {
    where.set(o.num, { type: 1, at: offset });
    push(Buffer.from(`${o.num} 0 obj\n`, 'latin1'));
    push(deflatedStream(o.body));
    push(Buffer.from('\nendobj\n', 'latin1'));
  }
  packed.forEach((o, i) => where.set(o.num, { type: 2, index: i }));
  where.set(objstmNum, { type: 1, at: offset });
  push(Buffer.from(`${objstmNum} 0 obj\n<<\n/Type /ObjStm\n/N ${packed.length}\n/First ${index.length}\n/Filter /FlateDecode\n/Length ${objstm.length}\n>>\nstream\n`, 'latin1'));
  push(objstm);
  push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
  const xrefAt = offset;
  where.set(xrefNum, { type: 1, at: xrefAt });

  // Entries: type (1 byte), offset or object-stream number, generation or index, each field as
  // wide as its largest value needs.
  const bytesFor = (max: number) => Math.max(1, Math.ceil(Math.log2(max + 1) / 8));
  const w2 = bytesFor(Math.max(xrefAt, objstmNum));
  const w3 = bytesFor(Math.max(packed.length, 0xffff));
  const width = 1 + w2 + w3;
  const rows = Buffer.alloc((xrefNum + 1) * width);
  for (let n = 0; n <= xrefNum; n++) {
    const w = where.get(n);
    const r = n * width;
    const [type, field2, field3] = !w ? [0, 0, n === 0 ? 0xffff : 0] : w.type === 1 ? [1, w.at, 0] : [2, objstmNum, w.index];
    rows.writeUInt8(type, r);
    rows.writeUIntBE(field2, r + 1, w2);
    rows.writeUIntBE(field3, r + 1 + w2, w3);
  }
  // PNG "Up" prediction (a filter byte before each row, then differences from the row above):
  // neighbouring offsets differ in their low bytes only, which halves the compressed table.
  const predicted = Buffer.alloc((xrefNum + 1) * (width + 1));
  for (let n = 0; n <= xrefNum; n++) {
    predicted[n * (width + 1)] = 2;
    for (let k = 0; k < width; k++) predicted[n * (width + 1) + 1 + k] = (rows[n * width + k] - (n ? rows[(n - 1) * width + k] : 0)) & 0xff;
  }
  const xref = deflateSync(predicted, DEFLATE);
  const keep = ['/Root', '/Info', '/ID'].map((k) => new RegExp(`${k} [^\\n]*`).exec(trailer)?.[0]).filter((x): x is string => !!x);
  push(
    Buffer.from(
      `${xrefNum} 0 obj\n<<\n/Type /XRef\n/Size ${xrefNum + 1}\n/W [1 ${w2} ${w3}]\n${keep.join('\n')}\n/Filter /FlateDecode\n/DecodeParms << /Columns ${width} /Predictor 12 >>\n/Length ${xref.length}\n>>\nstream\n`,
      'latin1',
    ),
  );
  push(xref);
  push(Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}
