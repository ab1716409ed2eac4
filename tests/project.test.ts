// A project is any folder briefpress.yaml marks: init makes one, build finds it from the brief, and
// briefpress's own templates, theme and charts serve where the project has none of its own.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { msg } from '../src/messages.js';
import { readPdf } from './helpers/pdf.js';
import { runInProcess } from './helpers/project.js';

const emptyFolder = () => realpathSync(mkdtempSync(join(tmpdir(), 'briefpress-desk-')));

/** `briefpress init NAME` in `cwd`, and the build command it printed, as words. */
async function init(cwd: string, name: string, ...more: string[]): Promise<string[]> {
  const r = await runInProcess(['init', name, ...more], cwd);
  expect(r.code, r.stderr).toBe(0);
  const printed = /build it with briefpress (build \S+)$/m.exec(r.stdout);
  expect(printed, r.stdout).not.toBeNull();
  return printed![1].split(' ');
}

describe('a project is any folder', () => {
  it('init in an empty folder makes a project whose brief builds with exactly the command init prints', async () => {
    const desk = emptyFolder();
    const build = await init(desk, 'coup');
    expect(readFileSync(join(desk, 'briefpress.yaml'), 'utf8')).toMatch(/^version: 1$/m);
    // Nothing of briefpress's own is copied: the project holds only what the analyst writes.
    expect(existsSync(join(desk, 'templates'))).toBe(false);
    const r = await runInProcess(build, desk);
    expect(r.code, r.stderr).toBe(0);
    const pdf = join(desk, 'output', 'coup.pdf');
    const doc = await readPdf(readFileSync(pdf));
    expect(doc.pages[0].text).toContain('DRAFT');
    expect(doc.pages[0].text).toContain('UNCLASSIFIED');
    const pre = await runInProcess(['preflight', pdf], desk);
    expect(pre.code, pre.stdout + pre.stderr).toBe(0);
  });

  it('finds the project from a brief anywhere below it, and from any working directory', async () => {
    const desk = emptyFolder();
    await init(desk, 'coup');
    mkdirSync(join(desk, 'elsewhere'));
    const r = await runInProcess(['build', join(desk, 'briefs', 'coup'), '--verbose'], join(desk, 'elsewhere'));
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(desk, 'output', 'coup.pdf'))).toBe(true);
    expect(r.stderr).toContain(`project ${desk} (its briefpress.yaml)`);
    // Which templates served, and from where: briefpress's own, named as such.
    expect(r.stderr).toMatch(/template from briefpress's templates\/policy-brief\.md\.hbs \(/);
    expect(r.stderr).toMatch(/theme from briefpress's templates\/theme\.yaml/);
  });

  it("a project's own file of the same name takes the place of briefpress's", async () => {
    const desk = emptyFolder();
    const build = await init(desk, 'coup');
    mkdirSync(join(desk, 'templates', 'partials'), { recursive: true });
    writeFileSync(join(desk, 'templates', 'partials', 'sources-list.md.hbs'), '## Our own sources list\n\n{{#each sources}}{{number}}. {{publisher}}\n{{/each}}\n');
    const r = await runInProcess([...build, '--verbose'], desk);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`template from ${join(desk, 'templates', 'partials', 'sources-list.md.hbs')}`);
    const doc = await readPdf(readFileSync(join(desk, 'output', 'coup.pdf')));
    expect(doc.pages.map((p) => p.text).join('\n')).toContain('Our own sources list');
  });

  it('init --templates copies the defaults to edit, and never replaces a file the project has', async () => {
    const desk = emptyFolder();
    await init(desk, 'coup');
    const theme = join(desk, 'templates', 'theme.yaml');
    mkdirSync(join(desk, 'templates'));
    writeFileSync(theme, '# my theme, not yet written\n');
    const r = await runInProcess(['init', '--templates'], desk);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(theme, 'utf8')).toBe('# my theme, not yet written\n');
    expect(existsSync(join(desk, 'templates', 'policy-brief.md.hbs'))).toBe(true);
    expect(existsSync(join(desk, 'templates', 'partials', 'figure.md.hbs'))).toBe(true);
    expect(existsSync(join(desk, 'charts', 'troops.vl.json'))).toBe(true);
    expect(r.stdout).toMatch(/1 already there kept as they are \(templates\/theme\.yaml\)/);
  });

  it('briefpress.yaml sets the defaults of a build; the command line wins', async () => {
    const desk = emptyFolder();
    const build = await init(desk, 'coup');
    const file = join(desk, 'briefpress.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace(/^paper: a4/m, 'paper: letter')
        .replace(/^output: output/m, 'output: pdf'),
    );
    expect((await runInProcess(build, desk)).code).toBe(0);
    const letter = await readPdf(readFileSync(join(desk, 'pdf', 'coup.pdf')));
    expect(Math.round(letter.pages[0].width)).toBe(612);
    expect((await runInProcess([...build, '--paper', 'a4', '--force'], desk)).code).toBe(0);
    const a4 = await readPdf(readFileSync(join(desk, 'pdf', 'coup.pdf')));
    expect(Math.round(a4.pages[0].width)).toBe(595);
  });

  it('a mistake in briefpress.yaml is refused at its line', async () => {
    const desk = emptyFolder();
    const build = await init(desk, 'coup');
    writeFileSync(join(desk, 'briefpress.yaml'), 'version: 1\npaper: a5\n');
    const r = await runInProcess(build, desk);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^briefpress\.yaml:2:8 \(paper\): error\[load\]: paper: .*"a4".*"letter".*\n  hint: /m);
  });

  it('without briefpress.yaml above it a brief builds only to a file named with -o, and its folder is never the root', async () => {
    const desk = emptyFolder();
    await init(desk, 'coup');
    // A brief folder carried out of its project, with a templates/ of its own (the old way to mark a root).
    const other = emptyFolder();
    const moved = join(other, 'coup');
    mkdirSync(moved);
    for (const f of ['brief.yaml', 'content.md.hbs']) writeFileSync(join(moved, f), readFileSync(join(desk, 'briefs', 'coup', f)));
    mkdirSync(join(moved, 'sources'));
    writeFileSync(join(moved, 'sources', 'notes.txt'), readFileSync(join(desk, 'briefs', 'coup', 'sources', 'notes.txt')));
    mkdirSync(join(moved, 'templates'));
    const refused = await runInProcess(['build', 'coup'], other);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`coup: error[cli]: ${msg.noProjectRoot(moved)}`);
    expect(existsSync(join(moved, 'output'))).toBe(false);
    const built = await runInProcess(['build', 'coup', '-o', 'coup.pdf'], other);
    expect(built.code, built.stderr).toBe(0);
    expect(existsSync(join(other, 'coup.pdf'))).toBe(true);
  });
});

