// Types for packages that ship none: hyphen (Liang patterns from CTAN) and svg-to-pdfkit (bench only).
declare module 'hyphen/en-us/index.js' {
  const hyphenator: {
    hyphenateSync(text: string, options?: { hyphenChar?: string; html?: boolean; minWordLength?: number; exceptions?: string[] }): string;
  };
  export default hyphenator;
}

// svg-to-pdfkit, used by the bench only to compare the SVG route with our painter.
declare module 'svg-to-pdfkit' {
  const SVGtoPDF: (doc: unknown, svg: string, x: number, y: number, options?: object) => void;
  export default SVGtoPDF;
}

// pdf.js's worker module, handed to pdf.js as globalThis.pdfjsWorker by preflight.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
