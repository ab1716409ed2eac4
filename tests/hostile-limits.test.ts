// Hostile input, second half: what a chart, an image, a template or an option may ask of the
// machine, and the faults around a build (a deleted folder, a full disk). Same frame as hostile.test.ts.
import { chmodSync, cpSync, mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli, type TempProject } from './helpers/project.js';
import { BRIEF, builtBase, cases, fresh, mkfifo, paragraphCase, replacedFileCases, runCase, underLimit, type Case } from './helpers/hostile.js';

builtBase();

const IMAGES = join(ROOT, 'node_modules', 'vega-datasets', 'data');

/** A spec written as the user wrote it, line by line, so the expected place is a real line. */
const specFile = (p: TempProject, lines: string[], name = 'mine.vl.json') => {
  writeFileSync(join(p.root, name), lines.join('\n') + '\n');
  return name;
};
const chartOf =
  (lines: string[], code: number, message: RegExp, extra: string[] = []) =>
  (name: string): Case => ({
    name,
    args: (p) => ['chart', specFile(p, lines), '-o', 'mine.pdf', ...extra],
    code,
    message,
  });
const vegaLite = (data: string, rest: string[] = []) => ['{', `  "data": ${data},`, ...rest, '  "mark": "tick",', '  "encoding": {"x": {"field": "x", "type": "quantitative"}}', '}'];
const TOO_MUCH = 'error\\[chart\\]: the chart asks for too much: ';

