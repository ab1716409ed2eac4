// The long brief's content: the Karabakh content four times over, with names in three scripts, a quote, a note, nested lists and a table that crosses a page.

export const NAMES =
  'Stepanakert, which Azerbaijan calls :name[Xankəndi] (Armenian :name[Ստեփանակերտ], Russian :name[Степанакерт]), and Shusha (Azerbaijani :name[Şuşa]) are written here as the region writes them.';

export function longContent(karabakh: string): string {
  const [bluf, rest] = karabakh.split('## Background');
  const body = '## Background' + rest;
  const parts = [1, 2, 3, 4].map((n) => {
    let part = body.replace(/^## (\w+)/gm, `## $1, part ${n}`);
    // Each chart is placed once; the key-facts box once, in the first part.
    if (n > 1) part = part.replace(/\{\{figure "[^"]+"\}\}\n/g, '').replace(/\{\{#> key-facts\}\}[\s\S]*?\{\{\/key-facts\}\}\n/, '');
    return part;
  });
  const extras = [
    '### Names and places',
    '',
    NAMES,
    '',
    '> Almost all of Karabakh’s 50,000 ethnic Armenian residents fled the region within days.',
    '',
    ':::note',
    '**Note.** Place names follow the spelling of the community that uses them.',
    ':::',
    '',
    // Long enough to cross a page on either paper, whatever the text above it: the header repeats.
    '| Year | Entry |',
    '|:-----|:------|',
    ...Array.from({ length: 40 }, (_, i) => `| ${1991 + i} | Entry ${i + 1} of the chronology, long enough to be read as a sentence |`),
    '',
    '1. Outer item one',
    '   - nested bullet under one',
    '   - another nested bullet',
    '2. Outer item two',
    '',
  ].join('\n');
  return bluf + extras + '\n' + parts.join('\n\n');
}
