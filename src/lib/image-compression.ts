/** The long edge photos travel at; the server keeps at most this too. */
const MAX_EDGE = 2048;
/** Below this, a photo that is already small enough goes as it is. */
const SMALL_BYTES = 300 * 1024;

/**
 * Downscales a photo to ≤ 2048 px and re-encodes it in the browser, so a 12 MP phone photo
 * travels as a few hundred KB. The EXIF orientation is applied while decoding. JPEG stays JPEG;
 * images that may be transparent go as WebP. If the browser cannot decode the file, it is sent
 * as it is and the server explains what is wrong with it.
 */
export async function compressImage(file: File): Promise<Blob> {
  if (file.type === "image/gif") return file; // keep it as it is; the server takes the first frame
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    return file;
  }
  const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
  if (scale === 1 && file.size <= SMALL_BYTES) {
    bitmap.close();
    return file;
  }
  const width = Math.round(bitmap.width * scale);
  const height = Math.round(bitmap.height * scale);
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d");
  if (!context) return file;
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const type = file.type === "image/jpeg" ? "image/jpeg" : "image/webp";
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, 0.85));
  return blob && blob.size < file.size ? blob : file;
}