const LIMIT_CASES: Case[] = [
  chartOf(
    vegaLite('{"sequence": {"start": 0, "stop": 1e9, "as": "x"}}'),
    2,
    new RegExp(`^mine\\.vl\\.json:2:12: ${TOO_MUCH}a sequence from 0 to 1000000000 by 1 makes 1,000,000,000 rows; a chart may have at most 1,000,000`),
  )('a sequence of a billion rows'),
  chartOf(
    vegaLite('{"sequence": {"start": 0, "stop": 10, "step": 0, "as": "x"}}'),
    2,
    new RegExp(`^mine\\.vl\\.json:2:12: ${TOO_MUCH}a sequence from 0 to 10 by 0 makes endless rows`),
  )('a sequence that never steps'),
  chartOf(
    vegaLite('{"sequence": {"start": 0, "stop": -1e8, "step": -1, "as": "x"}}'),
    2,
    new RegExp(`^mine\\.vl\\.json:2:12: ${TOO_MUCH}a sequence from 0 to -100000000 by -1 makes 100,000,000 rows`),
  )('a sequence counting down a hundred million'),
  chartOf(
    vegaLite('{"values": [{"a": 1}]}', ['  "transform": [{"calculate": "sequence(0, 1e9)", "as": "x"}],']),
    2,
    new RegExp(`^mine\\.vl\\.json:3:32: ${TOO_MUCH}sequence\\(\\) of 1,000,000,000 numbers`),
  )('sequence() of a billion in an expression'),
  chartOf(
    vegaLite('{"values": [{"a": 1}]}', ['  "transform": [{"calculate": "length(sequence(1e10))", "as": "x"}],']),
    2,
    new RegExp(`^mine\\.vl\\.json:3:39: ${TOO_MUCH}sequence\\(\\) of 10,000,000,000 numbers`),
  )('sequence() with one argument of ten billion'),
  chartOf(
    vegaLite('{"values": [{"a": 1}]}', ['  "transform": [{"calculate": "length(pad(\'x\', 1e9))", "as": "x"}],']),
    2,
    new RegExp(`^mine\\.vl\\.json:3:39: ${TOO_MUCH}pad\\(\\) to 1,000,000,000 characters; an expression may build at most 100,000`),
  )('pad() to a billion characters'),
  chartOf(
    [
      '{',
      '  "$schema": "https://vega.github.io/schema/vega/v5.json",',
      '  "data": [{"name": "t", "transform": [',
      '    {"type": "sequence", "start": 0, "stop": 5000},',
      '    {"type": "cross"}',
      '  ]}],',
      '  "marks": []',
      '}',
    ],
    2,
    new RegExp(`^mine\\.vl\\.json:5:14: ${TOO_MUCH}a cross product of 5,000 rows with themselves makes 25,000,000`),
  )('a cross product of 5,000 rows (Vega)'),
  chartOf(
    ['{', '  "$schema": "https://vega.github.io/schema/vega/v5.json",', '  "data": [{"name": "t", "transform": [{"type": "sequence", "start": 0, "stop": 2e9}]}],', '  "marks": []', '}'],
    2,
    new RegExp(`^mine\\.vl\\.json:3:49: ${TOO_MUCH}a sequence from 0 to 2000000000`),
  )('a sequence transform of two billion (Vega)'),
  chartOf(
    vegaLite('{"values": [{"x": 1}]}', ['  "width": 1000000,']),
    2,
    new RegExp(`^mine\\.vl\\.json:3:3: ${TOO_MUCH}a width of 1,000,000 points; a chart may be at most 14,400 \\(the largest page a PDF can have\\)`),
  )('a width of a million points'),
  chartOf(vegaLite('{"values": [{"x": 1}]}', ['  "height": 5e7,']), 2, new RegExp(`^mine\\.vl\\.json:3:3: ${TOO_MUCH}a height of 50,000,000 points`))('a height of fifty million points'),
  chartOf(
    ['{', '  "$schema": "https://vega.github.io/schema/vega/v5.json",', '  "width": 99999999,', '  "marks": []', '}'],
    2,
    new RegExp(`^mine\\.vl\\.json:3:3: ${TOO_MUCH}a width of 99,999,999 points`),
  )('a Vega canvas of a hundred million points'),
  chartOf(
    [
      '{',
      '  "data": {"sequence": {"start": 0, "stop": 2000, "as": "x"}},',
      '  "mark": "bar",',
      '  "encoding": {"x": {"field": "x", "type": "nominal"}, "y": {"field": "x", "type": "quantitative"}}',
      '}',
    ],
    2,
    new RegExp(`^mine\\.vl\\.json: ${TOO_MUCH}the chart comes out [\\d,]+ points in width; a chart may be at most 14,400`),
  )('two thousand bars of one step each: a chart wider than any page'),
  chartOf(vegaLite('{"sequence": {"start": 0, "stop": 150000, "as": "x"}}'), 2, new RegExp(`^mine\\.vl\\.json:3:3: ${TOO_MUCH}the chart draws more than 100,000 marks`))('150,000 tick marks'),
  chartOf(
    vegaLite('{"sequence": {"start": 0, "stop": 600000, "as": "x"}}', ['  "transform": [{"calculate": "datum.x", "as": "y"}, {"fold": ["x", "y"]}],']),
    2,
    new RegExp(`^mine\\.vl\\.json:2:3: ${TOO_MUCH}a dataset of 1,200,000 rows; a chart may have at most 1,000,000`),
  )('a fold that doubles 600,000 rows'),
  chartOf(
    vegaLite('{"values": [{"x": 1}, {"x": 2}]}', ['  "transform": [{"density": "x", "steps": 1e8}],']),
    2,
    new RegExp(`^mine\\.vl\\.json:3:34: ${TOO_MUCH}a density of 100,000,000 steps`),
  )('a density estimate of a hundred million steps'),
  chartOf(
    [
      '{',
      '  "$schema": "https://vega.github.io/schema/vega/v5.json",',
      '  "data": [{"name": "t", "values": [{"x": 1, "y": 2}], "transform": [',
      '    {"type": "kde2d", "x": {"expr": "datum.x"}, "y": {"expr": "datum.y"}, "size": [100000, 100000]}',
      '  ]}],',
      '  "marks": []',
      '}',
    ],
    2,
    new RegExp(`^mine\\.vl\\.json:4:75: ${TOO_MUCH}a density grid of 10,000,000,000 cells`),
  )('a 2-D density grid of ten billion cells'),
];

/** A CSV of `rows` rows (x, y) beside the specs, to draw charts from a file. */
const points = (p: TempProject, rows: number) => {
  const lines = ['x,y'];
  for (let i = 0; i < rows; i++) lines.push(`${i},${(i * 7919) % 1000}`);
  writeFileSync(join(p.root, 'points.csv'), lines.join('\n') + '\n');
};
const pointsChart =
  (rows: number, extra: string[] = [], y = '"y": {"field": "y", "type": "quantitative"}') =>
  (p: TempProject) => {
    points(p, rows);
    return [
      'chart',
      specFile(p, ['{', '  "data": {"url": "points.csv"},', ...extra, '  "mark": "point",', `  "encoding": {"x": {"field": "x", "type": "quantitative"}, ${y}}`, '}']),
      '-o',
      'mine.pdf',
    ];
  };

