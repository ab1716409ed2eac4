// Escaping for values inserted into Markdown, so a fact prints exactly as written.

/**
 * CommonMark lets any ASCII punctuation be backslash-escaped and prints it literally; escaping
 * every character that can start syntax (emphasis, links, HTML, tables, directives, entities,
 * list and heading markers) means no value can change the structure around it.
 * Newlines become spaces: a value must never end the block it sits in.
 */
export function escapeMarkdown(value: string): string {
  return value.replace(/\r?\n/g, ' ').replace(/[\\`*_{}[\]()<>#+\-.!|~:&]/g, (c) => '\\' + c);
}

/** Escapes every string in a plain data tree, leaving numbers, booleans and null as they are. */
export function escapeTree(value: unknown): unknown {
  if (typeof value === 'string') return escapeMarkdown(value);
  if (Array.isArray(value)) return value.map(escapeTree);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = escapeTree(v);
    return out;
  }
  return value;
}
