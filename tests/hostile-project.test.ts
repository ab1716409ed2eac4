// Hostile input, third part: the project file every build reads first (briefpress.yaml), and the
// commands around build (check, init, facts extract, preflight, schema). Same frame as hostile.test.ts:
// exit code, the first line's place, no stack trace, every file of the project as it was.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import type { TempProject } from './helpers/project.js';
import { BRIEF, builtBase, cases, mkfifo, replace, runCase, type Case } from './helpers/hostile.js';

builtBase();

const SCHEMA_HINT = '\\n  hint: see schema/briefpress\\.schema\\.json for every field';

/** briefpress.yaml replaced by `text`, then the brief built. */
const projectFile =
  (text: string | Buffer) =>
  (p: TempProject): string[] => {
    writeFileSync(join(p.root, 'briefpress.yaml'), text);
    return ['build', BRIEF, '--force'];
  };
const fileCase = (name: string, text: string | Buffer, message: RegExp): Case => ({ name: `briefpress.yaml with ${name}`, args: projectFile(text), code: 2, message });

const PROJECT_CASES: Case[] = [
  fileCase('a YAML syntax error', 'version: 1\npaper: [a4\n', /^briefpress\.yaml:3:1: error\[load\]: YAML syntax: /),
  fileCase('a field misspelled', 'version: 1\npapr: a4\n', new RegExp(`^briefpress\\.yaml:2:1 \\(papr\\): error\\[load\\]: papr: unknown field "papr"${SCHEMA_HINT}`)),
  fileCase('a version from the future', 'version: 2\n', /^briefpress\.yaml:1:10 \(version\): error\[load\]: version: Invalid input: expected 1/),
  fileCase('a paper it does not print', 'version: 1\npaper: a5\n', /^briefpress\.yaml:2:8 \(paper\): error\[load\]: paper: .*"a4".*"letter"/),
  fileCase('a standard it does not know', 'version: 1\nstandard: pdfx\n', /^briefpress\.yaml:2:11 \(standard\): error\[load\]: standard: Invalid option: expected one of "ua\+a3a"/),
  fileCase('annex as a sentence', 'version: 1\nannex: yes please\n', /^briefpress\.yaml:2:8 \(annex\): error\[load\]: annex: expected boolean, got string "yes please"/),
  fileCase('a brief_timeout of 0', 'version: 1\nbrief_timeout: 0\n', /^briefpress\.yaml:2:16 \(brief_timeout\): error\[load\]: brief_timeout: Too small: expected number to be >=1/),
  fileCase('a brief_timeout in words', 'version: 1\nbrief_timeout: soon\n', /^briefpress\.yaml:2:16 \(brief_timeout\): error\[load\]: brief_timeout: expected number, got string "soon"/),
  fileCase('a brief_timeout of 1e400', 'version: 1\nbrief_timeout: 1e400\n', /^briefpress\.yaml:2:16 \(brief_timeout\): error\[load\]: brief_timeout: expected number, got infinity/),
  fileCase('a brief_memory of .nan', 'version: 1\nbrief_memory: .nan\n', /^briefpress\.yaml:2:15 \(brief_memory\): error\[load\]: brief_memory: expected number, got not a number \(\.nan\)/),
  fileCase('a brief_memory of 10 MB', 'version: 1\nbrief_memory: 10\n', /^briefpress\.yaml:2:15 \(brief_memory\): error\[load\]: brief_memory: Too small: expected number to be >=64/),
  fileCase('an empty briefs folder name', 'version: 1\nbriefs: ""\n', /^briefpress\.yaml:2:9 \(briefs\): error\[load\]: briefs: Too small/),
  fileCase('a list where the settings go', '- paper: a4\n- paper: letter\n', /^briefpress\.yaml:1:1: error\[load\]: briefpress\.yaml: expected object, got a list/),
  fileCase('a key given twice', 'version: 1\npaper: a4\npaper: letter\n', /^briefpress\.yaml:3:1: error\[load\]: YAML syntax: Map keys must be unique/),
  fileCase('a __proto__ key', 'version: 1\n__proto__: {paper: letter}\n', /^briefpress\.yaml:2:1 \(__proto__\): error\[load\]: __proto__: unknown field "__proto__"/),
  fileCase('an alias inside the value it names', 'version: 1\nx: &a [1, *a]\n', /^briefpress\.yaml:2:11: error\[load\]: the alias \*a stands inside the value &a names/),
  fileCase('an alias nested deep inside its own value', 'version: 1\nx: &a {b: {c: [*a]}}\n', /^briefpress\.yaml:2:16: error\[load\]: the alias \*a stands inside the value &a names/),
  fileCase(
    'a billion laughs',
    ['version: 1', 'a: &a [1,1,1,1,1,1,1,1,1]', ...'bcdefg'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`), ''].join('\n'),
    /^briefpress\.yaml:3:\d+: error\[load\]: too many YAML aliases \(\*name\): expanding them would exhaust memory/,
  ),
  fileCase('a byte that is not UTF-8', Buffer.from('version: 1\npaper: a4\xe9\n', 'latin1'), /^briefpress\.yaml:2:10: error\[load\]: the project file is not UTF-8 text: byte 0xE9/),
  fileCase('a NUL written as an escape', 'version: 1\npaper: "a4\\0"\n', /^briefpress\.yaml:2:8 \(paper\): error\[load\]: paper holds U\+0000, a control character/),
  fileCase('three megabytes of comment', '#'.repeat(3_000_000) + '\nversion: 1\n', /^briefpress\.yaml: error\[load\]: project file .*briefpress\.yaml is 2\.9 MB; a project file may be at most 1 MB/),
  {
    name: 'briefpress.yaml is a pipe',
    args: (p) => (replace(join(p.root, 'briefpress.yaml'), mkfifo), ['build', BRIEF]),
    code: 2,
    message: /^briefpress\.yaml: error\[load\]: project file .*briefpress\.yaml is a pipe, not a file/,
  },
  {
    name: 'briefpress.yaml is a folder',
    args: (p) => (replace(join(p.root, 'briefpress.yaml'), (path) => mkdirSync(path)), ['build', BRIEF]),
    code: 2,
    message: /^briefpress\.yaml: error\[load\]: project file .*briefpress\.yaml is a folder, not a file/,
  },
  {
    name: 'briefpress.yaml is a link to /etc/passwd',
    args: (p) => (replace(join(p.root, 'briefpress.yaml'), (path) => symlinkSync('/etc/passwd', path)), ['build', BRIEF]),
    code: 2,
    message: /^briefpress\.yaml: error\[load\]: project file .*briefpress\.yaml leads outside the project \(to \/etc\/passwd\)/,
  },
  {
    name: 'briefpress.yaml sends the PDFs into templates/',
    args: projectFile('version: 1\noutput: templates\n'),
    code: 2,
    message: /^templates\/karabakh-peacekeepers\.pdf: error\[cli\]: the PDF would land inside .*templates, which holds what you wrote/,
  },
  {
    name: 'briefpress.yaml sends the PDFs into the brief itself',
    args: projectFile(`version: 1\noutput: ${BRIEF}\n`),
    code: 2,
    message: /^briefs\/karabakh-peacekeepers\/karabakh-peacekeepers\.pdf: error\[cli\]: the PDF would land inside .*karabakh-peacekeepers, which holds what you wrote/,
  },
  {
    name: 'briefpress.yaml sends the PDFs to /dev',
    args: projectFile('version: 1\noutput: /dev\n'),
    code: 2,
    message: /dev\/karabakh-peacekeepers\.pdf: error\[cli\]: this is a device; briefpress never replaces it/,
  },
];

const ARTICLE = `${BRIEF}/sources/ap-2024-04-17.txt`;

const COMMAND_CASES: Case[] = [
  { name: 'check a brief that does not exist', args: () => ['check', 'briefs/nope'], code: 2, message: /^briefs\/nope: error\[load\]: no brief folder at .*briefs\/nope\n  hint: / },
  { name: 'check a file, not a brief folder', args: () => ['check', `${BRIEF}/brief.yaml`], code: 2, message: /^briefs\/karabakh-peacekeepers\/brief\.yaml: error\[load\]: no brief folder at / },
  { name: 'build the project file', args: () => ['build', 'briefpress.yaml'], code: 2, message: /^briefpress\.yaml: error\[load\]: no brief folder at / },
  ...['../evil', 'a/b', '.', 'Karabakh Peacekeepers', 'tab\tname', 'brief\nname'].map((name): Case => ({
    name: `init ${JSON.stringify(name)}`,
    args: () => ['init', name],
    code: 2,
    message: new RegExp(`^error\\[cli\\]: "${name.replace(/[.\\/]/g, (c) => '\\' + c)}" is not a brief name\\n  hint: use lower-case letters, digits and hyphens`),
  })),
  {
    name: 'init over a brief that exists',
    args: () => ['init', 'karabakh-peacekeepers'],
    code: 2,
    message: /^briefs\/karabakh-peacekeepers: error\[cli\]: .*briefs\/karabakh-peacekeepers already exists; nothing was written/,
  },
  { name: 'facts extract an article that is not there', args: () => ['facts', 'extract', 'nope.txt'], code: 2, message: /^nope\.txt: error\[cli\]: article not found: / },
  {
    name: 'facts extract -o over the brief',
    args: () => ['facts', 'extract', ARTICLE, '-o', `${BRIEF}/brief.yaml`],
    code: 2,
    message: /^briefs\/karabakh-peacekeepers\/brief\.yaml: error\[cli\]: .*brief\.yaml already exists; nothing was written\n  hint: pass --force to replace it/,
  },
  {
    name: 'facts extract -o over the project file',
    args: () => ['facts', 'extract', ARTICLE, '-o', 'briefpress.yaml'],
    code: 2,
    message: /^briefpress\.yaml: error\[cli\]: .*briefpress\.yaml already exists; nothing was written/,
  },
  { name: 'preflight a file that is not there', args: () => ['preflight', 'nope.pdf'], code: 2, message: /^nope\.pdf: error\[preflight\]: cannot read it as a PDF: / },
  { name: 'preflight a YAML file', args: () => ['preflight', 'briefpress.yaml'], code: 2, message: /^briefpress\.yaml: error\[preflight\]: cannot read it as a PDF: Invalid PDF structure/ },
  { name: 'preflight a folder', args: () => ['preflight', 'briefs'], code: 2, message: /^briefs: error\[preflight\]: cannot read it as a PDF: not a regular file/ },
  {
    name: 'preflight a pipe',
    args: (p) => (mkfifo(join(p.root, 'p.pdf')), ['preflight', 'p.pdf']),
    code: 2,
    message: /^p\.pdf: error\[preflight\]: cannot read it as a PDF: not a regular file/,
  },
  {
    name: 'preflight an empty file',
    args: (p) => (writeFileSync(join(p.root, 'e.pdf'), ''), ['preflight', 'e.pdf']),
    code: 2,
    message: /^e\.pdf: error\[preflight\]: cannot read it as a PDF: The PDF file is empty/,
  },
  {
    name: 'preflight a PDF cut short',
    args: (p) => (writeFileSync(join(p.root, 't.pdf'), readFileSync(join(p.root, 'output', 'karabakh-peacekeepers.pdf')).subarray(0, 20_000)), ['preflight', 't.pdf']),
    code: 2,
    message: /^t\.pdf: error\[preflight\]: cannot read it as a PDF: Invalid PDF structure/,
  },
  { name: 'schema --root that is not there', args: () => ['schema', '--root', 'nope'], code: 2, message: /^nope: error\[cli\]: --root names no folder/ },
  { name: 'schema --root a file', args: () => ['schema', '--root', 'briefpress.yaml'], code: 2, message: /^briefpress\.yaml: error\[cli\]: --root names no folder/ },
];

/** A line appended to a YAML file of the project; the message is made once its line is known. */
const appended = (file: (p: TempProject) => string, line: string, message: (n: number) => RegExp, name: string): Case => {
  let n = 0;
  return {
    name,
    args: (p) => {
      const path = file(p);
      const text = readFileSync(path, 'utf8');
      writeFileSync(path, text + line + '\n');
      n = text.split('\n').length;
      return ['build', BRIEF, '--force'];
    },
    code: 2,
    message: () => message(n),
  };
};
const theme = (p: TempProject) => join(p.root, 'templates', 'theme.yaml');
const brief = (p: TempProject) => join(p.brief, 'brief.yaml');
/** A change inside the Karabakh brief's files, with the expected place found after it. */
const edited = (name: string, file: string, from: string | RegExp, to: string, message: (line: number) => RegExp): Case => {
  let line = 0;
  return { name, args: (p) => ((line = p.edit(file, from, to)), ['build', BRIEF, '--force']), code: 2, message: () => message(line) };
};

const SAME_GUARDS: Case[] = [
  appended(theme, 'colorz: 1', (n) => new RegExp(`^templates/theme\\.yaml:${n}:1 \\(colorz\\): error\\[load\\]: colorz: unknown field "colorz"`), 'the theme with a field misspelled'),
  appended(theme, 'x: &a [*a]', (n) => new RegExp(`^templates/theme\\.yaml:${n}:8: error\\[load\\]: the alias \\*a stands inside the value &a names`), 'the theme with an alias inside its own value'),
  appended(
    brief,
    'x: &a {y: *a}',
    (n) => new RegExp(`^briefs/karabakh-peacekeepers/brief\\.yaml:${n}:11: error\\[load\\]: the alias \\*a stands inside the value &a names`),
    'brief.yaml with an alias inside its own value',
  ),
  edited(
    'the theme with a body size of 1e400',
    '../../templates/theme.yaml',
    /size: [\d.]+/,
    'size: 1e400',
    (line) => new RegExp(`^templates/theme\\.yaml:${line}:\\d+ \\(body\\.size\\): error\\[load\\]: body\\.size: expected number, got infinity`),
  ),
  edited(
    'the theme with a negative body size',
    '../../templates/theme.yaml',
    /size: [\d.]+/,
    'size: -4',
    (line) => new RegExp(`^templates/theme\\.yaml:${line}:\\d+ \\(body\\.size\\): error\\[load\\]: body\\.size: nothing on paper is set smaller than 7 pt`),
  ),
  edited(
    'a fact whose value is .inf',
    'brief.yaml',
    '    value: 2000',
    '    value: .inf',
    (line) => new RegExp(`^briefs/karabakh-peacekeepers/brief\\.yaml:${line}:12 \\(facts\\[0\\]\\.value\\): error\\[load\\]: facts\\[0\\]\\.value: `),
  ),
  edited(
    'a template reaching for a constructor',
    'content.md.hbs',
    '## Background',
    '## Background\n\n{{meta.title.constructor.constructor}} x',
    (line) => new RegExp(`^briefs/karabakh-peacekeepers/content\\.md\\.hbs:${line + 2}:3: error\\[compose\\]: "constructor" is not defined`),
  ),
  edited(
    "a template reaching for a constructor's name",
    'content.md.hbs',
    '## Background',
    '## Background\n\n{{constructor.name}} x',
    (line) => new RegExp(`^briefs/karabakh-peacekeepers/content\\.md\\.hbs:${line + 2}:3: error\\[compose\\]: "name" is not defined`),
  ),
];

/** The user's cache only saves time: whatever stands where it should be, the build goes on without it. */
const CACHE_CASES: Case[] = ['/dev/null', '/etc/hostname', '/proc/self'].map((dir) => ({
  name: `BRIEFPRESS_CACHE_DIR=${dir}, which is no folder to write to`,
  env: { BRIEFPRESS_CACHE_DIR: dir },
  args: () => ['build', BRIEF, '-o', '-'],
  code: 0,
  message: /^built briefs\/karabakh-peacekeepers -> standard output \(2 pages/,
}));

describe('the project file is read as strictly as a brief', () => {
  it.each(cases(PROJECT_CASES))('%s', (_n, c) => runCase(c));
});

describe('every command refuses what it cannot use, by name, and writes nothing', () => {
  it.each(cases(COMMAND_CASES))('%s', (_n, c) => runCase(c));
});

describe('the theme, the brief and the template have the same guards', () => {
  it.each(cases(SAME_GUARDS))('%s', (_n, c) => runCase(c));
});

describe('a cache that cannot be written costs time, never the PDF', () => {
  it.each(cases(CACHE_CASES))('%s', (_n, c) => runCase(c));
});