/** Charts of more marks than print can show, refused before they are drawn (issue 22: a million points took 50 s and 993 MB). */
const MARK_CASES: Case[] = [
  {
    // Predicted from the file's lines as it is read: Vega never parses, filters or draws a row.
    name: 'a million rows of a CSV drawn as points, refused as the file is read',
    args: pointsChart(1_000_000),
    code: 2,
    message: new RegExp(`^mine\\.vl\\.json:2:19: ${TOO_MUCH}the chart draws a mark for each of the 1,000,000 rows of points\\.csv; more than 100,000 marks`),
  },
  {
    name: 'a hundred thousand and one rows drawn as points, one over the limit',
    args: pointsChart(100_001),
    code: 2,
    message: new RegExp(`^mine\\.vl\\.json:2:19: ${TOO_MUCH}the chart draws a mark for each of the 100,001 rows of points\\.csv`),
  },
  {
    // A filter of the user's may leave few rows: counted as the marks are joined, before they are made.
    name: 'half a million points left by a filter, refused as the marks are joined',
    // Its own process: Vega holds the million rows for a while, and the budget measures the whole process.
    run: runCli,
    args: pointsChart(1_000_000, ['  "transform": [{"filter": "datum.y < 500"}],']),
    code: 2,
    message: new RegExp(`^mine\\.vl\\.json:\\d+:\\d+: ${TOO_MUCH}the chart draws more than 100,000 marks, more than any printed figure can show`),
  },
  {
    name: 'a million rows averaged by a field with a million values',
    // Its own process: Vega holds the million rows for a while, and the budget measures the whole process.
    run: runCli,
    args: pointsChart(1_000_000, [], '"y": {"aggregate": "mean", "field": "y", "type": "quantitative"}'),
    code: 2,
    message: new RegExp(`^mine\\.vl\\.json:\\d+:\\d+: ${TOO_MUCH}the chart draws more than 100,000 marks`),
  },
];

const SPEC_CASES: Case[] = [
  ...['null', '[]', '42', '"a chart"', 'true'].map((json) =>
    chartOf(
      [json],
      2,
      new RegExp(`^mine\\.vl\\.json:1:1: error\\[chart\\]: a chart spec is a JSON object \\(\\{"mark": \\.\\.\\., "encoding": \\.\\.\\.\\}\\), not (null|a list|number|string|boolean)`),
    )(`${json} as a chart spec`),
  ),
  ((): Case => ({
    name: 'null as the spec of a chart in a brief',
    args: (p) => {
      writeFileSync(join(p.root, 'charts', 'troops.vl.json'), 'null\n');
      return ['build', BRIEF];
    },
    code: 2,
    message: /charts\/troops\.vl\.json:1:1: error\[chart\]: a chart spec is a JSON object/,
  }))(),
];

const EXPRESSION_CASES: Case[] = [
  chartOf(
    vegaLite('{"values": [{"a": 1}]}', ['  "transform": [', '    {"calculate": "nosuch(datum.a)", "as": "x"}', '  ],']),
    2,
    /^mine\.vl\.json:4:20: error\[chart\]: Vega could not run the chart: Unrecognized function: nosuch/,
  )('an unknown function, at its line'),
  chartOf(
    vegaLite('{"values": [{"a": 1}]}', ['  "transform": [', '    {"filter": "datum.a > "}', '  ],']),
    2,
    /^mine\.vl\.json:4:16: error\[chart\]: Vega-Lite could not compile the chart: Unexpected end of input/,
  )('a filter cut short, at its line'),
  chartOf(
    vegaLite('{"values": [{"a": 1}]}', ['  "transform": [', '    {"calculate": "1 +* 2", "as": "x"}', '  ],']),
    2,
    /^mine\.vl\.json:4:19: error\[chart\]: .*(Unexpected token|parse error)/i,
  )('a calculation that does not parse, at its line'),
  chartOf(
    ['{', '  "$schema": "https://vega.github.io/schema/vega/v5.json",', '  "signals": [', '    {"name": "s", "update": "1 +* 2"}', '  ],', '  "marks": []', '}'],
    2,
    /^mine\.vl\.json:4:29: error\[chart\]: Vega could not run the chart: Expression parse error: 1 \+\* 2/,
  )('a Vega signal that does not parse, at its line'),
  chartOf(
    ['{', '  "$schema": "https://vega.github.io/schema/vega/v5.json",', '  "marks": [{"type": "rect", "encode": {"update": {', '    "x": {"signal": "nosuch(1)"}', '  }}}]', '}'],
    2,
    /^mine\.vl\.json:4:22: error\[chart\]: Vega could not run the chart: Unrecognized function: nosuch/,
  )('an unknown function in a mark encoding, at its line'),
  chartOf(
    vegaLite('{"values": [{"a": 1}]}', ['  "transform": [', '    {"calculate": "constructor.constructor(\'process.exit(99)\')()", "as": "x"}', '  ],']),
    2,
    /^mine\.vl\.json:4:19: error\[chart\]: Vega could not run the chart: Illegal callee type: CallExpression/,
  )('an expression reaching for JavaScript, at its line'),
];

