// The Typst pipeline of `npm run bench`, run as its own process like a cron job would: the brief's
// content already in Typst markup (brief.typ), its Vega-Lite charts compiled and drawn as SVG by
// Vega, the page set by Typst (typst-ts-node-compiler) with the same fonts, the PDF written.
// Usage: node peer.mjs JOB_DIR OUT.pdf
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';

const [dir, out] = process.argv.slice(2);
const job = JSON.parse(readFileSync(join(dir, 'job.json'), 'utf8'));
for (const chart of job.charts) {
  const view = new vega.View(vega.parse(vegaLite.compile(chart.spec).spec), { renderer: 'none' });
  writeFileSync(join(dir, `${chart.id}.svg`), await view.toSVG());
  view.finalize();
}
const compiler = NodeCompiler.create({ workspace: dir, fontArgs: [{ fontPaths: job.fonts }] });
const pdf = compiler.pdf({ mainFilePath: join(dir, 'brief.typ') }, job.pdfStandard ? { pdfStandard: job.pdfStandard, pdfTags: true } : {});
writeFileSync(out, pdf);
