import { crc32, deflateSync } from 'node:zlib';

/**
 * PNG (ISO/IEC 15948) writing: RGBA images for rasters embedded in figures, and the pHYs chunk that
 * tells Word, Photoshop and print shops a figure's resolution (Chromium's screenshots carry none).
 */

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function phys(dpi: number): Buffer {
  const ppm = Math.round(dpi / 0.0254);
  const data = Buffer.alloc(9);
  data.writeUInt32BE(ppm, 0);
  data.writeUInt32BE(ppm, 4);
  data.writeUInt8(1, 8); // unit: metre
  return chunk('pHYs', data);
}

/** RGBA bytes (width × height × 4) → PNG, filter 0 on every row. */
export function encodePng(rgba: Uint8Array, width: number, height: number, dpi?: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(6, 9); // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    ...(dpi ? [phys(dpi)] : []),
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The same PNG with its resolution set (any pHYs it had replaced), placed right after IHDR. */
export function withDpi(png: Buffer, dpi: number): Buffer {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  const out: Buffer[] = [SIGNATURE];
  let pos = 8;
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('ascii', pos + 4, pos + 8);
    const whole = png.subarray(pos, pos + 12 + len);
    if (type !== 'pHYs') out.push(whole);
    if (type === 'IHDR') out.push(phys(dpi));
    pos += 12 + len;
  }
  return Buffer.concat(out);
}

/** Width, height and dpi (from pHYs, null without one) of a PNG. */
export function pngInfo(png: Buffer): { width: number; height: number; dpi: number | null } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  let pos = 8;
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('ascii', pos + 4, pos + 8);
    if (type === 'pHYs' && png.readUInt8(pos + 16) === 1) return { width, height, dpi: png.readUInt32BE(pos + 8) * 0.0254 };
    if (type === 'IDAT') break;
    pos += 12 + len;
  }
  return { width, height, dpi: null };
}