/** An image mark over one file of the chart's data folder, named in the spec at line 2. */
const imageChart = (name: string, make: (path: string) => void): Case => ({
  name: `an image that is ${name}`,
  args: (p) => {
    mkdirSync(join(p.root, 'img'));
    make(join(p.root, 'img', 'pic.png'));
    return [
      'chart',
      specFile(p, [
        '{',
        '  "data": {"values": [{"x": 1, "y": 1, "img": "img/pic.png"}]},',
        '  "mark": {"type": "image", "width": 30, "height": 30},',
        '  "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}, "url": {"field": "img", "type": "nominal"}}',
        '}',
      ]),
      '-o',
      'mine.pdf',
    ];
  },
  code: 2,
  message: new RegExp(`^mine\\.vl\\.json:2:52: error\\[chart\\]: the image img/pic\\.png cannot be drawn: `),
});
const png = () => readFileSync(join(IMAGES, 'ffox.png'));
const pngHeader = (w: number, h: number) => {
  const b = Buffer.from(png());
  b.writeUInt32BE(w, 16);
  b.writeUInt32BE(h, 20);
  return b;
};

const IMAGE_CASES: Case[] = [
  imageChart('cut short', (p) => writeFileSync(p, png().subarray(0, 600))),
  imageChart('damaged inside', (p) => {
    const b = Buffer.from(png());
    b.fill(0, b.indexOf('IDAT') + 20, b.indexOf('IDAT') + 60);
    writeFileSync(p, b);
  }),
  imageChart('a text file named .png', (p) => writeFileSync(p, 'not an image\n')),
  imageChart('missing', () => undefined),
  imageChart('a pipe', mkfifo),
  imageChart('a folder', (p) => mkdirSync(p)),
  imageChart('zero pixels wide', (p) => writeFileSync(p, pngHeader(0, 32))),
  imageChart('a decompression bomb of 100,000 × 100,000 pixels', (p) => writeFileSync(p, pngHeader(100_000, 100_000))),
  imageChart('a JPEG cut short', (p) => writeFileSync(p, Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x10, 0x03, 0x01, 0x22, 0x00]))),
  {
    name: 'an image linked to a file outside the data folder',
    args: (p) => {
      mkdirSync(join(p.root, 'img'));
      symlinkSync('/etc/hostname', join(p.root, 'img', 'pic.png'));
      return [
        'chart',
        specFile(p, [
          '{',
          '  "data": {"values": [{"x": 1, "img": "img/pic.png"}]},',
          '  "mark": {"type": "image", "width": 30, "height": 30},',
          '  "encoding": {"x": {"field": "x", "type": "quantitative"}, "url": {"field": "img", "type": "nominal"}}',
          '}',
        ]),
        '-o',
        'mine.pdf',
      ];
    },
    code: 2,
    message: /^mine\.vl\.json(:\d+:\d+)?: error\[chart\]: chart data "img\/pic\.png" refused/,
  },
];

/** The Karabakh brief with its troops chart replaced by `spec`. */
const briefChart = (spec: object) => (p: TempProject) => writeFileSync(join(p.root, 'charts', 'troops.vl.json'), JSON.stringify(spec, null, 2));
const REGEX_BOMB = { data: { values: [{ s: 'a'.repeat(44) + '!' }] }, transform: [{ filter: 'test(/(a+)+$/, datum.s)' }], mark: 'point', encoding: { x: { field: 's', type: 'nominal' } } };

const BUDGET_CASES: Case[] = [
  {
    name: "one brief stuck in a catastrophic regular expression is stopped at the project's brief_timeout",
    args: (p) => {
      briefChart(REGEX_BOMB)(p);
      writeFileSync(join(p.root, 'briefpress.yaml'), readFileSync(join(p.root, 'briefpress.yaml'), 'utf8').replace(/^brief_timeout: \d+/m, 'brief_timeout: 2'));
      return ['build', BRIEF];
    },
    code: 1,
    message: /briefs\/karabakh-peacekeepers: error\[cli\]: the brief took longer than its 2 s budget and was stopped/,
  },
  {
    name: 'one brief built in-process, stuck in a catastrophic regular expression, is stopped at --brief-timeout',
    args: (p) => (briefChart(REGEX_BOMB)(p), ['build', BRIEF, '--brief-timeout', '3']),
    code: 1,
    message:
      /briefs\/karabakh-peacekeepers: error\[cli\]: the brief took longer than its 3 s budget and was stopped\n  hint: look for a chart expression or regular expression that never ends, or raise --brief-timeout/,
  },
  {
    name: 'one brief whose chart strings outgrow --brief-memory is stopped before V8 aborts',
    args: (p) => (
      briefChart({
        data: { sequence: { start: 0, stop: 900000, as: 'x' } },
        transform: [{ calculate: "pad('' + datum.x, 5000)", as: 's' }],
        mark: 'tick',
        encoding: { x: { field: 'x', type: 'quantitative' } },
      })(p),
      ['build', BRIEF, '--brief-memory', '300']
    ),
    code: 1,
    message: /error\[cli\]: the brief needed more than its 300 MB of memory and was stopped\n  hint: .*raise --brief-memory/,
  },
  {
    name: 'briefpress chart stuck in a catastrophic regular expression is stopped at --timeout',
    args: (p) => ['chart', specFile(p, [JSON.stringify(REGEX_BOMB)]), '-o', 'mine.pdf', '--timeout', '2'],
    code: 1,
    message: /^mine\.vl\.json: error\[chart\]: the chart took longer than its 2 s budget and was stopped\n  hint: .*raise --timeout/,
  },
];

