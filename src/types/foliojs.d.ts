// The linebreak package (UAX #14, foliojs; PDFKit's own dependency) ships no types.
declare module 'linebreak' {
  export default class LineBreaker {
    constructor(text: string);
    /** The next break opportunity: the offset a new line may start at, and whether it must. */
    nextBreak(): { position: number; required: boolean } | null;
  }
}

// unicode-properties (foliojs, fontkit's own dependency) ships no types.
declare module 'unicode-properties' {
  const unicode: { getCombiningClass(codePoint: number): string; getScript(codePoint: number): string };
  export default unicode;
}
