import { randomUUID } from "node:crypto";
import { request } from "node:http";
import { readdirSync } from "node:fs";
import sharp from "sharp";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { apiServerForThisFile, databaseForThisFile } from "@tests/support/test-file";
import { conversationPair, makeUser, NO_SUCH_ID, type TestUser } from "@tests/support/fixtures";
import { httpClient, sessionCookie } from "@tests/support/api-server";
import { MAX_UPLOAD_BYTES } from "@/shared/limits";
import { halfTransparentPng, mimeOfBytes, photo, SVG } from "@tests/support/images";

const { db, bus } = databaseForThisFile();
const unexpected: string[] = [];
const server = apiServerForThisFile({ db, bus, log: (message, error) => unexpected.push(`${message}: ${String(error)}`) });
let customer: TestUser;
let artist: TestUser;
let stranger: TestUser;
let admin: TestUser;
let conversationId: string;
let jpeg4000x3000: Buffer;

beforeAll(async () => {
  ({ customer, artist, conversationId } = await conversationPair(db, bus));
  stranger = await makeUser(db.prisma, "CUSTOMER");
  admin = await makeUser(db.prisma, "ADMIN");
  jpeg4000x3000 = await photo(4000, 3000, "jpeg");
});
// Every request here gets an answer on purpose: none may take the "unexpected failure" path.
afterEach(() => {
  expect(unexpected.splice(0)).toEqual([]);
});

const NOT_A_PHOTO = "This file is not a photo we can send. Use a JPEG, PNG, WebP or GIF image.";
const TOO_BIG = "This photo is over 10 MB. Send a smaller one.";

async function headersFor(user: TestUser | null): Promise<Record<string, string>> {
  return user ? { cookie: await sessionCookie(user) } : {};
}

function form(bytes: Buffer, { field = "file", filename = "photo.jpg", type = "image/jpeg" } = {}) {
  const body = new FormData();
  body.append(field, new Blob([new Uint8Array(bytes)], { type }), filename);
  return body;
}

