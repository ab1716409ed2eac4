// Whether chart labels collide: boxes of text items in chart space, rotation included.
import type { ChartText } from '../../src/chart/scene.js';
import { fontService } from '../../src/fonts/fonts.js';

const fonts = fontService();

/** Axis-aligned box of a text item in chart space (rotation included). */
export function textBox(t: ChartText) {
  const m = fonts.metrics(t.face);
  const x0 = t.x;
  const corners = [
    [x0, t.y - m.ascender * t.size * 0.75],
    [x0 + t.width, t.y - m.ascender * t.size * 0.75],
    [x0, t.y - m.descender * t.size * 0.5],
    [x0 + t.width, t.y - m.descender * t.size * 0.5],
  ].map(([x, y]) => [t.matrix[0] * x + t.matrix[2] * y + t.matrix[4], t.matrix[1] * x + t.matrix[3] * y + t.matrix[5]]);
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  return { x1: Math.min(...xs), x2: Math.max(...xs), y1: Math.min(...ys), y2: Math.max(...ys) };
}

/** Pairs of labels whose boxes overlap, as "a" x "b". */
export function collisions(labels: ChartText[]): string[] {
  const boxes = labels.map(textBox);
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i],
        b = boxes[j];
      if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) out.push(`"${labels[i].text}" x "${labels[j].text}"`);
    }
  return out;
}
