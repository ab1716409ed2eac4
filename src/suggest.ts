// Suggestions for a mistyped name: the known names a small edit away, nearest first ("did you mean").

/** Known names that differ from `name` by a small edit (at most 2, or a quarter of its length), nearest first. */
export function nearNames(name: string, known: Iterable<string>, limit = 2): string[] {
  const lower = name.toLowerCase();
  return (
    [...new Set(known)]
      // A difference of case alone is the nearest of all: "Troops" for "troops".
      .map((k) => ({ k, d: k.toLowerCase() === lower ? 0.5 : editDistance(lower, k.toLowerCase()) }))
      .filter(({ k, d }) => k !== name && d <= Math.max(2, Math.floor(name.length / 4)))
      .sort((a, b) => a.d - b.d || (a.k < b.k ? -1 : 1))
      .slice(0, limit)
      .map(({ k }) => k)
  );
}

/** Levenshtein distance: insertions, deletions and substitutions each count one. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
