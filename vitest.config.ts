import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// A cache of this run's own, not the user's ~/.cache, removed when the run ends.
const cache = mkdtempSync(join(tmpdir(), 'briefpress-cache-'));
process.on('exit', () => rmSync(cache, { recursive: true, force: true }));

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/helpers/setup.ts'],
    // One test file per core, not vitest's cores - 1: on a two-core machine that is one file at a
    // time, and most tests spend their time waiting on a CLI process or the disk. Two at once took
    // the suite from 314 s to 226 s on these machines, every test still passing.
    maxWorkers: Math.max(2, availableParallelism()),
    minWorkers: 1,
    // End-to-end tests build whole briefs (fonts, Vega, PDFKit): generous, not timed.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Tests that need the cache empty make their own.
    env: { TZ: 'UTC', BRIEFPRESS_CACHE_DIR: cache },
  },
});
