import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// A cache of this run's own, not the user's ~/.cache, removed when the run ends.
const cache = mkdtempSync(join(tmpdir(), 'briefpress-cache-'));
process.on('exit', () => rmSync(cache, { recursive: true, force: true }));

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/helpers/setup.ts'],
    // End-to-end tests build whole briefs (fonts, Vega, PDFKit): generous, not timed.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Tests that need the cache empty make their own.
    env: { TZ: 'UTC', BRIEFPRESS_CACHE_DIR: cache },
  },
});
