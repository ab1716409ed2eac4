// A brief with what the Karabakh one lacks, for tests that need every kind of block on a page.

/** A brief with what the Karabakh one lacks: nested lists three deep, a quote, a callout, a table over two pages. */
export function mixedContent(karabakh: string, rowCount = 70): string {
  const rows = Array.from({ length: rowCount }, (_, i) => `| ${2000 + i} | Entry ${i + 1} of the chronology, long enough to be read as a sentence |`);
  return [
    karabakh,
    '## Reference material',
    '',
    '- First level',
    '  - Second level',
    '    1. Third level, numbered',
    '    2. Third level again',
    '- First level again',
    '',
    '> Peacekeepers “could leave at any moment”, one official said, in a quote set apart.',
    '',
    ':::note',
    'Callouts carry context the main text does not need.',
    ':::',
    '',
    'The force stayed longer than first planned.[^stay] The corridor closed twice.[^road]:cite[1]',
    '',
    '[^stay]: The mandate ran five years, renewable by either side.',
    '[^road]: Both closures are in the report.',
    '',
    '### A chronology that runs over two pages',
    '',
    '| Year | Entry |',
    '|:-----|:------|',
    ...rows,
    '',
  ].join('\n');
}
