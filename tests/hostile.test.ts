// Hostile input: output paths, files, dates, links, options, locks, batches, layout, templates, watch.
// The frame (snapshot of every file, the exit code, the place) is in helpers/hostile.ts.
import { cpSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, truncateSync, utimesSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { until } from './helpers/wait.js';
import { CLI, runCli, runInProcess, type TempProject } from './helpers/project.js';
import { BRIEF, builtBase, cases, expectUntouched, fresh, link, mkfifo, paragraphCase, replace, replacedFileCases, runCase, snapshot, type Case } from './helpers/hostile.js';

builtBase();

const OUTPUT_CASES: Case[] = [
  ...['brief.yaml', 'content.md.hbs', 'sources/ap-2024-04-17.txt'].map((f) => ({
    name: `-o the brief's own ${f}`,
    args: () => ['build', BRIEF, '-o', `${BRIEF}/${f}`],
    code: 2,
    message: new RegExp(`^${BRIEF}/${f.replace(/\./g, '\\.')}: error\\[cli\\]: the PDF would land inside .*karabakh-peacekeepers, which holds what you wrote`),
  })),
  // The name must say what the file is: a PDF written as k.html opens in a browser as garbage.
  ...['k.html', 'out/k.HTML', 'k.txt', 'k.pdf.bak'].map((f) => ({
    name: `-o ${f}, a name that is not a PDF's`,
    args: () => ['build', BRIEF, '-o', f],
    code: 2,
    message: new RegExp(
      `^${f.replace(/\./g, '\\.')}: error\\[cli\\]: the output is named \\.\\w+ but briefpress writes a PDF here\\n  hint: name it ${f
        .replace(/^.*\//, '')
        .replace(/\.[^.]+$/, '')
        .replace(/\./g, '\\.')}\\.pdf`,
    ),
  })),
  { name: '-o a new file inside the brief folder', args: () => ['build', BRIEF, '-o', `${BRIEF}/k.pdf`], code: 2, message: /k\.pdf: error\[cli\]: the PDF would land inside/ },
  { name: '-o a shared chart spec', args: () => ['build', BRIEF, '-o', 'charts/troops.vl.json'], code: 2, message: /^charts\/troops\.vl\.json: error\[cli\]: the PDF would land inside .*charts/ },
  { name: '-o the theme', args: () => ['build', BRIEF, '-o', 'templates/theme.yaml'], code: 2, message: /^templates\/theme\.yaml: error\[cli\]: the PDF would land inside .*templates/ },
  {
    name: '-o a symlink that points at brief.yaml',
    args: (p) => {
      symlinkSync(join(p.brief, 'brief.yaml'), join(p.root, 'innocent.pdf'));
      return ['build', BRIEF, '-o', 'innocent.pdf'];
    },
    code: 2,
    message: /^innocent\.pdf: error\[cli\]: the PDF would land inside/,
  },
  {
    name: '-o a dangling symlink into the charts folder',
    args: (p) => {
      symlinkSync(join(p.root, 'charts', 'new.pdf'), join(p.root, 'dangling.pdf'));
      return ['build', BRIEF, '-o', 'dangling.pdf'];
    },
    code: 2,
    message: /^dangling\.pdf: error\[cli\]: the PDF would land inside .*charts/,
  },
  { name: '-o /dev/null', args: () => ['build', BRIEF, '-o', '/dev/null'], code: 2, message: /dev\/null: error\[cli\]: this is a device; briefpress never replaces it/ },
  { name: '-o /dev/stdout', args: () => ['build', BRIEF, '-o', '/dev/stdout'], code: 2, message: /dev\/stdout: error\[cli\]: this is a device/ },
  { name: '-o /proc/self/fd/1', args: () => ['build', BRIEF, '-o', '/proc/self/fd/1'], code: 2, message: /proc\/self\/fd\/1: error\[cli\]: this is a device/ },
  { name: '-o a folder', args: () => ['build', BRIEF, '-o', 'output'], code: 2, message: /^output: error\[cli\]: this is a folder/ },
  {
    name: '-o an existing file that is not a PDF',
    args: (p) => {
      writeFileSync(join(p.root, 'notes.txt'), 'my notes\n');
      return ['build', BRIEF, '-o', 'notes.txt'];
    },
    code: 2,
    message: /^notes\.txt: error\[cli\]: this file exists and is not a PDF; briefpress never overwrites a file it did not write/,
  },
  {
    name: 'chart -o its own spec',
    args: () => ['chart', 'charts/troops.vl.json', '-o', 'charts/troops.vl.json'],
    code: 2,
    message: /^charts\/troops\.vl\.json: error\[cli\]: this is one of the inputs/,
  },
  {
    name: 'chart -o a symlink to its spec',
    args: (p) => {
      symlinkSync(join(p.root, 'charts', 'troops.vl.json'), join(p.root, 't.pdf'));
      return ['chart', 'charts/troops.vl.json', '-o', 't.pdf'];
    },
    code: 2,
    message: /^t\.pdf: error\[cli\]: this is one of the inputs/,
  },
  { name: 'chart -o /dev/null', args: () => ['chart', 'charts/troops.vl.json', '-o', '/dev/null'], code: 2, message: /dev\/null: error\[cli\]: this is a device/ },
  {
    name: 'two briefs with the same folder name',
    args: (p) => {
      mkdirSync(join(p.root, 'elsewhere'), { recursive: true });
      cpSync(p.brief, join(p.root, 'elsewhere', 'karabakh-peacekeepers'), { recursive: true });
      return ['build', BRIEF, 'elsewhere/karabakh-peacekeepers'];
    },
    code: 2,
    message: /error\[cli\]: .*briefs\/karabakh-peacekeepers and .*elsewhere\/karabakh-peacekeepers would both be written to .*output\/karabakh-peacekeepers\.pdf/,
  },
  {
    name: '-o - with several briefs',
    args: (p) => {
      cpSync(p.brief, join(p.root, 'briefs', 'second'), { recursive: true });
      return ['build', '--all', '-o', '-'];
    },
    code: 2,
    message: /-o - writes one PDF to standard output/,
  },
  { name: 'watch -o -', args: () => ['watch', BRIEF, '-o', '-'], code: 2, message: /watch rebuilds on every save and cannot write to standard output/ },
];

const CONTENT_CASES: Case[] = [
  ...['javascript:alert(1)', 'file:///etc/passwd', 'JAVASCRIPT:void(0)', 'data:text/html,hi', 'launch.exe', '../../etc/passwd', 'ftp://example.org/x'].map((url) => {
    let line = 0;
    return {
      name: `a Markdown link to ${url}, named at its line in the template`,
      args: (p: TempProject) => {
        line = p.edit('content.md.hbs', '## Background', `## Background\n\nSee [the record](${url}).`) + 2;
        return ['build', BRIEF];
      },
      code: 2,
      message: () => new RegExp(`content\\.md\\.hbs:${line}:5: error\\[parse\\]: the link to ".*" would be live in the PDF, and only http\\(s\\) and mailto links may be`),
    };
  }),
  ((): Case => {
    let line = 0;
    return {
      name: 'an unknown directive, named at its line in the template',
      args: (p) => {
        line = p.edit('content.md.hbs', '## Timeline', ':::sidebar\nText\n:::\n\n## Timeline');
        return ['build', BRIEF];
      },
      code: 2,
      message: () => new RegExp(`content\\.md\\.hbs:${line}:1: error\\[parse\\]: unknown directive "sidebar"`),
    };
  })(),
  paragraphCase(
    'a name whose language is not a language tag',
    'The town :name[Şuşa]{lang="Azeri!"} stands above the road.',
    (line) => new RegExp(`content\\.md\\.hbs:${line}:10: error\\[parse\\]: :name\\[\\.\\.\\.\\]\\{lang="Azeri!"\\} is not a language tag`),
  ),
  {
    name: 'the log helper in a template',
    args: (p) => {
      p.edit('content.md.hbs', '## Background', '{{log "hello"}}\n\n## Background');
      return ['build', BRIEF];
    },
    code: 2,
    message: /content\.md\.hbs:\d+:\d+: error\[compose\]: unknown helper "log"/,
  },
];

const OPTION_CASES: Case[] = [
  { name: '--paper a5', args: () => ['build', BRIEF, '--paper', 'a5'], code: 2, message: /Invalid values:/ },
  { name: '--wait abc', args: () => ['build', BRIEF, '--wait', 'abc'], code: 2, message: /--wait takes a number of seconds, 0 or more/ },
  { name: '--wait -5', args: () => ['build', BRIEF, '--wait', '-5'], code: 2, message: /--wait takes a number of seconds/ },
  { name: '--jobs 0', args: () => ['build', BRIEF, '--jobs', '0'], code: 2, message: /--jobs takes a whole number, 1 or more/ },
  { name: '--jobs 1.5', args: () => ['build', BRIEF, '--jobs', '1.5'], code: 2, message: /--jobs takes a whole number/ },
  { name: '--standard pdfx', args: () => ['build', BRIEF, '--standard', 'pdfx'], code: 2, message: /Invalid values:/ },
];

/** A file of the brief replaced by something that is not a small regular file of the project. */
const FILE_CASES: Case[] = [
  ...replacedFileCases(
    [
      ['brief.yaml', 'a pipe', mkfifo, /brief\.yaml is a pipe, not a file/],
      ['content.md.hbs', 'a pipe', mkfifo, /content\.md\.hbs is a pipe, not a file/],
      ['sources/ap-2024-04-17.txt', 'a pipe', mkfifo, /brief\.yaml:\d+:\d+ \(sources\[0\]\.file\): error\[load\]: source file sources\/ap-2024-04-17\.txt is a pipe/],
      ['sources/ap-2024-04-17.txt', 'a link to /dev/zero', link('/dev/zero'), /\(sources\[0\]\.file\): error\[load\]: path "sources\/ap-2024-04-17\.txt" leads outside the brief folder/],
      ['sources/ap-2024-04-17.txt', 'a folder', (p: string) => mkdirSync(p), /source file sources\/ap-2024-04-17\.txt is a folder/],
      ['sources/ap-2024-04-17.txt', 'a link loop', (p: string) => symlinkSync(p, p), /is a loop of symbolic links/],
      ['sources/ap-2024-04-17.txt', 'a dangling link', link('/nonexistent/ap.txt'), /source file not found: sources\/ap-2024-04-17\.txt/],
      ['sources/ap-2024-04-17.txt', 'a 20 MB file', (p: string) => (writeFileSync(p, ''), truncateSync(p, 20 * 1024 * 1024)), /is 20\.0 MB; a source file may be at most 16 MB/],
      ['content.md.hbs', 'a link to /etc/passwd', link('/etc/passwd'), /content\.md\.hbs:?.*leads outside the project \(to \/etc\/passwd\)/],
    ] as const,
    'brief',
  ),
  {
    name: 'a partial is a link to a file outside the project',
    args: (p) => {
      replace(join(p.root, 'templates', 'partials', 'sources-list.md.hbs'), link('/etc/hostname'));
      return ['build', BRIEF];
    },
    code: 2,
    message: /template .*sources-list\.md\.hbs leads outside the project/,
  },
  {
    name: 'brief.yaml is a YAML alias bomb',
    args: (p) => {
      const bomb = [
        'a: &a ["x","x","x","x","x","x","x","x","x"]',
        ...'bcdefgh'.split('').map(
          (k, i) =>
            `${k}: &${k} [${Array(9)
              .fill('*' + 'abcdefgh'[i])
              .join(',')}]`,
        ),
      ].join('\n');
      writeFileSync(join(p.brief, 'brief.yaml'), bomb + '\n');
      return ['build', BRIEF];
    },
    code: 2,
    message: /brief\.yaml:2:\d+: error\[load\]: too many YAML aliases/,
  },
];

const DATE_CASES: Case[] = [
  {
    name: 'a brief dated 2024-02-31',
    args: (p) => {
      p.edit('brief.yaml', /date: 2024-04-17/, 'date: 2024-02-31');
      return ['build', BRIEF];
    },
    code: 2,
    message: /brief\.yaml:\d+:\d+ \(meta\.date\): error\[load\]: .*not a real calendar date/,
  },
  {
    name: 'a timeline event in month 13',
    args: (p) => {
      p.edit('brief.yaml', 'at: 2020-11-17', 'at: 2020-13');
      return ['build', BRIEF];
    },
    code: 2,
    message: /brief\.yaml:\d+:\d+ \(timeline\[0\]\.at\): error\[load\]: .*not a real calendar date/,
  },
  ...['abc', '-5', '99999999999999', '1.5'].map((v): Case => ({
    name: `SOURCE_DATE_EPOCH=${v}`,
    env: { SOURCE_DATE_EPOCH: v },
    args: () => ['build', BRIEF, '--force'],
    code: 2,
    message: /error\[cli\]: SOURCE_DATE_EPOCH=".*" is not a time a PDF can carry/,
  })),
  { name: 'init --date 2024-13-45', args: () => ['init', 'new-brief', '--date', '2024-13-45'], code: 2, message: /--date "2024-13-45" is not a day of the calendar/ },
  {
    name: 'init --from a pipe',
    args: (p) => {
      mkfifo(join(p.root, 'article.txt'));
      return ['init', 'new-brief', '--from', 'article.txt'];
    },
    code: 2,
    message: /article .*article\.txt is a pipe, not a file/,
  },
];

const CHART_CASES: Case[] = [
  {
    name: 'a chart whose data file is missing, named at the spec line of its url',
    args: (p) => {
      writeFileSync(join(p.root, 'mine.vl.json'), '{\n  "data": {"url": "data/missing.csv"},\n  "mark": "bar",\n  "encoding": {"x": {"field": "a", "type": "nominal"}}\n}\n');
      return ['chart', 'mine.vl.json', '-o', 'mine.pdf'];
    },
    code: 2,
    message: /^mine\.vl\.json:2:19: error\[chart\]: chart data file not found: data\/missing\.csv/,
  },
  {
    name: 'a chart whose data file is not in its format',
    args: (p) => {
      mkdirSync(join(p.root, 'data'));
      writeFileSync(join(p.root, 'data', 'rows.json'), 'a,b\nx,1\n');
      writeFileSync(join(p.root, 'mine.vl.json'), '{\n  "data": {"url": "data/rows.json"},\n  "mark": "bar",\n  "encoding": {"x": {"field": "a", "type": "nominal"}}\n}\n');
      return ['chart', 'mine.vl.json', '-o', 'mine.pdf'];
    },
    code: 2,
    message: /^mine\.vl\.json:2:19: error\[chart\]: chart data data\/rows\.json could not be read/,
  },
  {
    name: 'a chart whose data file is a pipe',
    args: (p) => {
      mkdirSync(join(p.root, 'data'));
      mkfifo(join(p.root, 'data', 'rows.csv'));
      writeFileSync(join(p.root, 'mine.vl.json'), '{\n  "data": {"url": "data/rows.csv"},\n  "mark": "bar",\n  "encoding": {"x": {"field": "a", "type": "nominal"}}\n}\n');
      return ['chart', 'mine.vl.json', '-o', 'mine.pdf'];
    },
    code: 2,
    message: /^mine\.vl\.json:2:19: error\[chart\]: chart data file data\/rows\.csv is a pipe/,
  },
];

describe('only regular files of the project, of a sane size, are read', () => {
  it.each(cases(FILE_CASES))('%s', (_name, c) => runCase(c));
});

describe('dates are real days', () => {
  it.each(cases(DATE_CASES))('%s', (_name, c) => runCase(c));

  it('drafts a brief from an article whose headline has an emoji, and it builds', async () => {
    const p = fresh();
    // Dated by its "Published" line: a draft never dates a source by the brief's --date.
    writeFileSync(join(p.root, 'article.txt'), 'Peacekeepers leave Karabakh 🕊️\n\nPublished 9:00 AM UTC, April 17, 2024\n\nBAKU, Azerbaijan (AP) — About 2,000 peacekeepers were deployed in 2020.\n');
    expect((await runInProcess(['init', 'dove', '--from', 'article.txt', '--date', '2024-04-17'], p.root)).code).toBe(0);
    const r = await runInProcess(['build', 'briefs/dove'], p.root);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(p.root, 'briefs')).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});

describe('a chart never prints without its data', () => {
  it.each(cases(CHART_CASES))('%s', (_name, c) => runCase(c));
});

describe('nothing a user wrote is lost or overwritten', () => {
  it.each(cases(OUTPUT_CASES))('%s', (_name, c) => runCase(c));
  it('-o with a name that says PDF in capitals, or says nothing, writes the PDF', async () => {
    const p = fresh();
    for (const name of ['K.PDF', 'latest']) {
      const r = await runInProcess(['build', BRIEF, '-o', name, '--force'], p.root);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(join(p.root, name)).subarray(0, 5).toString()).toBe('%PDF-');
    }
  });
  it('briefpress chart refuses -o chart.svg the same way', async () => {
    const r = await runInProcess([
      'chart',
      join(import.meta.dirname, 'gallery', 'bar.vl.json'),
      '-o',
      join(fresh().root, 'chart.svg'),
      '--data-dir',
      join(import.meta.dirname, '..', 'node_modules', 'vega-datasets'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/chart\.svg: error\[cli\]: the output is named \.svg but briefpress writes a PDF here/);
  });

  it('writes -o - to standard output and nothing to disk', () => {
    const p = fresh();
    const before = snapshot(p.root);
    const r = runCli(['build', BRIEF, '-o', '-'], p.root);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('%PDF-1.7')).toBe(true);
    expect(r.stderr).toMatch(/-> standard output \(2 pages/);
    expectUntouched(before, p.root);
  });

  it('writes through a symlink to an earlier PDF, and the link stays a link', async () => {
    const p = fresh();
    mkdirSync(join(p.root, 'published'));
    writeFileSync(join(p.root, 'published', 'k.pdf'), '%PDF-1.7 an earlier brief');
    symlinkSync(join(p.root, 'published', 'k.pdf'), join(p.root, 'latest.pdf'));
    const r = await runInProcess(['build', BRIEF, '-o', 'latest.pdf'], p.root);
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(join(p.root, 'latest.pdf')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(p.root, 'published', 'k.pdf')).length).toBeGreaterThan(10_000);
    // Beside the target: the PDF and the manifest that lets the next run skip it; no temp, no lock.
    expect(readdirSync(join(p.root, 'published')).sort()).toEqual(['.briefpress-manifest.json', 'k.editions', 'k.pdf']);
  });
});

describe('no active content in the PDF', () => {
  it.each(cases(CONTENT_CASES))('%s', (_name, c) => runCase(c));

  it('keeps https and mailto links live', async () => {
    const p = fresh();
    p.edit('content.md.hbs', '## Background', '## Background\n\nSee [the report](https://apnews.com/) or [write to us](mailto:desk@example.org).');
    const r = await runInProcess(['build', BRIEF, '-o', 'out.pdf'], p.root);
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('options are validated, never NaN or a thousand threads', () => {
  it.each(cases(OPTION_CASES))('%s', (_name, c) => runCase(c));
});

describe('one bad brief never stops the batch', () => {
  it.each([
    ['a dangling link', (dir: string) => symlinkSync('/nonexistent/source.txt', join(dir, 'sources', 'ap-2024-04-17.txt'))],
    ['a link loop', (dir: string) => symlinkSync(join(dir, 'sources', 'ap-2024-04-17.txt'), join(dir, 'sources', 'ap-2024-04-17.txt'))],
    ['a linked folder pointing at its parent', (dir: string) => symlinkSync(dir, join(dir, 'sources', 'again'))],
  ] as const)('with %s in one brief, --all still builds the others', async (_what, breakIt) => {
    const p = fresh();
    const bad = join(p.root, 'briefs', 'broken');
    cpSync(p.brief, bad, { recursive: true });
    if (!_what.startsWith('a linked folder')) rmSync(join(bad, 'sources', 'ap-2024-04-17.txt'));
    breakIt(bad);
    const r = await runInProcess(['build', '--all', '--force', '--json'], p.root);
    const report = JSON.parse(r.stdout) as { briefs: { brief: string; status: string; error?: string }[] };
    const byName = Object.fromEntries(report.briefs.map((b) => [b.brief.split('/').pop(), b]));
    expect(byName['karabakh-peacekeepers'].status).toBe('built');
    if (_what.startsWith('a linked folder')) {
      // A link to its own folder is never entered: the brief builds, and the hasher does not loop.
      expect(byName.broken.status).toBe('built');
      expect(r.code).toBe(0);
    } else {
      expect(byName.broken.status).toBe('failed');
      expect(byName.broken.error).toMatch(/brief\.yaml:\d+:\d+ \(sources\[0\]\.file\): error\[load\]: .*(not found|loop)/);
      expect(r.code).toBe(1);
    }
    expect(r.stderr).not.toMatch(/internal error/);
  });
});

describe('locks that cannot block cron forever', () => {
  const lockPath = (p: TempProject) => join(p.root, 'output', '.briefpress.lock');
  const old = (path: string, seconds: number) => {
    const t = new Date(Date.now() - seconds * 1000);
    utimesSync(path, t, t);
  };
  const build = (p: TempProject, extra: string[] = []) => runInProcess(['build', BRIEF, '--force', ...extra], p.root);

  it.each([
    ['empty', (path: string) => (writeFileSync(path, ''), old(path, 5))],
    ['not JSON', (path: string) => (writeFileSync(path, 'garbage {'), old(path, 5))],
    ['naming pid 1 from before it started', (path: string) => writeFileSync(path, JSON.stringify({ pid: 1, host: hostname(), started: '1970-01-02T00:00:00Z' }))],
    ['from before a reboot', (path: string) => writeFileSync(path, JSON.stringify({ pid: 1, host: hostname(), started: new Date().toISOString(), boot: '00000000-not-this-boot' }))],
    ['from another host, not refreshed for 20 minutes', (path: string) => (writeFileSync(path, JSON.stringify({ pid: 4242, host: 'pod-7', started: '2026-01-01T00:00:00Z' })), old(path, 1200))],
  ] as const)('takes over a lock file that is %s, and says so', async (_what, make) => {
    const p = fresh();
    make(lockPath(p));
    const r = await build(p);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\.briefpress\.lock: warning\[cli\]: took over the lock .*\.briefpress\.lock: /);
    expect(existsSync(lockPath(p))).toBe(false);
  });

  it('takes over a lock held by a zombie (killed, not yet reaped)', async () => {
    // sleep 30 never waits for its child: once the child exits it stays a zombie.
    const parent = spawn('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 30']);
    const zombie = Number((await new Promise<Buffer>((r) => parent.stdout.once('data', r))).toString().trim());
    try {
      await new Promise((r) => setTimeout(r, 400));
      expect(readFileSync(`/proc/${zombie}/stat`, 'utf8')).toMatch(/\) Z /);
      const p = fresh();
      writeFileSync(lockPath(p), JSON.stringify({ pid: zombie, host: hostname(), started: new Date().toISOString() }));
      const r = await build(p);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(new RegExp(`its run \\(pid ${zombie}\\) is gone`));
    } finally {
      parent.kill();
    }
  });

  it('waits for a lock another host keeps fresh, then exits 75', async () => {
    const p = fresh();
    writeFileSync(lockPath(p), JSON.stringify({ pid: 4242, host: 'pod-7', started: new Date().toISOString() }));
    const r = await build(p, ['--wait', '1']);
    expect(r.code).toBe(75);
    expect(existsSync(lockPath(p))).toBe(true);
  });

  it('releases the lock on SIGTERM', async () => {
    const p = fresh();
    for (let i = 0; i < 6; i++) cpSync(p.brief, join(p.root, 'briefs', `copy-${i}`), { recursive: true });
    const child = spawn(process.execPath, [CLI, 'build', '--all', '--force', '--jobs', '1'], { cwd: p.root });
    const deadline = Date.now() + 20_000;
    while (!existsSync(lockPath(p)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(lockPath(p))).toBe(true);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(143);
    expect(existsSync(lockPath(p))).toBe(false);
    expect(readdirSync(join(p.root, 'output')).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('locks each shard of a batch apart, so pods sharing one output folder never wait on each other', async () => {
    const p = fresh();
    writeFileSync(lockPath(p), JSON.stringify({ pid: 4242, host: 'pod-7', started: new Date().toISOString() }));
    const r = await runInProcess(['build', '--all', '--force', '--shard', '1/1', '--wait', '0'], p.root);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(p.root, 'output', '.briefpress-manifest.shard-1-of-1.json'))).toBe(true);
  });
});

describe('a brief that exhausts its budget fails alone; the batch builds the rest and exits 1', () => {
  const RUSAGE = join(import.meta.dirname, '..', 'dist', 'bench', 'rusage.js');
  /** A copy of the Karabakh brief whose troops chart is replaced by `spec`, in its own folder. */
  const badBrief = (p: TempProject, spec: object) => {
    const bad = join(p.root, 'briefs', 'bad');
    cpSync(p.brief, bad, { recursive: true });
    mkdirSync(join(bad, 'charts'));
    writeFileSync(join(bad, 'charts', 'troops.vl.json'), JSON.stringify(spec));
  };
  const run = (p: TempProject, extra: string[]) => {
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['--import', RUSAGE, CLI, 'build', '--all', '--force', '--json', ...extra], { cwd: p.root, encoding: 'utf8', timeout: 120_000 });
    const report = JSON.parse(r.stdout) as { briefs: { brief: string; status: string; error?: string }[] };
    const status = Object.fromEntries(report.briefs.map((b) => [b.brief.split('/').pop(), b]));
    return { code: r.status, status, ms: Date.now() - t0, rssMb: Number(/BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1]) / 1024 };
  };

  it('a chart expression that never ends (a catastrophic regular expression) is stopped at --brief-timeout', () => {
    const p = fresh();
    badBrief(p, {
      data: { values: [{ s: 'a'.repeat(40) + '!' }] },
      transform: [{ filter: 'test(/(a+)+$/, datum.s)' }],
      mark: 'point',
      encoding: { x: { field: 's', type: 'nominal' } },
    });
    const r = run(p, ['--brief-timeout', '5']);
    expect(r.status.bad.status).toBe('failed');
    expect(r.status.bad.error).toMatch(/briefs\/bad: error\[cli\]: the brief took longer than its 5 s budget and was stopped/);
    expect(r.status['karabakh-peacekeepers'].status).toBe('built');
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(60_000);
  });

  it('chart strings that outgrow --brief-memory are stopped, and the process stays under 1 GiB', () => {
    const p = fresh();
    badBrief(p, {
      data: { sequence: { start: 0, stop: 900_000, as: 'x' } },
      transform: [{ calculate: "pad('' + datum.x, 5000)", as: 's' }],
      mark: 'tick',
      encoding: { x: { field: 'x', type: 'quantitative' } },
    });
    const r = run(p, ['--brief-memory', '256']);
    expect(r.status.bad.status).toBe('failed');
    expect(r.status.bad.error).toMatch(/needed more than its 256 MB of memory and was stopped/);
    expect(r.status['karabakh-peacekeepers'].status).toBe('built');
    expect(r.code).toBe(1);
    expect(r.rssMb).toBeLessThan(1024);
  });

  it('chart data of fifty million rows is refused at its line before it is made', () => {
    const p = fresh();
    badBrief(p, { data: { sequence: { start: 0, stop: 50_000_000, as: 'x' } }, mark: 'tick', encoding: { x: { field: 'x', type: 'quantitative' } } });
    const r = run(p, []);
    expect(r.status.bad.error).toMatch(/briefs\/bad\/charts\/troops\.vl\.json:1:\d+: error\[chart\]: the chart asks for too much: a sequence from 0 to 50000000 by 1 makes 50,000,000 rows/);
    expect(r.status['karabakh-peacekeepers'].status).toBe('built');
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(30_000);
  });
});

describe('layout never runs off the page, and never overflows the stack', () => {
  const append = (p: TempProject, text: string) => {
    writeFileSync(join(p.brief, 'content.md.hbs'), readFileSync(join(p.brief, 'content.md.hbs'), 'utf8') + '\n\n' + text + '\n');
  };
  const lines = (p: TempProject) => readFileSync(join(p.brief, 'content.md.hbs'), 'utf8').split('\n').length;

  it.each([
    [
      'lists nested 50 deep',
      (p: TempProject) => append(p, Array.from({ length: 50 }, (_, i) => '  '.repeat(i) + `- level ${i}`).join('\n')),
      (n: number) => new RegExp(`content\\.md\\.hbs:${n - 50 + 8}:\\d+: error\\[parse\\]: lists, quotes or boxes nested 9 levels deep; briefpress sets at most 8`),
    ],
    [
      '5,000 nested block quotes',
      (p: TempProject) => append(p, '>'.repeat(5000) + ' deep'),
      () => /content\.md\.hbs(:\d+:\d+)?: error\[parse\]: lists, quotes or boxes nested (9 levels deep|too deep)/,
    ],
    [
      'a table of 200 columns',
      (p: TempProject) =>
        append(
          p,
          ['|' + Array.from({ length: 200 }, (_, i) => `c${i}`).join('|') + '|', '|' + Array(200).fill('-').join('|') + '|', '|' + Array.from({ length: 200 }, (_, i) => `v${i}`).join('|') + '|'].join(
            '\n',
          ),
        ),
      () => /error\[layout\]: a table of 200 columns cannot be set on this page: at most \d+ fit its width \(the table headed “c0 \| c1 \| c2 \| …”\)/,
    ],
  ] as const)('%s is refused at its place', async (_what, make, message) => {
    let n = 0;
    await runCase({
      name: _what,
      args: (p) => {
        make(p);
        n = lines(p);
        return ['build', BRIEF];
      },
      code: 2,
      message: () => message(n),
    });
  });

  it('breaks an unbreakable 5,000-character word between letters, inside the margins', async () => {
    const p = fresh();
    append(p, 'x'.repeat(5000));
    const r = await runInProcess(['build', BRIEF, '-o', 'long.pdf'], p.root);
    expect(r.code, r.stderr).toBe(0);
    const { preflight } = await import('../src/preflight/preflight.js');
    const report = await preflight(readFileSync(join(p.root, 'long.pdf')));
    expect(report.checks.filter((c) => c.failures.length)).toEqual([]);
  });
});

describe('templates cannot explode', () => {
  it.each([
    [
      'inline partials that call each other twice per level, 40 levels',
      () => Array.from({ length: 40 }, (_, i) => `{{#*inline "p${i}"}}{{> p${i + 1}}}{{> p${i + 1}}}{{/inline}}`).join('') + '{{#*inline "p40"}}x{{/inline}}{{> p0}}',
      /content\.md\.hbs(:\d+:\d+)?: error\[compose\]: the template does more than 100,000 partial calls and loop steps/,
    ],
    [
      '{{#each}} nested eight deep over the timeline',
      () => '{{#each @root.timeline}}'.repeat(8) + 'x' + '{{/each}}'.repeat(8),
      /content\.md\.hbs:\d+:\d+: error\[compose\]: the template does more than 100,000 partial calls and loop steps/,
    ],
  ] as const)('%s stops at once with a message', async (_what, text, message) => {
    const t0 = Date.now();
    await runCase({
      name: _what,
      args: (p) => {
        writeFileSync(join(p.brief, 'content.md.hbs'), readFileSync(join(p.brief, 'content.md.hbs'), 'utf8') + '\n' + text() + '\n');
        return ['build', BRIEF];
      },
      code: 2,
      message,
    });
    expect(Date.now() - t0).toBeLessThan(15_000);
  });
});

describe('watch survives what it watches', () => {
  it('keeps watching through dangling links and link loops appearing, and stops cleanly', async () => {
    const p = fresh();
    const child = spawn(process.execPath, [CLI, 'watch', BRIEF], { cwd: p.root });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    await until(
      () => /rebuilt|up to date/.test(out),
      'watch building the brief first',
      20_000,
      () => out + err,
    );
    symlinkSync('/nonexistent/file', join(p.brief, 'sources', 'dangling.txt'));
    mkdirSync(join(p.brief, 'notes'));
    symlinkSync(join(p.brief, 'notes', 'loop'), join(p.brief, 'notes', 'loop'));
    await new Promise((r) => setTimeout(r, 1500));
    expect(child.exitCode).toBe(null);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(0);
    expect(err).not.toMatch(/internal error|\n\s+at .+:\d+:\d+\)?\n/);
  });
});
