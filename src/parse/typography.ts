// Typographic punctuation: curly quotes and apostrophes, en dashes, no-break spaces where a line must not end.

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
  return bind(s);
}

const MONTH = 'January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.|Feb\\.|Mar\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\.';
/** Day before month ("31 October"), month before year or day ("October 2023", "Nov. 17"). */
const DAY_MONTH = new RegExp(`(?<![\\d.,])(\\d{1,2}) (?=(?:${MONTH})(?![\\p{L}]))`, 'gu');
const MONTH_NUMBER = new RegExp(`(?<![\\p{L}])(${MONTH}) (?=\\d)`, 'gu');

/**
 * Where a line must not end, a no-break space: inside a date ("31 October 2023"), between a
 * number and the word it counts ("15,000 troops", "2,000 Russian peacekeepers"; a year counts
 * nothing, so "in 2020 Azerbaijan" may break after it), and after a title ("Gen. Goïta").
 */
function bind(s: string): string {
  s = s.replace(DAY_MONTH, '$1\u00a0').replace(MONTH_NUMBER, '$1\u00a0');
  s = s.replace(/(\d) (?=[\p{L}%])/gu, (m, d: string, at: number) => {
    // A year counts nothing ("in 2020 Azerbaijan", "2023 that"); counts of a thousand and more
    // are written with a separator ("2,000 troops").
    const year = /(?<![\d,.])[12]\d{3}$/.test(s.slice(0, at + 1));
    return year ? m : `${d}\u00a0`;
  });
  return s.replace(/(?<![\p{L}.])((?:Gen|Lt|Col|Maj|Sgt|Capt|Cpl|Adm|Cmdr|Brig|Gov|Sen|Rep|Amb|Pres|Prof|Dr|Mr|Mrs|Ms|St|Mt|Ft|No|Nos|Fig|Figs|Art|Sec|p|pp|vol)\.) (?=[\p{L}\d])/gu, '$1\u00a0');
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
