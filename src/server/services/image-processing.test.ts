import sharp from "sharp";
import { describe, expect, it } from "vitest";
import {
  animatedGif,
  BLUE,
  GPS_LATITUDE,
  GREEN,
  gpsLatitudeOf,
  halfTransparentPng,
  HTML,
  jpegWithGps,
  mimeOfBytes,
  near,
  noisyJpeg,
  photo,
  pixelAt,
  pngDeclaring,
  RED,
  sidewaysJpeg,
  SVG,
} from "@tests/support/images";
import { DomainError } from "./errors";
import { MAX_UPLOAD_BYTES } from "@/shared/limits";
import { processImage } from "./image-processing";

/** The error processImage refuses the bytes with. */
async function refusal(bytes: Buffer): Promise<DomainError> {
  try {
    await processImage(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error("expected the image to be refused");
}

const NOT_A_PHOTO = "This file is not a photo we can send. Use a JPEG, PNG, WebP or GIF image.";
const DAMAGED = "This photo is damaged or incomplete. Try exporting it again.";

describe("what a photo gives away", () => {
  it("comes back with no EXIF at all, so not where it was taken", async () => {
    const input = await jpegWithGps();
    // The input really does say where it was taken.
    const before = await sharp(input).metadata();
    expect(gpsLatitudeOf(before.exif)).toEqual({ ref: "N", degrees: GPS_LATITUDE });

    const { full, thumb } = await processImage(input);
    for (const output of [full, thumb]) {
      const after = await sharp(output.data).metadata();
      expect(after.exif).toBeUndefined();
      expect(after.xmp).toBeUndefined();
      expect(after.iptc).toBeUndefined();
      expect(gpsLatitudeOf(after.exif)).toBeNull();
      // No EXIF block anywhere in the file, whatever the container.
      expect(output.data.includes(Buffer.from("Exif\0\0", "latin1"))).toBe(false);
    }
  });

  it("drops the EXIF of PNG and WebP photos too", async () => {
    for (const format of ["png", "webp"] as const) {
      const input = await sharp({ create: { width: 64, height: 48, channels: 3, background: BLUE } })
        [format]()
        .withExif({ IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 0/1" } })
        .toBuffer();
      expect(gpsLatitudeOf((await sharp(input).metadata()).exif)).toEqual({ ref: "N", degrees: GPS_LATITUDE });
      const { full, thumb } = await processImage(input);
      expect((await sharp(full.data).metadata()).exif).toBeUndefined();
      expect((await sharp(thumb.data).metadata()).exif).toBeUndefined();
    }
  });
});

describe("orientation", () => {
  it("turns a photo stored sideways (EXIF orientation 6) upright and drops the tag", async () => {
    const input = await sidewaysJpeg();
    const before = await sharp(input).metadata();
    expect([before.width, before.height, before.orientation]).toEqual([400, 200, 6]);

    const { full, thumb } = await processImage(input);
    expect([full.width, full.height]).toEqual([200, 400]);
    const after = await sharp(full.data).metadata();
    expect([after.width, after.height]).toEqual([200, 400]);
    expect(after.orientation).toBeUndefined();

    // Where orientation 6 puts the colours: the stored left half (red) on top, the right half
    // (blue) below, and the stored top-left corner (green) top-right.
    expect(near(await pixelAt(full.data, 100, 100), RED)).toBe(true);
    expect(near(await pixelAt(full.data, 100, 300), BLUE)).toBe(true);
    expect(near(await pixelAt(full.data, 190, 10), GREEN)).toBe(true);
    expect(near(await pixelAt(full.data, 10, 10), RED)).toBe(true);

    expect([thumb.width, thumb.height]).toEqual([200, 400]);
    expect((await sharp(thumb.data).metadata()).orientation).toBeUndefined();
    expect(near(await pixelAt(thumb.data, 100, 100), RED)).toBe(true);
    expect(near(await pixelAt(thumb.data, 100, 300), BLUE)).toBe(true);
  });
});

describe("the type comes from the bytes", () => {
  it("keeps a JPEG a JPEG, labelled as what its bytes are", async () => {
    const { full, thumb } = await processImage(await photo(640, 480, "jpeg"));
    expect(full.mime).toBe("image/jpeg");
    expect(mimeOfBytes(full.data)).toBe("image/jpeg");
    expect(thumb.mime).toBe("image/webp");
    expect(mimeOfBytes(thumb.data)).toBe("image/webp");
  });

  it("treats a PNG as a PNG whatever it is called: WebP out, transparency kept", async () => {
    // processImage never sees a file name or a declared type; the PNG signature alone decides.
    const { full, thumb } = await processImage(await halfTransparentPng());
    for (const output of [full, thumb]) {
      expect(output.mime).toBe("image/webp");
      expect(mimeOfBytes(output.data)).toBe("image/webp");
      expect((await sharp(output.data).metadata()).hasAlpha).toBe(true);
      expect((await pixelAt(output.data, 8, 32))[3]).toBe(0);
      const opaque = await pixelAt(output.data, 56, 32);
      expect(opaque[3]).toBe(255);
      expect(near(opaque, RED)).toBe(true);
    }
  });

  it("accepts WebP and GIF photos", async () => {
    for (const format of ["webp", "gif"] as const) {
      const { full, thumb } = await processImage(await photo(320, 240, format));
      expect({ format, mime: full.mime, width: full.width, height: full.height }).toEqual({
        format,
        mime: "image/webp",
        width: 320,
        height: 240,
      });
      expect(mimeOfBytes(full.data)).toBe("image/webp");
      expect(mimeOfBytes(thumb.data)).toBe("image/webp");
    }
  });

  it("keeps the first frame of an animated GIF, not a strip of all frames", async () => {
    const input = await animatedGif();
    expect((await sharp(input).metadata()).pages).toBe(2);
    const { full } = await processImage(input);
    expect([full.width, full.height]).toEqual([100, 80]);
    const after = await sharp(full.data).metadata();
    expect([after.width, after.height]).toEqual([100, 80]);
    expect(near(await pixelAt(full.data, 50, 40), RED)).toBe(true);
  });
});

describe("refused, with a sentence a person can act on", () => {
  const cases: [string, () => Promise<Buffer> | Buffer, string][] = [
    ["an SVG (it can carry script)", () => SVG, NOT_A_PHOTO],
    ["an HTML page", () => HTML, NOT_A_PHOTO],
    [
      "a JPEG cut off halfway",
      async () => {
        const whole = await noisyJpeg(800, 600);
        return whole.subarray(0, Math.floor(whole.length / 2));
      },
      DAMAGED,
    ],
    ["an empty file", () => Buffer.alloc(0), "The file is empty. Choose a photo and try again."],
  ];
  for (const [name, bytes, sentence] of cases) {
    it(name, async () => {
      const error = await refusal(await bytes());
      expect({ code: error.code, message: error.message }).toEqual({ code: "BAD_REQUEST", message: sentence });
    });
  }

  it("the whole of that JPEG is accepted (so it is the cut that is refused)", async () => {
    const whole = await noisyJpeg(800, 600);
    expect((await processImage(whole)).full).toMatchObject({ width: 800, height: 600 });
  });

  it("a decompression bomb (20000×20000 PNG), from its header, before decoding it", async () => {
    const bomb = pngDeclaring(20000, 20000);
    expect(bomb.length).toBeLessThan(2000);
    // The file is a valid PNG as far as a reader of headers goes.
    expect(await sharp(bomb, { limitInputPixels: false }).metadata()).toMatchObject({ format: "png", width: 20000, height: 20000 });
    const error = await refusal(bomb);
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("20000×20000");
    expect(error.message).toContain("40 megapixels");
  });

  it("an image of just over 40 megapixels (8000×5001) is refused as too large, 8000×5000 is not", async () => {
    const over = await refusal(pngDeclaring(8000, 5001));
    expect(over.message).toBe("This photo is too large (8000×5001 pixels). Send one under 40 megapixels.");
    // Exactly 40 MP passes the size check; this one is then refused only for its missing rows.
    const atLimit = await refusal(pngDeclaring(8000, 5000));
    expect(atLimit.message).toBe(DAMAGED);
  });

  it("a file over 10 MB, while one of exactly 10 MB is accepted", async () => {
    const jpeg = await photo(640, 480, "jpeg");
    const exactly = Buffer.concat([jpeg, Buffer.alloc(MAX_UPLOAD_BYTES - jpeg.length)]);
    expect(exactly.length).toBe(10 * 1024 * 1024);
    expect((await processImage(exactly)).full).toMatchObject({ width: 640, height: 480 });

    const error = await refusal(Buffer.concat([exactly, Buffer.alloc(1)]));
    expect({ code: error.code, message: error.message }).toEqual({
      code: "BAD_REQUEST",
      message: "This photo is over 10 MB. Send a smaller one.",
    });
  });
});

describe("sizes", () => {
  it("scales a 4000×3000 photo to 2048×1536 and a 480×360 thumbnail", async () => {
    const { full, thumb } = await processImage(await photo(4000, 3000));
    expect([full.width, full.height, thumb.width, thumb.height]).toEqual([2048, 1536, 480, 360]);
    // The numbers describe the bytes.
    expect(await sharp(full.data).metadata()).toMatchObject({ width: 2048, height: 1536 });
    expect(await sharp(thumb.data).metadata()).toMatchObject({ width: 480, height: 360 });
  });

  it("scales a portrait 3000×4000 photo by its long edge: 1536×2048 and 360×480", async () => {
    const { full, thumb } = await processImage(await photo(3000, 4000));
    expect([full.width, full.height, thumb.width, thumb.height]).toEqual([1536, 2048, 360, 480]);
  });

  it("never enlarges a small 300×200 photo, not even its thumbnail", async () => {
    const { full, thumb } = await processImage(await photo(300, 200));
    expect([full.width, full.height, thumb.width, thumb.height]).toEqual([300, 200, 300, 200]);
    expect(await sharp(full.data).metadata()).toMatchObject({ width: 300, height: 200 });
    expect(await sharp(thumb.data).metadata()).toMatchObject({ width: 300, height: 200 });
  });
});
