// placeholders: text left for the analyst to write (TODO, the prompts older drafts wrote), found at its line.
import type { Brief } from '../brief.js';
import { BriefError } from '../errors.js';
import { msg } from '../messages.js';

/**
 * What marks text as not yet written. TODO is what `init` writes and what analysts write to
 * themselves; the two prompts are what `init` wrote before it marked them TODO, so briefs
 * drafted then are held to the same rule.
 */
const PLACEHOLDER = /\bTODO\b|Write the bottom line here|Write the background here/g;

/**
 * Every placeholder left in the content template, each at its line and column. Handlebars
 * comments print nothing, so a TODO inside one is the analyst's own business.
 */
export function placeholders(brief: Brief): BriefError[] {
  const text = brief.content.text.replace(/{{!--[\s\S]*?--}}|{{![\s\S]*?}}/g, (c) => c.replace(/[^\n]/g, ' '));
  const out: BriefError[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    for (const m of line.matchAll(PLACEHOLDER)) {
      const rest = brief.content.text.split('\n')[i].slice(m.index).trim();
      out.push(
        new BriefError({
          stage: 'verify',
          place: { file: brief.content.file, line: i + 1, column: m.index + 1 },
          id: 'placeholderLeft',
          reason: msg.placeholderLeft(rest.length > 60 ? rest.slice(0, 57) + '...' : rest),
          hint: msg.placeholderLeftHint(),
        }),
      );
    }
  });
  return out;
}