const OPTION_CASES: Case[] = [
  ...(
    [
      ['--brief-timeout', '0', /--brief-timeout takes a number of seconds, 1 or more/],
      ['--brief-timeout', 'soon', /--brief-timeout takes a number of seconds/],
      ['--brief-memory', '10', /--brief-memory takes megabytes, 64 or more/],
      ['--stale-after', '5', /--stale-after takes a number of seconds, 10 or more/],
      ['--shard', '3/2', /--shard 3\/2 is not K\/N with 1 <= K <= N/],
      ['--shard', 'abc', /--shard abc is not K\/N/],
      ['--shard', '0/2', /--shard 0\/2 is not K\/N/],
      ['--jobs', 'abc', /--jobs takes a whole number, 1 or more/],
      ['--jobs', '-1', /--jobs takes a whole number, 1 or more/],
      ['--root', '/nonexistent/project', /^\S*nonexistent\/project: error\[cli\]: --root names no folder/],
      ['--root', 'briefs', /^briefs: error\[cli\]: --root names a folder without briefpress.yaml, so it is not a briefpress project/],
      ['--root', `${BRIEF}/brief.yaml`, /brief\.yaml: error\[cli\]: --root names no folder/],
    ] as const
  ).map(([option, value, message]): Case => ({ name: `build ${option} ${value}`, args: () => ['build', BRIEF, option, value], code: 2, message })),
  { name: 'chart --timeout 0', args: () => ['chart', 'charts/troops.vl.json', '-o', 't.pdf', '--timeout', '0'], code: 2, message: /--timeout takes a number of seconds, 1 or more/ },
  { name: 'chart --memory 10', args: () => ['chart', 'charts/troops.vl.json', '-o', 't.pdf', '--memory', '10'], code: 2, message: /--memory takes megabytes, 64 or more/ },
  { name: 'check --root a missing folder', args: () => ['check', BRIEF, '--root', 'nope'], code: 2, message: /^nope: error\[cli\]: --root names no folder/ },
  {
    name: 'init --root a folder without briefpress.yaml',
    args: () => ['init', 'new-brief', '--root', 'briefs'],
    code: 2,
    message: /^briefs: error\[cli\]: --root names a folder without briefpress\.yaml/,
  },
];

const big = (mb: number) => (p: string) => (writeFileSync(p, ''), truncateSync(p, mb * 1024 * 1024));

