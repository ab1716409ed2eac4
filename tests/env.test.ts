// briefpress's own Node processes start without NODE_EXTRA_CA_CERTS (Node 20 reads that file as
// it starts); each puts it back for whatever else it starts.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HUGE_PAGE_MALLOC, KEPT_CA_CERTS, KEPT_TUNABLES, ownNodeEnv, restoreUserEnv } from '../src/runtime/env.js';

describe("the environment of briefpress's own Node processes", () => {
  it('moves NODE_EXTRA_CA_CERTS aside, adds what the process needs, and leaves the rest and the caller alone', () => {
    const user = { PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/corp.pem' };
    const env = ownNodeEnv(user, { BRIEFPRESS_CWD: '/w' });
    const huge = { GLIBC_TUNABLES: HUGE_PAGE_MALLOC, [KEPT_TUNABLES]: '' };
    expect(env).toEqual({ PATH: '/bin', BRIEFPRESS_CWD: '/w', [KEPT_CA_CERTS]: '/etc/corp.pem', ...huge });
    expect(user).toEqual({ PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/corp.pem' });
    // Set but empty is still the user's setting, kept as it was.
    expect(ownNodeEnv({ NODE_EXTRA_CA_CERTS: '' })).toEqual({ [KEPT_CA_CERTS]: '', ...huge });
    expect(ownNodeEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin', ...huge });
  });

  it('is put back as the user had it, for what the process starts in turn', () => {
    const env = ownNodeEnv({ PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/corp.pem' });
    restoreUserEnv(env);
    expect(env).toEqual({ PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/corp.pem' });
    // A process started by something else, with nothing moved aside: nothing changes.
    const other = { PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/other.pem' };
    restoreUserEnv(other);
    expect(other).toEqual({ PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/other.pem' });
  });

  it("adds malloc's huge pages to the user's glibc tunables, keeps a choice the user made about them, and puts theirs back", () => {
    const cases: { GLIBC_TUNABLES?: string }[] = [{}, { GLIBC_TUNABLES: '' }, { GLIBC_TUNABLES: 'glibc.malloc.check=0' }];
    const expected = [HUGE_PAGE_MALLOC, HUGE_PAGE_MALLOC, `glibc.malloc.check=0:${HUGE_PAGE_MALLOC}`];
    cases.forEach((user, i) => {
      const env = ownNodeEnv({ PATH: '/bin', ...user });
      expect(env.GLIBC_TUNABLES).toBe(expected[i]);
      restoreUserEnv(env);
      expect(env).toEqual({ PATH: '/bin', ...user });
    });
    const own = { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' };
    expect(ownNodeEnv(own)).toEqual(own);
  });

  it('is what bin/briefpress starts Node with, as the TypeScript side would (the sh copy of the same rule)', () => {
    // A `node` first on PATH that prints its environment: bin/briefpress finds no snapshot made by it and execs it.
    const dir = mkdtempSync(join(tmpdir(), 'briefpress-env-'));
    try {
      writeFileSync(join(dir, 'node'), '#!/bin/sh\nenv\n');
      chmodSync(join(dir, 'node'), 0o755);
      const bin = resolve(__dirname, '..', 'bin', 'briefpress');
      for (const user of [{}, { GLIBC_TUNABLES: '' }, { GLIBC_TUNABLES: 'glibc.malloc.check=0' }, { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }]) {
        const base = { PATH: `${dir}:${process.env.PATH}`, HOME: dir, ...user };
        const r = spawnSync('/bin/sh', [bin, 'build'], { encoding: 'utf8', env: base });
        expect(r.status, r.stderr).toBe(0);
        const seen = Object.fromEntries(
          r.stdout
            .split('\n')
            .filter((l) => /^(GLIBC_TUNABLES|BRIEFPRESS_GLIBC_TUNABLES)=/.test(l))
            .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
        );
        const want = ownNodeEnv(user);
        expect(seen).toEqual(Object.fromEntries(Object.entries(want).filter(([k]) => k === 'GLIBC_TUNABLES' || k === KEPT_TUNABLES)));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
