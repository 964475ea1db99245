import { crc32, deflateSync } from "node:zlib";
import sharp from "sharp";

/**
 * Images made on the spot for tests of the photo pipeline: real encodes from sharp, plus the few
 * files sharp would never write (a header that promises 400 megapixels, SVG, HTML).
 */

export const RED = { r: 255, g: 0, b: 0 };
export const BLUE = { r: 0, g: 0, b: 255 };
export const GREEN = { r: 0, g: 255, b: 0 };
export type Colour = typeof RED;

/** A plain photo of the given size and format. */
export function photo(width: number, height: number, format: "jpeg" | "png" | "webp" | "gif" = "jpeg", background: Colour = { r: 200, g: 120, b: 90 }) {
  return sharp({ create: { width, height, channels: 3, background } })[format]().toBuffer();
}

/**
 * A photo of (pseudo-random, but the same every run) noise: it compresses badly, so the second
 * half of the file really holds picture data.
 */
export function noisyJpeg(width: number, height: number) {
  const pixels = Buffer.alloc(width * height * 3);
  let seed = 42;
  for (let i = 0; i < pixels.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    pixels[i] = seed >>> 24;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

export const GPS_LATITUDE = [51, 30, 0];

/** A JPEG carrying where it was taken: GPS latitude 51°30'0" N, longitude 0°7'0" W. */
export function jpegWithGps() {
  return sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 90, g: 140, b: 200 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: "GlowCam", Model: "Test 1" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 0/1", GPSLongitudeRef: "W", GPSLongitude: "0/1 7/1 0/1" },
    })
    .toBuffer();
}

/**
 * A photo stored sideways, as a phone held upright writes it: 400×200 pixels, left half red,
 * right half blue, a green 40×40 square in the top-left corner, and EXIF orientation 6 ("rotate
 * 90° clockwise to display"). Upright it is 200×400: red on top, blue below, green top-right.
 */
export async function sidewaysJpeg() {
  const width = 400;
  const height = 200;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const colour = x < 40 && y < 40 ? GREEN : x < width / 2 ? RED : BLUE;
      pixels.set([colour.r, colour.g, colour.b], (y * width + x) * 3);
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
}

/** A 64×64 PNG whose left half is fully transparent and right half opaque red. */
export function halfTransparentPng() {
  const size = 64;
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) pixels.set(x < size / 2 ? [0, 0, 0, 0] : [255, 0, 0, 255], (y * size + x) * 4);
  }
  return sharp(pixels, { raw: { width: size, height: size, channels: 4 } }).png().toBuffer();
}

/** Two 100×80 frames (red, then blue) as an animated GIF. */
export async function animatedGif() {
  const frame = (background: Colour) => sharp({ create: { width: 100, height: 80, channels: 3, background } }).png().toBuffer();
  return sharp([await frame(RED), await frame(BLUE)], { join: { animated: true } })
    .gif({ delay: [100, 100] })
    .toBuffer();
}

function pngChunk(type: string, data: Buffer) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A well-formed 8-bit greyscale PNG header announcing width×height pixels, followed by only a few
 * rows of (black) image data: a few hundred bytes that would decode to width×height bytes.
 * No pixel buffer of that size is ever made here.
 */
export function pngDeclaring(width: number, height: number, rows = 4) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // bit depth 8, greyscale, deflate, adaptive filtering, no interlace
  const scanlines = Buffer.alloc(rows * (width + 1)); // filter byte 0 + `width` black pixels per row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", deflateSync(scanlines)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

export const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(document.cookie)</script><rect width="100" height="100" fill="red"/></svg>',
);
export const HTML = Buffer.from("<!doctype html><html><body><script>fetch('/api/trpc/user.me')</script></body></html>");

/** The type the bytes really are, from their magic numbers (independent of the code under test). */
export function mimeOfBytes(bytes: Buffer): string | null {
  if (bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return "image/jpeg";
  if (bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP") return "image/webp";
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "image/png";
  if (/^GIF8[79]a/.test(bytes.subarray(0, 6).toString("latin1"))) return "image/gif";
  return null;
}

/** The RGBA value of one pixel of an encoded image, as displayed (no orientation applied). */
export async function pixelAt(image: Buffer, x: number, y: number): Promise<[number, number, number, number]> {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * 4;
  return [data[at]!, data[at + 1]!, data[at + 2]!, data[at + 3]!];
}

/** True when the pixel is within `tolerance` of the colour on every channel (JPEG is lossy). */
export function near([r, g, b]: [number, number, number, number], colour: Colour, tolerance = 40) {
  return Math.abs(r - colour.r) <= tolerance && Math.abs(g - colour.g) <= tolerance && Math.abs(b - colour.b) <= tolerance;
}

/**
 * The GPS latitude recorded in an EXIF block (as sharp's metadata().exif returns it: "Exif\0\0"
 * then a TIFF structure), or null when there is no GPS IFD. Reads IFD0 → GPSInfo (0x8825) →
 * GPSLatitudeRef (1) and GPSLatitude (2, three rationals).
 */
export function gpsLatitudeOf(exif: Buffer | undefined): { ref: string; degrees: number[] } | null {
  if (!exif) return null;
  const tiff = exif.subarray(0, 6).toString("latin1") === "Exif\0\0" ? exif.subarray(6) : exif;
  const little = tiff.subarray(0, 2).toString("latin1") === "II";
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const entries = (ifd: number) =>
    Array.from({ length: u16(ifd) }, (_, i) => {
      const at = ifd + 2 + i * 12;
      return { tag: u16(at), valueAt: at + 8, value: u32(at + 8) };
    });
  const gpsPointer = entries(u32(4)).find((e) => e.tag === 0x8825);
  if (!gpsPointer) return null;
  const gps = entries(gpsPointer.value);
  const ref = gps.find((e) => e.tag === 1);
  const latitude = gps.find((e) => e.tag === 2);
  if (!ref || !latitude) return null;
  const degrees = [0, 1, 2].map((i) => u32(latitude.value + i * 8) / u32(latitude.value + i * 8 + 4));
  return { ref: tiff.subarray(ref.valueAt, ref.valueAt + 1).toString("latin1"), degrees };
}