/** Files of the project (not the brief's own) replaced by what a build must never read. */
const FILE_CASES: Case[] = [
  ...replacedFileCases(
    [
      ['templates/theme.yaml', 'a pipe', mkfifo, /theme\.yaml is a pipe, not a file/],
      ['templates/theme.yaml', 'a link to /etc/hostname', (p: string) => symlinkSync('/etc/hostname', p), /theme\.yaml leads outside the project \(to \/etc\/hostname\)/],
      ['templates/theme.yaml', 'a 2 MB file', big(2), /theme\.yaml is 2\.0 MB; a theme may be at most 1 MB/],
      ['templates/partials/sources-list.md.hbs', 'a folder', (p: string) => mkdirSync(p), /sources-list\.md\.hbs is a folder, not a file/],
      ['charts/troops.vl.json', 'a pipe', mkfifo, /troops\.vl\.json is a pipe, not a file/],
      ['charts/troops.vl.json', 'a link to /etc/hostname', (p: string) => symlinkSync('/etc/hostname', p), /troops\.vl\.json.*leads outside/],
      ['charts/troops.vl.json', 'a 5 MB file', big(5), /troops\.vl\.json is 5\.0 MB; a chart spec may be at most 4 MB/],
      [`${BRIEF}/brief.yaml`, 'a folder', (p: string) => mkdirSync(p), /brief\.yaml is a folder, not a file/],
      [`${BRIEF}/brief.yaml`, 'a link loop', (p: string) => symlinkSync(p, p), /brief\.yaml is a loop of symbolic links/],
      [`${BRIEF}/content.md.hbs`, 'a folder', (p: string) => mkdirSync(p), /content\.md\.hbs is a folder, not a file/],
      [`${BRIEF}/content.md.hbs`, 'a 5 MB file', big(5), /content\.md\.hbs is 5\.0 MB; a template may be at most 4 MB/],
    ] as const,
    'root',
  ),
  { name: 'chart SPEC that is a pipe', args: (p) => (mkfifo(join(p.root, 'pipe.vl.json')), ['chart', 'pipe.vl.json', '-o', 'p.pdf']), code: 2, message: /pipe\.vl\.json is a pipe, not a file/ },
  {
    name: 'chart --theme that is a pipe',
    args: (p) => (mkfifo(join(p.root, 'theme.json')), ['chart', 'charts/troops.vl.json', '-o', 't.pdf', '--theme', 'theme.json']),
    code: 2,
    message: /^theme\.json: error\[chart\]: theme .*theme\.json is a pipe, not a file/,
  },
  {
    name: 'chart --theme that is missing',
    args: () => ['chart', 'charts/troops.vl.json', '-o', 't.pdf', '--theme', 'none.json'],
    code: 2,
    message: /^none\.json: error\[chart\]: theme not found: none\.json/,
  },
  { name: 'init --from a folder', args: () => ['init', 'new-brief', '--from', 'charts'], code: 2, message: /article .*charts is a folder, not a file/ },
  {
    name: 'init --from a 20 MB file',
    args: (p) => (big(20)(join(p.root, 'a.txt')), ['init', 'new-brief', '--from', 'a.txt']),
    code: 2,
    message: /a\.txt is 20\.0 MB; a article may be at most 16 MB|a\.txt is 20\.0 MB; an article may be at most 16 MB/,
  },
];

const DATE_CASES: Case[] = [
  ...['2023-02-29', '2024-04-31', '2024-00-10', '2024-4-1'].map((d): Case => ({
    name: `a brief dated ${d}`,
    args: (p) => (p.edit('brief.yaml', /date: 2024-04-17/, `date: ${d}`), ['build', BRIEF]),
    code: 2,
    message: /brief\.yaml:\d+:\d+ \(meta\.date\): error\[load\]: /,
  })),
  {
    name: 'a fact as of month 13',
    args: (p) => (p.edit('brief.yaml', 'as_of: "2020"', 'as_of: "2020-13"'), ['build', BRIEF]),
    code: 2,
    message: /brief\.yaml:\d+:\d+ \(facts\[0\]\.as_of\): error\[load\]: /,
  },
];

/** A field written with an escape that is no printable text, named at the field, not at the template that prints it. */
const unprintable = (name: string, escape: string, what: RegExp): Case => {
  let line = 0;
  return {
    name,
    args: (p) => {
      line = p.edit('brief.yaml', /desk: .*/, `desk: "South ${escape} Caucasus"`);
      return ['build', BRIEF];
    },
    code: 2,
    message: () => new RegExp(`^briefs/karabakh-peacekeepers/brief\\.yaml:${line}:9 \\(meta\\.desk\\): error\\[load\\]: meta\\.desk holds ${what.source}`),
  };
};

