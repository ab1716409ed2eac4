import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/helpers/setup.ts'],
    // End-to-end tests build whole briefs (fonts, Vega, PDFKit): generous, not timed.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // A cache of this run's own, not the user's ~/.cache (tests that need it empty make their own).
    env: { TZ: 'UTC', BRIEFPRESS_CACHE_DIR: mkdtempSync(join(tmpdir(), 'briefpress-cache-')) },
  },
});
