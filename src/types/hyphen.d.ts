// Types for the hyphen package (Liang patterns from CTAN), which ships none.
declare module 'hyphen/en-us/index.js' {
  const hyphenator: {
    hyphenateSync(text: string, options?: { hyphenChar?: string; html?: boolean; minWordLength?: number; exceptions?: string[] }): string;
  };
  export default hyphenator;
}
