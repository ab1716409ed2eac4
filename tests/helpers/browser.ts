// Debian's chromium, driven by playwright-core, for the tests that need a real browser. Without one
// they are reported as skipped with the command that installs it; BRIEFPRESS_REQUIRE_BROWSER=1
// (set by .ci/run) makes a missing browser a failure instead. BRIEFPRESS_CHROMIUM names another
// browser binary (or, empty, none: how the skip itself is tried).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { describe, it } from 'vitest';

export const CHROMIUM = (process.env.BRIEFPRESS_CHROMIUM !== undefined ? [process.env.BRIEFPRESS_CHROMIUM] : ['/usr/bin/chromium', '/usr/bin/chromium-browser']).find((p) => !!p && existsSync(p));
export const INSTALL_CHROMIUM = 'apt-get install -y chromium';

/** A describe block that runs with a browser, is skipped (and says why) without one, or fails when CI requires one. */
export function describeInBrowser(name: string, body: () => void): void {
  if (CHROMIUM) {
    describe(name, body);
    return;
  }
  if (process.env.BRIEFPRESS_REQUIRE_BROWSER === '1') {
    describe(name, () => {
      it('has a browser to run in', () => {
        throw new Error(`no chromium found, and BRIEFPRESS_REQUIRE_BROWSER=1: ${INSTALL_CHROMIUM}`);
      });
    });
    return;
  }
  process.stderr.write(`skipped "${name}": no chromium found (${INSTALL_CHROMIUM})\n`);
  describe.skip(`${name} (skipped: no chromium; ${INSTALL_CHROMIUM})`, body);
}

/** Chromium headless, with nothing reaching for the network (this machine has none). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
