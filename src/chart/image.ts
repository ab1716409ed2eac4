// The Image Vega's canvas renderer asks for in Node: bytes read through the chart's sandboxed loader, size from the file header.
import { readFileSync } from 'node:fs';

/** Width and height of a PNG or JPEG from its header; undefined for anything else. */
export function imageSize(bytes: Buffer): { width: number; height: number; type: 'png' | 'jpeg' } | undefined {
  if (bytes.length > 24 && bytes.readUInt32BE(0) === 0x89504e47) {
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), type: 'png' };
  }
  if (bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) return undefined;
      const marker = bytes[i + 1];
      const len = bytes.readUInt16BE(i + 2);
      // Start-of-frame markers carry the size; DHT (C4), JPG (C8) and DAC (CC) do not.
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7), type: 'jpeg' };
      }
      i += 2 + len;
    }
  }
  return undefined;
}

/**
 * Vega's ResourceLoader sanitizes an image URL through the chart's loader (which only hands out
 * paths inside the data folder) and then sets `src` on `new Image()`. Node has no Image; this one
 * reads that path, and only PNG and JPEG, which PDFKit embeds as they are.
 */
export class SandboxedImage {
  src_ = '';
  width = 0;
  height = 0;
  complete = false;
  bytes?: Buffer;
  crossOrigin?: string;
  onload?: () => void;
  onerror?: () => void;

  get src() {
    return this.src_;
  }

  set src(path: string) {
    this.src_ = path;
    let size: ReturnType<typeof imageSize>;
    try {
      this.bytes = readFileSync(path);
      size = imageSize(this.bytes);
    } catch {
      size = undefined;
    }
    if (size) {
      this.width = size.width;
      this.height = size.height;
      this.complete = true;
    }
    queueMicrotask(() => (this.complete ? this.onload?.() : this.onerror?.()));
  }
}

let installed = false;

/** Makes vega-canvas find our Image (it looks for a global one, as in a browser). */
export function installImage() {
  if (installed) return;
  installed = true;
  const g = globalThis as { Image?: unknown };
  if (g.Image === undefined) g.Image = SandboxedImage;
}