describe('hints name only what the user has', () => {
  it("no message or hint names a file of briefpress's source", () => {
    for (const [name, f] of Object.entries(msg)) {
      // The text of each message as written, with whatever it is given left as names.
      expect(String(f), name).not.toMatch(/\bsrc\/|[a-z]\.ts\b|\bdist\/|node_modules/);
    }
  });
});

describe('the schemas editors read', () => {
  it('schema/*.json are what briefpress schema writes (init copies them into every project)', async () => {
    const { briefJsonSchema } = await import('../src/load/schema.js');
    const { themeJsonSchema } = await import('../src/load/theme.js');
    const { ROOT } = await import('./helpers/project.js');
    expect(JSON.parse(readFileSync(join(ROOT, 'schema', 'brief.schema.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(briefJsonSchema())));
    expect(JSON.parse(readFileSync(join(ROOT, 'schema', 'theme.schema.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(themeJsonSchema())));
  });
});

describe('build --all over a briefs folder with links to briefs since removed', () => {
  it('names each dangling link or link loop as a failed brief, by path, and builds the others', async () => {
    const desk = emptyFolder();
    await init(desk, 'a');
    symlinkSync(join(desk, 'nowhere'), join(desk, 'briefs', 'gone'));
    symlinkSync('loop1', join(desk, 'briefs', 'loop2'));
    symlinkSync('loop2', join(desk, 'briefs', 'loop1'));
    const r = await runInProcess(['build', '--all'], desk);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/internal error/);
    for (const n of ['gone', 'loop1', 'loop2']) expect(r.stderr).toContain(`briefs/${n}: error[load]: no brief folder at ${join(desk, 'briefs', n)}`);
    expect(existsSync(join(desk, 'output', 'a.pdf'))).toBe(true);
    expect(r.stdout).toMatch(/1 built, 0 skipped, 3 failed/);
  });
});

describe("briefpress's own folder lends a project its charts/, nothing else", () => {
  it('a spec named by a path into the package outside charts/ is not found there', async () => {
    const { KARABAKH } = await import('./helpers/project.js');
    const desk = emptyFolder();
    await init(desk, 'coup');
    const brief = join(desk, 'briefs', 'karabakh');
    cpSync(KARABAKH, brief, { recursive: true });
    // Found in briefpress's charts/ when the project has none of its own.
    expect((await runInProcess(['check', brief], desk)).code).toBe(0);
    const file = join(brief, 'brief.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('spec: charts/troops.vl.json', 'spec: package.json'));
    const r = await runInProcess(['check', brief], desk);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/brief\.yaml:\d+:\d+ \(charts\[0\]\.spec\): error\[load\]: chart spec not found: package\.json/);
  });
});
