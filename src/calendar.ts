// Dates written without a year ("in December", "by April 30"), read against the date of the report that writes them.

/**
 * Words before a date that say it lies ahead of the report: "by April 30", "until the end of
 * June", "planned for mid-November", "will leave in December", "due in March".
 */
const AHEAD_JUST_BEFORE = /\b(by|until|till|before)\s+(the\s+)?((end|start|beginning|middle)\s+of\s+(the\s+)?)?((early|mid|late)[\s-])?$/i;
const AHEAD_IN_CLAUSE = /\b(will|would|shall|plans?|planned|planning|scheduled|due|expected|expects|set to|is to|are to|next|upcoming|deadline)\b/i;

/** Whether the date that starts at `index` of `sentence` looks ahead of the report, from the words before it in its clause. */
export function looksAhead(sentence: string, index: number): boolean {
  const before = sentence.slice(0, index);
  if (AHEAD_JUST_BEFORE.test(before)) return true;
  // The clause the date is in: from the last sentence-internal stop before it.
  const clause = before.slice(Math.max(before.lastIndexOf(';'), before.lastIndexOf(':'), before.lastIndexOf('—')) + 1);
  return AHEAD_IN_CLAUSE.test(clause);
}

/**
 * The year of a month (and day) the report names without one: the last on or before the
 * report's date ("voted in December", in a February report: the December before), or, when the
 * sentence looks ahead, the first on or after it ("planned for mid-November" in a report of 31
 * October 2023: November 2023). One rule, for what check accepts and for what a draft writes.
 */
export function yearOf(month: number, day: number | undefined, reported: string, ahead: boolean): number {
  const y = Number(reported.slice(0, 4));
  const pad = (n: number) => String(n).padStart(2, '0');
  const at = day === undefined ? `${y}-${pad(month)}` : `${y}-${pad(month)}-${pad(day)}`;
  const ref = day === undefined ? reported.slice(0, 7) : reported.slice(0, 10);
  if (ahead) return at >= ref ? y : y + 1;
  return at <= ref ? y : y - 1;
}
