// place: where a JSON path of a chart spec stands in the spec's text, as file:line:col.
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { Place } from '../errors.js';

/**
 * JSON is YAML, so the YAML parser we already ship gives every node of a spec its offset; a spec
 * written on one line still gets line 1 and the column of the value. Used only after JSON.parse has
 * accepted the text, so the two never disagree about what the spec says.
 */
export function specPlaces(text: string, file: string): (path: (string | number)[]) => Place {
  let doc: ReturnType<typeof parseDocument> | undefined;
  const lines = new LineCounter();
  return (path) => {
    doc ??= parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
    let node: unknown = doc.contents;
    let last = node as YamlNode | undefined;
    for (const seg of path) {
      if (isMap(node)) node = node.items.find((p) => (p.key as { value?: unknown })?.value === seg)?.value;
      else if (isSeq(node) && typeof seg === 'number') node = node.items[seg];
      else node = undefined;
      if (!node) break;
      last = node as YamlNode;
    }
    const at = last?.range?.[0];
    if (at === undefined) return { file };
    const pos = lines.linePos(at);
    return { file, line: pos.line, column: pos.col };
  };
}
