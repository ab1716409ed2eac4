// Typographic punctuation: curly quotes and apostrophes, en dashes, no-break space between a number and its unit.

/** Text with straight quotes and hyphen-dashes turned into the characters a typesetter would use. */
export function smarten(text: string, before = ''): string {
  let s = text;
  // Spaced hyphen between words, or double hyphen: an en dash used as a parenthetical dash.
  s = s.replace(/ -{1,2} /g, ' \u2013 ').replace(/--/g, '\u2013');
  // Number ranges (1990-1994): en dash. Not dates like 2024-04-17, which have three parts.
  s = s.replace(/(?<![\d-])(\d{1,4})-(\d{1,4})(?![\d-])/g, '$1\u2013$2');
  s = s.replace(/(^|[\s([{\u2014\u2013])"/g, '$1\u201c').replace(/"/g, '\u201d');
  s = s.replace(/(^|[\s([{\u2014\u2013])'/g, (m, p1, offset) => (offset === 0 && /\w$/.test(before) ? m.replace("'", '\u2019') : `${p1}\u2018`));
  s = s.replace(/'/g, '\u2019');
  // A number and the word it counts never part at a line end ("2,000 troops", "50,000 ethnic").
  s = s.replace(/(\d) (?=[a-z%])/g, '$1\u00a0');
  return s;
}

export function smartenSpans<T extends { text: string; style: { code?: boolean } }>(spans: T[]): T[] {
  let before = '';
  return spans.map((s) => {
    if (s.style.code) {
      before = s.text;
      return s;
    }
    const text = smarten(s.text, before);
    before = text;
    return { ...s, text };
  });
}
