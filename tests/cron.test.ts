// The crontab line and the systemd unit in the README, run as written (only the project and log paths swapped).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempProject } from './helpers/project.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** A project at a fresh path with the code installed (dist/ and node_modules linked in). */
function installedProject(): string {
  const p = tempProject();
  symlinkSync(join(ROOT, 'dist'), join(p.root, 'dist'));
  symlinkSync(join(ROOT, 'bin'), join(p.root, 'bin'));
  symlinkSync(join(ROOT, 'node_modules'), join(p.root, 'node_modules'));
  symlinkSync(join(ROOT, 'package.json'), join(p.root, 'package.json'));
  return p.root;
}

/** Runs a shell command as cron or systemd would: from /, with an almost empty environment. */
function runAsDaemon(command: string) {
  return spawnSync('/bin/sh', ['-c', command], { cwd: '/', encoding: 'utf8', env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: tmpdir() } });
}

describe('scheduling as documented', () => {
  it('runs the README crontab line', () => {
    const line = /```cron\n(.+)\n```/.exec(readme)![1];
    const command = line.split(/\s+/).slice(5).join(' ');
    const root = installedProject();
    const log = join(mkdtempSync(join(tmpdir(), 'briefpress-log-')), 'briefpress.log');
    const r = runAsDaemon(command.replaceAll('/srv/briefpress', root).replaceAll('/var/log/briefpress.log', log));
    expect(r.status).toBe(0);
    expect(existsSync(join(root, 'output', 'karabakh-peacekeepers.pdf'))).toBe(true);
    // --quiet: a successful run mails nothing.
    expect(readFileSync(log, 'utf8')).toBe('');
  });

  it('runs the README systemd ExecStart line', () => {
    const exec = /^ExecStart=(.+)$/m.exec(readme)![1];
    const root = installedProject();
    const r = runAsDaemon(exec.replaceAll('/srv/briefpress', root));
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, built: 1 });
    expect(/OnCalendar=\*:0\/15/.test(readme)).toBe(true);
  });
});
