// Loads the organisation's print theme (templates/theme.yaml), validated like brief.yaml.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BriefError } from '../errors.js';
import { themeSchema, type Theme } from '../layout/theme.js';
import { msg } from '../messages.js';
import { readYaml } from './load.js';

export function loadTheme(root: string): Theme {
  const file = join(root, 'templates', 'theme.yaml');
  if (!existsSync(file)) {
    throw new BriefError({ stage: 'load', place: { file }, reason: msg.fileMissing('theme', 'templates/theme.yaml'), hint: msg.fileMissingHint('theme') });
  }
  return readYaml(file, themeSchema, 'theme', [root]).data;
}
