// The marks compose writes around figures, names and citations, and parse reads back.

/**
 * How compose marks the figures, names and citations it writes into the Markdown, for parse to
 * turn into Span.fact, Span.nobreak and Span.cite. Private Use Area characters, not directives
 * (`:fact[...]{id="..."}`): Markdown reads them as plain letters, so a mark costs the parser
 * nothing, where each directive cost it a tokenizer of its own for the label and another for the
 * attributes. The Karabakh brief has 39 marks: parsing it took 3.0 ms and 5.6 MB, and takes
 * 2.25 ms and 3.9 MB. An analyst's own `:name[...]` and `:cite[1]` are still directives.
 *
 * One difference: Markdown takes a mark for a letter where it took a directive's colon for
 * punctuation, so `x**{{fact "a"}}**y` is bold now, as `x**2,000**y` always was.
 *
 * A figure: FACT, its id, TEXT, its text, END. A name: NAME, its fact's id, TEXT, its text, END.
 * A citation: CITE, the source's number, END. Ids are `[a-z0-9._-]` and `@event-N`, which
 * Markdown reads as letters too; the text is escaped Markdown, as it was inside a directive.
 * Consecutive code points, FACT to END, so that parse names them all as one range; U+E000 and
 * U+E001 are compose's own, for a disputed figure's note until its word group is known.
 */
export const INLINE_MARK = { FACT: '\uE002', NAME: '\uE003', CITE: '\uE004', TEXT: '\uE005', END: '\uE006' } as const;

export const inlineMark = {
  fact: (id: string, text: string) => `${INLINE_MARK.FACT}${id}${INLINE_MARK.TEXT}${text}${INLINE_MARK.END}`,
  name: (id: string, text: string) => `${INLINE_MARK.NAME}${id}${INLINE_MARK.TEXT}${text}${INLINE_MARK.END}`,
  cite: (n: number) => `${INLINE_MARK.CITE}${n}${INLINE_MARK.END}`,
};