const TEXT_CASES: Case[] = [
  ((): Case => {
    let line = 0;
    return {
      name: 'a chart bound to a dataset named constructor, which only the prototype has, at its field',
      args: (p) => ((line = p.edit('brief.yaml', 'dataset: peacekeepers', 'dataset: constructor')), ['build', BRIEF]),
      code: 2,
      message: () => new RegExp(`^briefs/karabakh-peacekeepers/brief\\.yaml:${line}:14 \\(charts\\[0\\]\\.dataset\\): error\\[load\\]: unknown dataset "constructor"`),
    };
  })(),
  unprintable('a NUL written as an escape in brief.yaml, at its field', '\\0', /U\+0000, a control character/),
  unprintable('a bell written as an escape in brief.yaml, at its field', '\\a', /U\+0007, a control character/),
  unprintable('a lone surrogate written as an escape in brief.yaml, at its field', '\\uD800', /U\+D800, half of a surrogate pair/),
  paragraphCase(
    'a figure directive naming a chart the brief does not define, at its line',
    '::figure{chart=nope}',
    (line) => new RegExp(`^briefs/karabakh-peacekeepers/content\\.md\\.hbs:${line}:1: error\\[parse\\]: unknown chart "nope" \\(charts: troops, displacement\\)`),
  ),
  paragraphCase('a partial that does not exist, at its tag', 'See {{> nope}} here.', (line) => new RegExp(`content\\.md\\.hbs:${line}:5: error\\[compose\\]: unknown partial "nope"`)),
  paragraphCase(
    'a partial named by an expression, at its tag',
    'See {{> (lookup meta "title")}} here.',
    (line) => new RegExp(`content\\.md\\.hbs:${line}:5: error\\[compose\\]: a partial named by an expression`),
  ),
  paragraphCase(
    'a decorator, at its tag',
    'See {{* evil}} here.',
    (line) => new RegExp(`content\\.md\\.hbs:${line}:5: error\\[compose\\]: a decorator \\(\\{\\{\\* evil\\}\\}\\): a template may not run code of its own`),
  ),
  paragraphCase(
    'an inline partial that calls itself, at the call',
    '{{#*inline "x"}}again {{> x}}{{/inline}}{{> x}}',
    (line) => new RegExp(`content\\.md\\.hbs:${line}:23: error\\[compose\\]: the inline partial "x" calls itself`),
  ),
  paragraphCase(
    'inline partials that call each other in a circle',
    '{{#*inline "x"}}{{> y}}{{/inline}}{{#*inline "y"}}{{> x}}{{/inline}}{{> x}}',
    () => /content\.md\.hbs: error\[compose\]: partials call each other in a circle/,
  ),
  paragraphCase(
    'a character no embedded font has, named at its line in the template',
    'The seal read 𓀀 in the old script.',
    (line) => new RegExp(`content\\.md\\.hbs:${line}:1: error\\[layout\\]: no embedded font has the character "𓀀" \\(U\\+13000\\)`),
  ),
  ((): Case => {
    let line = 0;
    return {
      name: 'a paragraph of 176,000 characters, at its line',
      args: (p) => {
        const text = readFileSync(join(p.brief, 'content.md.hbs'), 'utf8');
        line = text.split('\n').length + 2;
        writeFileSync(join(p.brief, 'content.md.hbs'), `${text}\n\n${'peacekeepers withdraw '.repeat(8000)}\n`);
        return ['build', BRIEF];
      },
      code: 2,
      message: () => new RegExp(`content\\.md\\.hbs:${line}:1: error\\[parse\\]: a paragraph of [\\d,]+ characters; briefpress sets at most 100,000 in one paragraph`),
    };
  })(),
  {
    name: 'a code block of 150,000 characters',
    args: (p) => (writeFileSync(join(p.brief, 'content.md.hbs'), readFileSync(join(p.brief, 'content.md.hbs'), 'utf8') + '\n\n```\n' + 'x = 1;\n'.repeat(22000) + '```\n'), ['build', BRIEF]),
    code: 2,
    message: /content\.md\.hbs:\d+:1: error\[parse\]: a paragraph of [\d,]+ characters/,
  },
  {
    name: 'a template that repeats a fact into megabytes',
    args: (p) => (
      writeFileSync(
        join(p.brief, 'content.md.hbs'),
        readFileSync(join(p.brief, 'content.md.hbs'), 'utf8') + '\n' + '{{#each @root.timeline}}{{text}}\n\n{{/each}}'.repeat(1) + 'Peacekeepers leave the region today.\n\n'.repeat(30000),
      ),
      ['build', BRIEF]
    ),
    code: 2,
    message: /content\.md\.hbs: error\[compose\]: the template composes [\d,]+ characters of text; a brief may have at most 1,000,000/,
  },
];