async function post(user: TestUser | null, body: BodyInit, query: string | null = `conversationId=${conversationId}`, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/uploads${query === null ? "" : `?${query}`}`, {
    method: "POST",
    body,
    headers: { ...(await headersFor(user)), ...headers },
  });
}

async function get(user: TestUser | null, id: string, variant: "full" | "thumb") {
  return fetch(`${server.url}/api/uploads/${encodeURIComponent(id)}/${variant}`, { headers: await headersFor(user) });
}

/** Uploads bytes as the user and returns the new id, failing loudly if it was not 201. */
async function uploadAs(user: TestUser, bytes: Buffer, options?: Parameters<typeof form>[1]): Promise<{ id: string; width: number; height: number }> {
  const response = await post(user, form(bytes, options));
  const body = await response.json();
  expect({ status: response.status, body }).toMatchObject({ status: 201 });
  return body as { id: string; width: number; height: number };
}

/** The response is an error of this status whose body is exactly { error: <a sentence> }. */
async function expectError(response: Response, status: number, sentence?: string): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await response.json()) as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(["error"]);
  expect(typeof body.error).toBe("string");
  expect((body.error as string).length).toBeGreaterThan(0);
  if (sentence !== undefined) expect(body.error).toBe(sentence);
  return body.error as string;
}

async function sendWith(user: TestUser, attachmentIds: string[]) {
  const client = httpClient(server.url, await headersFor(user));
  return client.message.send.mutate({ conversationId, clientId: randomUUID(), text: "", attachmentIds });
}

const filesOnDisk = () => readdirSync(server.imagesDir!, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
const uploadRows = () => db.prisma.upload.count();

describe("POST /api/uploads", () => {
  it("answers 201 with the id and the processed size of a participant's photo", async () => {
    const files = filesOnDisk();
    const response = await post(customer, form(jpeg4000x3000));
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await response.json();
    expect(body).toEqual({ id: expect.any(String), width: 2048, height: 1536 });
    const row = await db.prisma.upload.findUniqueOrThrow({ where: { id: body.id } });
    expect(row).toMatchObject({ conversationId, uploaderId: customer.id, messageId: null, width: 2048, height: 1536 });
    expect(filesOnDisk()).toBe(files + 2); // the full image and the thumbnail
  });

  it("judges a file by its bytes, not its name or declared type: a PNG sent as photo.jpg comes back a transparent WebP", async () => {
    const { id } = await uploadAs(customer, await halfTransparentPng(), { filename: "photo.jpg", type: "image/jpeg" });
    const response = await get(customer, id, "full");
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(response.headers.get("content-type")).toBe("image/webp");
    expect(mimeOfBytes(bytes)).toBe("image/webp");
    expect((await sharp(bytes).metadata()).hasAlpha).toBe(true);
  });

  it("refuses an SVG with 400 and the not-a-photo sentence, even one called photo.jpg, storing nothing", async () => {
    const [rows, files] = [await uploadRows(), filesOnDisk()];
    await expectError(await post(customer, form(SVG, { filename: "logo.svg", type: "image/svg+xml" })), 400, NOT_A_PHOTO);
    await expectError(await post(customer, form(SVG, { filename: "photo.jpg", type: "image/jpeg" })), 400, NOT_A_PHOTO);
    expect([await uploadRows(), filesOnDisk()]).toEqual([rows, files]);
  });

  it("answers a non-participant with 404, as for a conversation that does not exist, storing nothing", async () => {
    const [rows, files] = [await uploadRows(), filesOnDisk()];
    const intoTheirs = await expectError(await post(stranger, form(jpeg4000x3000)), 404);
    const intoNothing = await expectError(await post(customer, form(jpeg4000x3000), `conversationId=${NO_SUCH_ID}`), 404);
    expect(intoTheirs).toBe(intoNothing);
    expect([await uploadRows(), filesOnDisk()]).toEqual([rows, files]);
  });

  it("answers 401 without a session", async () => {
    await expectError(await post(null, form(jpeg4000x3000)), 401);
  });

  it("answers 400 with a sentence when the conversationId is missing", async () => {
    await expectError(await post(customer, form(jpeg4000x3000), null), 400, "Say which conversation the photo is for: ?conversationId=…");
    await expectError(await post(customer, form(jpeg4000x3000), "conversationId="), 400, "Say which conversation the photo is for: ?conversationId=…");
    // A garbled id is refused before any query: the NUL character would make Postgres fail.
    for (const garbled of ["%00", "does-not-exist", "%ED%A0%80"]) {
      await expectError(await post(customer, form(jpeg4000x3000), `conversationId=${garbled}`), 400, "Say which conversation the photo is for: ?conversationId=…");
    }
  });

  it('answers 400 with a sentence when there is no "file" field', async () => {
    const sentence = 'No photo found: send it in a form field named "file".';
    await expectError(await post(customer, form(jpeg4000x3000, { field: "photo" })), 400, sentence);
    const onlyText = new FormData();
    onlyText.append("caption", "hello");
    await expectError(await post(customer, onlyText), 400, sentence);
  });

  it("answers 400 to a body that is not multipart", async () => {
    const sentence = 'Send the photo as multipart/form-data in a field named "file".';
    await expectError(await post(customer, JSON.stringify({ file: "abc" }), undefined, { "content-type": "application/json" }), 400, sentence);
    await expectError(await post(customer, new Uint8Array(jpeg4000x3000), undefined, { "content-type": "image/jpeg" }), 400, sentence);
  });

  it("answers 413 with { error } to a body over 10 MB, storing nothing", async () => {
    const [rows, files] = [await uploadRows(), filesOnDisk()];
    const zeros = Buffer.alloc(11 * 1024 * 1024);
    await expectError(await post(customer, form(zeros)), 413, TOO_BIG);
    expect([await uploadRows(), filesOnDisk()]).toEqual([rows, files]);
  });

  it("accepts a photo of exactly 10 MB, as processImage does; one byte more is 413", async () => {
    const jpeg = await photo(640, 480, "jpeg");
    const exactly = Buffer.concat([jpeg, Buffer.alloc(MAX_UPLOAD_BYTES - jpeg.length)]);
    const response = await post(customer, form(exactly));
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 201, body: { id: expect.any(String), width: 640, height: 480 } });
    await expectError(await post(customer, form(Buffer.concat([exactly, Buffer.alloc(1)]))), 413, TOO_BIG);
  });

  it("answers 413 to a file over 10 MB streamed without a Content-Length", async () => {
    const [rows, files] = [await uploadRows(), filesOnDisk()];
    // The same multipart body, sent chunked: only counting the file's bytes can catch it.
    const encoded = new Response(form(Buffer.alloc(11 * 1024 * 1024)));
    const contentType = encoded.headers.get("content-type")!;
    const bytes = new Uint8Array(await encoded.arrayBuffer());
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 256 * 1024) controller.enqueue(bytes.subarray(at, at + 256 * 1024));
        controller.close();
      },
    });
    const response = await fetch(`${server.url}/api/uploads?conversationId=${conversationId}`, {
      method: "POST",
      body: stream,
      headers: { ...(await headersFor(customer)), "content-type": contentType },
      duplex: "half",
    } as RequestInit);
    await expectError(response, 413, TOO_BIG);
    expect([await uploadRows(), filesOnDisk()]).toEqual([rows, files]);
  });

  it("refuses a body announced as over 10 MB from its Content-Length alone, without waiting for it", async () => {
    // Only the start of the body is ever sent: the answer must come from the announced length.
    // (Were it not refused early, the server would wait for the rest and the test would time out.)
    const boundary = "glow-boundary";
    const cookie = await sessionCookie(customer);
    const answer = await new Promise<{ status?: number; type?: string; body: string }>((resolve, reject) => {
      const req = request(`${server.url}/api/uploads?conversationId=${conversationId}`, {
        method: "POST",
        headers: {
          cookie,
          "content-type": `multipart/form-data; boundary=${boundary}`,
          "content-length": String(50 * 1024 * 1024),
        },
      });
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          resolve({ status: res.statusCode, type: res.headers["content-type"], body: Buffer.concat(chunks).toString() });
          req.destroy();
        });
      });
      req.on("error", reject);
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
      req.write(Buffer.alloc(64 * 1024));
    });
    expect(answer.status).toBe(413);
    expect(answer.type).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body)).toEqual({ error: TOO_BIG });
  });
});

describe("GET /api/uploads/:id/full and /thumb", () => {
  async function expectImage(response: Response, size: { width: number; height: number }, mime: string) {
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(response.headers.get("content-type")).toBe(mime);
    expect(mimeOfBytes(bytes)).toBe(mime);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const cacheControl = response.headers.get("cache-control") ?? "";
    expect(cacheControl).toContain("immutable");
    expect(cacheControl).toContain("private");
    expect(Number(response.headers.get("content-length"))).toBe(bytes.length);
    expect(await sharp(bytes).metadata()).toMatchObject(size);
  }

  it("lets the uploader see the full photo and the thumbnail before sending it", async () => {
    const { id } = await uploadAs(customer, jpeg4000x3000);
    await expectImage(await get(customer, id, "full"), { width: 2048, height: 1536 }, "image/jpeg");
    await expectImage(await get(customer, id, "thumb"), { width: 480, height: 360 }, "image/webp");
  });

  it("before it is sent, shows it to nobody else: the other participant and an admin get 404", async () => {
    const { id } = await uploadAs(customer, jpeg4000x3000);
    for (const viewer of [artist, admin, stranger]) {
      for (const variant of ["full", "thumb"] as const) {
        await expectError(await get(viewer, id, variant), 404, "This photo was not found.");
      }
    }
  });

  it("once sent, shows it to the other participant and an admin; a signed-in stranger gets 404, no session 401", async () => {
    const { id } = await uploadAs(customer, jpeg4000x3000);
    const sent = await sendWith(customer, [id]);
    expect(sent.attachments.map((a) => a.id)).toEqual([id]);
    for (const viewer of [customer, artist, admin]) {
      await expectImage(await get(viewer, id, "full"), { width: 2048, height: 1536 }, "image/jpeg");
      await expectImage(await get(viewer, id, "thumb"), { width: 480, height: 360 }, "image/webp");
    }
    for (const variant of ["full", "thumb"] as const) {
      await expectError(await get(stranger, id, variant), 404, "This photo was not found.");
      await expectError(await get(null, id, variant), 401, "Sign in to send or see photos.");
    }
  });

  it("answers 404 for an id that does not exist, in the same words as for one you may not see", async () => {
    await expectError(await get(customer, "does-not-exist", "full"), 404, "This photo was not found.");
    await expectError(await get(customer, "does-not-exist", "thumb"), 404, "This photo was not found.");
  });

  it("answers 404, not a server error, for an id that is not even valid percent-encoding", async () => {
    const garbled = await fetch(`${server.url}/api/uploads/%E0%A4%A/full`, { headers: await headersFor(customer) });
    await expectError(garbled, 404, "This photo was not found.");
  });

  it("answers any other path or method under /api/uploads with { error }", async () => {
    const { id } = await uploadAs(customer, await photo(64, 64));
    const response = await fetch(`${server.url}/api/uploads/${id}/original`, { headers: await headersFor(customer) });
    await expectError(response, 404);
    await expectError(await fetch(`${server.url}/api/uploads`, { headers: await headersFor(customer) }), 405, "Use POST to upload a photo.");
  });
});
