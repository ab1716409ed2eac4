// parse with the block registry's directives, as build does, for tests that parse Markdown alone.
import { BLOCKS } from '../../src/blocks/index.js';
import { parse as parseWith, type ParseOptions } from '../../src/parse/parse.js';

export { BLOCKS };

export function parse(markdown: string, options: Omit<ParseOptions, 'directives'> = {}) {
  return parseWith(markdown, { ...options, directives: BLOCKS.directives });
}
