import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@tests/support/database";
import { apiServerForThisFile, databaseForThisFile } from "@tests/support/test-file";
import { conversationPair, failure, makeUser, NO_SUCH_ID, type TestUser } from "@tests/support/fixtures";
import { httpClient, sessionCookie, sessionToken, startApiServer } from "@tests/support/api-server";

const { db, bus } = databaseForThisFile();
const server = apiServerForThisFile({ db, bus });
let customer: TestUser;
let artist: TestUser;
let conversationId: string;

beforeAll(async () => {
  ({ customer, artist, conversationId } = await conversationPair(db, bus));
});

const expectedDbKind = process.env.TEST_DATABASE_URL ? "postgres" : "pglite";

async function as(user: TestUser) {
  return httpClient(server.url, { cookie: await sessionCookie(user) });
}

describe("GET /api/health", () => {
  it("answers 200 with the database and bus kinds while the database answers", async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(await response.json()).toEqual({ ok: true, db: expectedDbKind, bus: "memory", busConnected: true });
  });

  it("answers 503 with ok: false once the database is gone", async () => {
    const doomed = await createTestDatabase();
    const doomedServer = await startApiServer({ db: doomed, bus });
    try {
      expect((await fetch(`${doomedServer.url}/api/health`)).status).toBe(200);
      await doomed.close();
      const response = await fetch(`${doomedServer.url}/api/health`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ ok: false, db: expectedDbKind, bus: "memory" });
    } finally {
      await doomedServer.close();
    }
  });
});

describe("tRPC over HTTP", () => {
  it("answers a call without a session with 401 UNAUTHORIZED", async () => {
    const anonymous = httpClient(server.url);
    expect(await failure(anonymous.user.me.query())).toMatchObject({ code: "UNAUTHORIZED", status: 401 });
    expect(
      await failure(anonymous.message.send.mutate({ conversationId, clientId: randomUUID(), text: "hi" })),
    ).toMatchObject({ code: "UNAUTHORIZED", status: 401 });
  });

  it("answers a forged session cookie with 401 UNAUTHORIZED", async () => {
    const forged = await sessionToken(customer, "an-attacker-secret-that-is-long-enough-0000");
    const client = httpClient(server.url, { cookie: `next-auth.session-token=${forged}` });
    expect(await failure(client.user.me.query())).toMatchObject({ code: "UNAUTHORIZED", status: 401 });
  });

  it("answers invalid input with 400 BAD_REQUEST and a sentence that says what to fix", async () => {
    const client = await as(customer);
    const before = await db.prisma.message.count({ where: { conversationId } });
    expect(await failure(client.message.send.mutate({ conversationId, clientId: randomUUID(), text: "   " }))).toEqual({
      message: "text: must not be empty (unless the message has photos)",
      code: "BAD_REQUEST",
      status: 400,
    });
    const notAUuid = await failure(client.message.send.mutate({ conversationId, clientId: "abc", text: "hi" }));
    expect(notAUuid).toMatchObject({ code: "BAD_REQUEST", status: 400 });
    expect(notAUuid.message).toMatch(/^clientId: must be a UUID/);
    expect(await db.prisma.message.count({ where: { conversationId } })).toBe(before);
  });

  it("answers a non-participant with 404 NOT_FOUND, as for a conversation that does not exist", async () => {
    await (await as(customer)).message.send.mutate({ conversationId, clientId: randomUUID(), text: "private" });
    const stranger = await as(await makeUser(db.prisma, "CUSTOMER"));
    for (const id of [conversationId, NO_SUCH_ID]) {
      expect(await failure(stranger.message.list.query({ conversationId: id }))).toMatchObject({ code: "NOT_FOUND", status: 404 });
      expect(await failure(stranger.conversation.byId.query({ id }))).toMatchObject({ code: "NOT_FOUND", status: 404 });
    }
  });

  it("authenticates with the session cookie and with Authorization: Bearer <session token>", async () => {
    const viaCookie = await as(customer);
    expect(await viaCookie.user.me.query()).toMatchObject({ id: customer.id });

    const viaBearer = httpClient(server.url, { authorization: `Bearer ${await sessionToken(artist)}` });
    expect(await viaBearer.user.me.query()).toMatchObject({ id: artist.id });
    const sent = await viaBearer.message.send.mutate({ conversationId, clientId: randomUUID(), text: "sent with a bearer token" });
    expect(sent).toMatchObject({ senderId: artist.id, text: "sent with a bearer token" });
    expect(sent.createdAt).toBeInstanceOf(Date);

    const forgedBearer = httpClient(server.url, {
      authorization: `Bearer ${await sessionToken(artist, "an-attacker-secret-that-is-long-enough-0000")}`,
    });
    expect(await failure(forgedBearer.user.me.query())).toMatchObject({ code: "UNAUTHORIZED", status: 401 });
  });
});
