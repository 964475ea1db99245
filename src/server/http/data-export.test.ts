import { randomUUID } from "node:crypto";
import { strFromU8, unzipSync } from "fflate";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { apiServerForThisFile, databaseForThisFile } from "@tests/support/test-file";
import { conversationPair, makeUser, type TestUser } from "@tests/support/fixtures";
import { httpClient, sessionCookie } from "@tests/support/api-server";
import { photo } from "@tests/support/images";
import { REMOVED_MESSAGE_TEXT } from "@/shared/moderation";

const { db, bus } = databaseForThisFile();
const unexpected: string[] = [];
const server = apiServerForThisFile({ db, bus, log: (message, error) => unexpected.push(`${message}: ${String(error)}`) });

let customer: TestUser;
let artist: TestUser;
let conversationId: string;

beforeAll(async () => {
  ({ customer, artist, conversationId } = await conversationPair(db, bus));
});
afterEach(() => {
  expect(unexpected.splice(0)).toEqual([]);
});

const cookieOf = async (user: TestUser) => ({ cookie: await sessionCookie(user) });
const clientOf = async (user: TestUser) => httpClient(server.url, await cookieOf(user));

async function upload(user: TestUser, bytes: Buffer, into = conversationId): Promise<string> {
  const body = new FormData();
  body.append("file", new Blob([new Uint8Array(bytes)], { type: "image/jpeg" }), "photo.jpg");
  const response = await fetch(`${server.url}/api/uploads?conversationId=${into}`, { method: "POST", body, headers: await cookieOf(user) });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function exportOf(user: TestUser): Promise<{ response: Response; files: Record<string, Uint8Array> }> {
  const response = await fetch(`${server.url}/api/me/export`, { headers: await cookieOf(user) });
  expect(response.status).toBe(200);
  return { response, files: unzipSync(new Uint8Array(await response.arrayBuffer())) };
}

/** `count` messages in one statement (a send at a time would take minutes). */
async function writeHistory(conversationId: string, count: number, senderOf: (seq: number) => string, textOf: (seq: number) => string) {
  const seqs = Array.from({ length: count }, (_, i) => i + 1);
  await db.prisma.$executeRaw`
    INSERT INTO "Message" (id, "conversationId", seq, "senderId", text)
    SELECT gen_random_uuid()::text, ${conversationId}, s.seq, s.sender, s.text
      FROM unnest(${seqs}::int[], ${seqs.map(senderOf)}::text[], ${seqs.map(textOf)}::text[]) AS s(seq, sender, text)`;
  await db.prisma.conversation.update({ where: { id: conversationId }, data: { lastSeq: count } });
}

const json = (files: Record<string, Uint8Array>, name: string): unknown => {
  expect(Object.keys(files)).toContain(name);
  return JSON.parse(strFromU8(files[name]!));
};

describe("GET /api/me/export", () => {
  it("gives the person a zip of their profile, conversations, messages as they see them, and their photos", async () => {
    const customerClient = await clientOf(customer);
    const artistClient = await clientOf(artist);
    const service = await artistClient.service.create.mutate({ name: "Bridal makeup", durationMinutes: 90, priceCents: 12000 });
    const startsAt = new Date(Date.now() + 7 * 86_400_000);
    const booking = await customerClient.booking.create.mutate({ serviceId: service.id, startsAt, note: "Early start please" });
    await customerClient.message.send.mutate({ conversationId, clientId: randomUUID(), text: "Hello from me" });
    const photoId = await upload(customer, await photo(640, 480));
    await customerClient.message.send.mutate({ conversationId, clientId: randomUUID(), text: "My look", attachmentIds: [photoId] });
    await artistClient.message.send.mutate({ conversationId, clientId: randomUUID(), text: "Hi, lovely!" });
    const theirPhoto = await upload(artist, await photo(320, 240));
    await artistClient.message.send.mutate({ conversationId, clientId: randomUUID(), text: "", attachmentIds: [theirPhoto] });
    // One of the artist's messages was removed by Glow support: exported as the customer sees it.
    const removed = await artistClient.message.send.mutate({ conversationId, clientId: randomUUID(), text: "call me on 0770" });
    await db.prisma.message.update({ where: { id: removed.id }, data: { text: REMOVED_MESSAGE_TEXT, originalText: "call me on 0770", removedAt: new Date() } });

    const { response, files } = await exportOf(customer);
    expect(response.headers.get("content-type")).toBe("application/zip");
    const day = new Date().toISOString().slice(0, 10);
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="glow-data-${day}.zip"`);
    expect(Object.keys(files).sort()).toEqual(["conversations.json", `messages/${conversationId}.json`, `photos/${photoId}.jpg`, "profile.json"]);

    const profile = json(files, "profile.json") as Record<string, unknown>;
    expect(profile).toMatchObject({
      id: customer.id,
      email: customer.email,
      name: customer.name,
      role: "CUSTOMER",
      settings: { readReceipts: true, showPresence: true, pushPreviews: true },
      blocked: [],
      signIns: [{ startedAt: expect.any(String), endedAt: null }],
    });
    expect(Object.keys(profile)).not.toContain("passwordHash");
    for (const [name, bytes] of Object.entries(files)) {
      if (name.endsWith(".json")) expect(strFromU8(bytes), name).not.toContain("scrypt");
    }

    expect(json(files, "conversations.json")).toEqual([
      {
        id: conversationId,
        with: { name: artist.name, role: "ARTIST" },
        createdAt: expect.any(String),
        bookings: [
          {
            id: booking.id,
            service: { name: "Bridal makeup", durationMinutes: 90, priceCents: 12000 },
            status: "PENDING",
            startsAt: startsAt.toISOString(),
            note: "Early start please",
            requestedBy: "me",
            cancelledBy: null,
            createdAt: expect.any(String),
            updatedAt: expect.any(String),
          },
        ],
      },
    ]);

    const thread = json(files, `messages/${conversationId}.json`) as { conversationId: string; with: unknown; messages: Record<string, unknown>[] };
    expect(thread.conversationId).toBe(conversationId);
    expect(thread.with).toEqual({ id: artist.id, name: artist.name, role: "ARTIST" });
    expect(thread.messages.map(({ seq, sender, kind, text, photos }) => ({ seq, sender, kind, text, photos }))).toEqual([
      { seq: 1, sender: null, kind: "SYSTEM", text: expect.stringMatching(/^Booking requested: Bridal makeup, /), photos: [] },
      { seq: 2, sender: "me", kind: "TEXT", text: "Hello from me", photos: [] },
      { seq: 3, sender: "me", kind: "IMAGE", text: "My look", photos: [`${photoId}.jpg`] },
      { seq: 4, sender: artist.name, kind: "TEXT", text: "Hi, lovely!", photos: [] },
      { seq: 5, sender: artist.name, kind: "IMAGE", text: "", photos: [`${theirPhoto}.jpg`] },
      { seq: 6, sender: artist.name, kind: "TEXT", text: REMOVED_MESSAGE_TEXT, photos: [] },
    ]);
    expect(thread.messages[5]).toMatchObject({ removedByGlowSupport: true });
    expect(JSON.stringify(thread)).not.toContain("0770");

    // The photo is the full image the store holds, byte for byte.
    const full = await fetch(`${server.url}/api/uploads/${photoId}/full`, { headers: await cookieOf(customer) });
    expect(Buffer.from(files[`photos/${photoId}.jpg`]!).equals(Buffer.from(await full.arrayBuffer()))).toBe(true);
    expect(files[`photos/${photoId}.jpg`]!.length).toBeGreaterThan(1000);
  });

  it("writes every message of a long history, read a page at a time, in seq order with no gap", async () => {
    const { customer: reader, artist: writer, conversationId: long } = await conversationPair(db, bus);
    const count = 1234;
    await writeHistory(long, count, (seq) => (seq % 2 ? reader.id : writer.id), (seq) => `line ${seq}`);
    const { files } = await exportOf(reader);
    const thread = json(files, `messages/${long}.json`) as { messages: { seq: number; sender: string; text: string }[] };
    expect(thread.messages.map((m) => m.seq)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(thread.messages[0]).toMatchObject({ sender: "me", text: "line 1" });
    expect(thread.messages[count - 1]).toMatchObject({ sender: writer.name, text: `line ${count}` });
  });

  it("answers 401 with a sentence to someone signed out, and 405 to another method", async () => {
    const signedOut = await fetch(`${server.url}/api/me/export`);
    expect(signedOut.status).toBe(401);
    expect(signedOut.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await signedOut.text()).toBe("Sign in to download your data.\n");

    const posted = await fetch(`${server.url}/api/me/export`, { method: "POST", headers: await cookieOf(customer) });
    expect(posted.status).toBe(405);
    expect(posted.headers.get("allow")).toBe("GET");
    expect(await posted.text()).toBe("Use GET to download your data.\n");
  });

  it("refuses a second export of the same person while the first is still being read, with 429", async () => {
    const { customer: reader, conversationId: busy } = await conversationPair(db, bus);
    // Enough history that the first download cannot finish before its reader reads it.
    await writeHistory(busy, 20_000, () => reader.id, () => `${randomUUID()} ${randomUUID()}`);
    const first = await fetch(`${server.url}/api/me/export`, { headers: await cookieOf(reader) });
    expect(first.status).toBe(200);
    const second = await fetch(`${server.url}/api/me/export`, { headers: await cookieOf(reader) });
    expect(second.status).toBe(429);
    expect(await second.text()).toBe("Your data is already being downloaded. Wait for that download to finish, then try again.\n");
    // Someone else is not held up by it.
    expect((await fetch(`${server.url}/api/me/export`, { headers: await cookieOf(await makeUser(db.prisma, "CUSTOMER")) })).status).toBe(200);
    // Once the first is read to its end, the next one is served.
    const zip = unzipSync(new Uint8Array(await first.arrayBuffer()));
    expect(Object.keys(zip)).toContain(`messages/${busy}.json`);
    const third = await fetch(`${server.url}/api/me/export`, { headers: await cookieOf(reader) });
    expect(third.status).toBe(200);
    await third.arrayBuffer();
  });
});
