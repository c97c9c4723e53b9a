#!/usr/bin/env node
/**
 * `npm run icons`: every icon the installers need, rendered from resources/icon.png (512×512 RGBA) and
 * resources/tray.png (32×32 RGBA), with no image tool beyond Node (zlib):
 *   resources/icons/<n>x<n>.png   Linux (AppImage, deb) at 16 … 1024
 *   resources/icon.ico            Windows (nsis): 16, 24, 32, 48, 64, 128, 256
 *   resources/icon.icns           macOS (dmg): 16 … 1024, including the @2x sizes
 *   resources/trayTemplate.png, trayTemplate@2x.png   macOS menu-bar template (black + alpha)
 *   resources/tray@2x.png         the tray icon for high-density Linux/Windows screens
 *   resources/tray-up.png, tray-down.png (+ @2x)   the tray icon tinted green / red: the PnL's sign
 * The outputs are committed; run this again after changing icon.png or tray.png.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { deflateSync, inflateSync } from 'node:zlib';

const linuxSizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const icoSizes = [16, 24, 32, 48, 64, 128, 256];
// ICNS types holding PNG data: the size each one means.
const icnsTypes = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

export function decodePng(buffer) {
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat = [];
  while (offset < buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('ascii', offset + 4, offset + 8);
    const data = buffer.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[9] !== 6 || data[12] !== 0)
        throw new Error('icon sources must be 8-bit RGBA, not interlaced');
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const left = x >= 4 ? pixels[y * stride + x - 4] : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const upLeft = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4] : 0;
      const paeth = () => {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      };
      const predictor = [0, left, up, (left + up) >> 1, paeth()][filter];
      pixels[y * stride + x] = (line[x] + predictor) & 0xff;
    }
  }
  return { width, height, pixels };
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data) {
  let c = 0xffffffff;
  for (const byte of data) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

export function encodePng({ width, height, pixels }) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++)
    pixels.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Area-averaged (premultiplied) resampling: clean downscales; a smooth 2× upscale for 1024. */
export function resize(image, size) {
  const { width, height, pixels } = image;
  const out = Buffer.alloc(size * size * 4);
  const scale = width / size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [x0, x1] = [x * scale, (x + 1) * scale];
      const [y0, y1] = [y * scale, (y + 1) * scale];
      let [r, g, b, a, weight] = [0, 0, 0, 0, 0];
      for (let sy = Math.floor(y0); sy < Math.min(height, Math.ceil(y1)); sy++) {
        for (let sx = Math.floor(x0); sx < Math.min(width, Math.ceil(x1)); sx++) {
          const w = (Math.min(x1, sx + 1) - Math.max(x0, sx)) * (Math.min(y1, sy + 1) - Math.max(y0, sy));
          const i = (sy * width + sx) * 4;
          const alpha = pixels[i + 3] / 255;
          r += pixels[i] * alpha * w;
          g += pixels[i + 1] * alpha * w;
          b += pixels[i + 2] * alpha * w;
          a += alpha * w;
          weight += w;
        }
      }
      const o = (y * size + x) * 4;
      const coverage = a / weight;
      out[o] = a > 0 ? Math.round(r / a) : 0;
      out[o + 1] = a > 0 ? Math.round(g / a) : 0;
      out[o + 2] = a > 0 ? Math.round(b / a) : 0;
      out[o + 3] = Math.round(coverage * 255);
    }
  }
  return { width: size, height: size, pixels: out };
}

/** A macOS template image: black, with the source's alpha, so the menu bar can tint it. */
function template(image) {
  const pixels = Buffer.from(image.pixels);
  for (let i = 0; i < pixels.length; i += 4) pixels.fill(0, i, i + 3);
  return { ...image, pixels };
}

/** The image in one colour, keeping its alpha: the tray's up (green) and down (red) variants. */
function tint(image, [r, g, b]) {
  const pixels = Buffer.from(image.pixels);
  for (let i = 0; i < pixels.length; i += 4) {
    pixels[i] = r;
    pixels[i + 1] = g;
    pixels[i + 2] = b;
  }
  return { ...image, pixels };
}

function ico(pngs) {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(({ size, data }, i) => {
    const entry = 6 + 16 * i;
    header[entry] = size >= 256 ? 0 : size;
    header[entry + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(data.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...pngs.map((png) => png.data)]);
}

function icns(entries) {
  const parts = entries.map(({ type, data }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const icon = decodePng(readFileSync('resources/icon.png'));
  const tray = decodePng(readFileSync('resources/tray.png'));
  const png = (size) => encodePng(size === icon.width ? icon : resize(icon, size));
  mkdirSync('resources/icons', { recursive: true });
  for (const size of linuxSizes) writeFileSync(`resources/icons/${size}x${size}.png`, png(size));
  writeFileSync('resources/icon.ico', ico(icoSizes.map((size) => ({ size, data: png(size) }))));
  writeFileSync('resources/icon.icns', icns(icnsTypes.map(([type, size]) => ({ type, data: png(size) }))));
  writeFileSync('resources/trayTemplate.png', encodePng(template(resize(tray, 16))));
  writeFileSync('resources/trayTemplate@2x.png', encodePng(template(tray)));
  writeFileSync('resources/tray@2x.png', encodePng(resize(tray, 64)));
  for (const [variant, colour] of [
    ['up', [46, 160, 67]],
    ['down', [218, 54, 51]],
  ]) {
    writeFileSync(`resources/tray-${variant}.png`, encodePng(tint(tray, colour)));
    writeFileSync(`resources/tray-${variant}@2x.png`, encodePng(tint(resize(tray, 64), colour)));
  }
  console.log('icons rendered into resources/');
}
