#!/usr/bin/env node
// Draws the app icon (build/icons/icon.png, 512×512 RGBA) with node's zlib only: a rounded square
// with a teal→indigo gradient and a white chat bubble holding three "nodes". Deterministic, so the
// file only changes when this script does. Usage: node build/scripts/generateIcon.mjs [out.png]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const SAMPLES = 4; // 4×4 supersampling for smooth edges
const out = process.argv[2] ?? join(fileURLToPath(new URL('../icons/', import.meta.url)), 'icon.png');

const roundedRect = (px, py, cx, cy, hw, hh, r) => {
  const qx = Math.abs(px - cx) - hw + r;
  const qy = Math.abs(py - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const circle = (px, py, cx, cy, r) => Math.hypot(px - cx, py - cy) - r;
const inTriangle = (px, py, [ax, ay], [bx, by], [cx, cy]) => {
  const side = (x1, y1, x2, y2) => (px - x2) * (y1 - y2) - (x1 - x2) * (py - y2);
  const d1 = side(ax, ay, bx, by);
  const d2 = side(bx, by, cx, cy);
  const d3 = side(cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};
const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);

const TEAL = [20, 184, 166];
const INDIGO = [79, 70, 229];
const WHITE = [255, 255, 255];
const NODE_COLORS = [[20, 184, 166], [99, 102, 241], [245, 158, 11]];

/** Colour and coverage (0..1) of one sample point. */
function sample(x, y) {
  if (roundedRect(x, y, 256, 256, 240, 240, 96) > 0) return null;
  const t = Math.min(1, Math.max(0, (x + y) / (2 * SIZE)));
  let color = mix(TEAL, INDIGO, t);
  const bubble = roundedRect(x, y, 256, 232, 168, 118, 64) <= 0 || inTriangle(x, y, [168, 320], [128, 420], [262, 338]);
  if (bubble) color = WHITE;
  [186, 256, 326].forEach((cx, i) => {
    if (circle(x, y, cx, 232, 26) <= 0) color = NODE_COLORS[i];
  });
  return color;
}

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y++) {
  const row = y * (SIZE * 4 + 1);
  raw[row] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    let r = 0, g = 0, b = 0, covered = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const color = sample(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES);
        if (color === null) continue;
        covered++;
        r += color[0];
        g += color[1];
        b += color[2];
      }
    }
    const at = row + 1 + x * 4;
    if (covered > 0) {
      raw[at] = Math.round(r / covered);
      raw[at + 1] = Math.round(g / covered);
      raw[at + 2] = Math.round(b / covered);
    }
    raw[at + 3] = Math.round((255 * covered) / (SAMPLES * SAMPLES));
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // colour type: RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, png);
console.log(`wrote ${out} (${SIZE}×${SIZE}, ${png.length} bytes)`);
