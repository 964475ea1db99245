import type { Metadata, Sharp, SharpOptions } from "sharp";
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_LABEL } from "@/shared/limits";
import { DomainError } from "./errors";

/**
 * Turns untrusted bytes into a clean photo and thumbnail, or refuses them with a reason a person
 * can act on. The type comes from the bytes, never from the name or the declared type; the size
 * is checked from the header before anything is decoded; orientation is applied and every bit of
 * metadata (GPS included) is dropped by re-encoding.
 */

export const MAX_PIXELS = 40_000_000;

/** The refusal of a photo over MAX_UPLOAD_BYTES, wherever it is noticed (here, or while streaming it in). */
export const PHOTO_TOO_BIG = `This photo is over ${MAX_UPLOAD_LABEL}. Send a smaller one.`;
export const FULL_EDGE = 2048;
export const THUMB_EDGE = 480;

export type ImageType = "jpeg" | "png" | "webp" | "gif";

export interface ProcessedImage {
  data: Buffer;
  mime: "image/jpeg" | "image/webp";
  width: number;
  height: number;
}

type SharpFactory = (input?: Buffer, options?: SharpOptions) => Sharp;
let loadedSharp: Promise<SharpFactory> | undefined;

/**
 * sharp (libvips, a native library of several MB) is loaded by the first photo, not at start:
 * most processes serve far more messages than uploads, and some never see a photo.
 */
function loadSharp(): Promise<SharpFactory> {
  return (loadedSharp ??= import("sharp").then(({ default: factory }) => {
    // One decode at a time and no cache: uploads are rare next to messages, memory matters more.
    factory.cache(false);
    factory.concurrency(1);
    return factory;
  }));
}

const refuse = (message: string) => new DomainError("BAD_REQUEST", message);

/** The image type from the first bytes (magic numbers), or null. */
export function detectImageType(bytes: Buffer): ImageType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "png";
  if (bytes.length >= 6 && (bytes.subarray(0, 6).toString("latin1") === "GIF87a" || bytes.subarray(0, 6).toString("latin1") === "GIF89a")) return "gif";
  if (bytes.length >= 12 && bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP") return "webp";
  return null;
}

export async function processImage(bytes: Buffer): Promise<{ full: ProcessedImage; thumb: ProcessedImage }> {
  if (bytes.length === 0) throw refuse("The file is empty. Choose a photo and try again.");
  if (bytes.length > MAX_UPLOAD_BYTES) throw refuse(PHOTO_TOO_BIG);
  const type = detectImageType(bytes);
  if (!type) throw refuse("This file is not a photo we can send. Use a JPEG, PNG, WebP or GIF image.");

  const image = await loadSharp();
  // Header only: a 20000×20000 image is refused here, before any pixel is decoded.
  let header: Metadata;
  try {
    header = await image(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw refuse("This photo is damaged or incomplete. Try exporting it again.");
  }
  const { width = 0, height = 0 } = header;
  if (header.format !== type) throw refuse("This file is not a photo we can send. Use a JPEG, PNG, WebP or GIF image.");
  if (width * height > MAX_PIXELS) {
    throw refuse(`This photo is too large (${width}×${height} pixels). Send one under ${MAX_PIXELS / 1_000_000} megapixels.`);
  }

  // A JPEG stays a JPEG; others become WebP, which keeps transparency. Only the first frame of an
  // animation is kept.
  const keepsAlpha = type !== "jpeg";
  try {
    const full = await image(bytes, { limitInputPixels: MAX_PIXELS, failOn: "warning" })
      .rotate() // applies the EXIF orientation; output carries no metadata
      .resize({ width: FULL_EDGE, height: FULL_EDGE, fit: "inside", withoutEnlargement: true })
      [keepsAlpha ? "webp" : "jpeg"](keepsAlpha ? { quality: 85 } : { quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    const thumb = await image(full.data)
      .resize({ width: THUMB_EDGE, height: THUMB_EDGE, fit: "inside", withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer({ resolveWithObject: true });
    return {
      full: { data: full.data, mime: keepsAlpha ? "image/webp" : "image/jpeg", width: full.info.width, height: full.info.height },
      thumb: { data: thumb.data, mime: "image/webp", width: thumb.info.width, height: thumb.info.height },
    };
  } catch {
    throw refuse("This photo is damaged or incomplete. Try exporting it again.");
  }
}