const FAULT_CASES: Case[] = [
  {
    name: 'run from a working directory that was deleted',
    args: () => ['build', BRIEF],
    run: (args, cwd) => {
      const r = spawnSync('sh', ['-c', 'mkdir gone && cd gone && rmdir ../gone && exec "$0" "$@"', process.execPath, CLI, ...args.map((a) => join(cwd, a))], { cwd, encoding: 'utf8' });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    code: 2,
    message: /^error\[cli\]: the working directory no longer exists .*\n  hint: cd to a folder that exists/,
  },
  {
    name: 'a disk that fills while the PDF is written',
    args: () => ['build', BRIEF, '--force'],
    run: underLimit('--fsize=20000'),
    code: 1,
    message: /output\/karabakh-peacekeepers\.pdf: error\[write\]: cannot write .*: EFBIG: .*\n  hint: free space on that disk/,
  },
  {
    // The lock is made before anything is built: a disk already full fails there, and leaves no
    // empty lock behind to hold the next run (the untouched-files check sees any file left).
    name: 'a disk already full when the run takes its lock',
    args: () => ['build', BRIEF, '--force'],
    run: underLimit('--fsize=0'),
    code: 1,
    message: /^output: error\[write\]: cannot write .*output: EFBIG: /,
  },
  {
    name: 'a read-only output folder',
    args: (p) => {
      chmodSync(join(p.root, 'output'), 0o555);
      return ['build', BRIEF, '--force'];
    },
    // root writes anywhere: run as root without the capability to override permissions, so that
    // the folder's mode counts, as it would for a cron user. (Not as another user: that user may
    // not be able to read the checkout, e.g. one cloned under a 0700 home.)
    run: (args, cwd) => {
      const bound = process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search'] : [];
      const [cmd, ...rest] = [...bound, process.execPath, CLI, ...args];
      const r = spawnSync(cmd, rest, { cwd, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    code: 1,
    message: /^output: error\[write\]: cannot write .*output: EACCES: permission denied.*\n  hint: choose another -o path, or fix the folder's permissions; the previous PDF is left as it was/,
  },
  {
    name: '-o into a folder that is a file',
    args: (p) => (writeFileSync(join(p.root, 'notes.txt'), 'my notes\n'), ['build', BRIEF, '-o', 'notes.txt/k.pdf']),
    code: 1,
    message: /^notes\.txt: error\[write\]: cannot write .*notes\.txt: .*notes\.txt is a file, not a folder/,
  },
  {
    name: 'a brief kept at the project root, whose output/ would be inside it',
    args: (p) => {
      for (const f of ['brief.yaml', 'content.md.hbs', 'sources']) cpSync(join(p.brief, f), join(p.root, f), { recursive: true });
      return ['build', '.'];
    },
    code: 2,
    message: /^output\/\S+\.pdf: error\[cli\]: the PDF would land inside .*, which holds what you wrote \(a brief, templates or charts\)\n  hint: keep each brief in its own folder under the project/,
  },
];

describe('a chart asks for no more than a print figure needs', () => {
  it.each(cases(LIMIT_CASES))('%s', (_n, c) => runCase(c));
});

describe('a chart draws no more marks than print can show', () => {
  it.each(cases(MARK_CASES))('%s', (_n, c) => runCase(c));

  it('draws a million rows counted into a histogram', () => {
    const p = fresh();
    const args = pointsChart(1_000_000)(p);
    writeFileSync(
      join(p.root, 'mine.vl.json'),
      JSON.stringify({ data: { url: 'points.csv' }, mark: 'bar', encoding: { x: { field: 'y', bin: true, type: 'quantitative' }, y: { aggregate: 'count', type: 'quantitative' } } }),
    );
    // In a process of its own: the chart's memory budget measures the whole process.
    const r = runCli(args, p.root);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(p.root, 'mine.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('a chart spec is an object, and its errors name their line', () => {
  it.each(cases([...SPEC_CASES, ...EXPRESSION_CASES]))('%s', (_n, c) => runCase(c));
});

describe('an image that cannot be drawn refuses the chart, by name', () => {
  it.each(cases(IMAGE_CASES))('%s', (_n, c) => runCase(c));

  it('still draws whole PNG images', () => {
    const p = fresh();
    mkdirSync(join(p.root, 'img'));
    cpSync(join(IMAGES, 'ffox.png'), join(p.root, 'img', 'pic.png'));
    const spec = specFile(p, [
      '{',
      '  "data": {"values": [{"x": 1, "img": "img/pic.png"}]},',
      '  "mark": {"type": "image", "width": 30, "height": 30},',
      '  "encoding": {"x": {"field": "x", "type": "quantitative"}, "url": {"field": "img", "type": "nominal"}}',
      '}',
    ]);
    const r = spawnSync(process.execPath, [CLI, 'chart', spec, '-o', 'ok.pdf'], { cwd: p.root, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(p.root, 'ok.pdf')).toString('latin1')).toMatch(/\/Subtype \/Image/);
  });
});

describe('one brief, built in-process, still has a time and memory budget', () => {
  // Each in its own process: the budget stops the thread it runs on and measures the whole process.
  it.each(cases(BUDGET_CASES))('%s', async (_n, c) => {
    const t0 = Date.now();
    await runCase({ run: runCli, ...c });
    expect(Date.now() - t0).toBeLessThan(30_000);
  });
});

describe('every option and root is checked before work starts', () => {
  it.each(cases(OPTION_CASES))('%s', (_n, c) => runCase(c));
});

describe('project files that are not small regular files are refused by name', () => {
  it.each(cases(FILE_CASES))('%s', (_n, c) => runCase(c));
});

describe('dates are days of the calendar', () => {
  it.each(cases(DATE_CASES))('%s', (_n, c) => runCase(c));
});

describe('text has a size a brief can have', () => {
  it.each(cases(TEXT_CASES))('%s', (_n, c) => runCase(c));
});

describe('faults around a build are clear errors that leave everything as it was', () => {
  it.each(cases(FAULT_CASES))('%s', (_n, c) => runCase(c));
});
