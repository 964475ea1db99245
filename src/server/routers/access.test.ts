import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { databaseForThisFile } from "@tests/support/test-file";
import { callerFor, conversationPair, makeUser, NO_SUCH_ID, type TestUser } from "@tests/support/fixtures";

const { db, bus } = databaseForThisFile();
let customer: TestUser;
let artist: TestUser;
let stranger: TestUser;
let conversationId: string;

beforeAll(async () => {
  ({ customer, artist, conversationId } = await conversationPair(db, bus));
  stranger = await makeUser(db.prisma, "CUSTOMER");
  await callerFor(db, bus, customer).message.send({ conversationId, clientId: randomUUID(), text: "private" });
});

describe("a third user", () => {
  it("does not see the conversation in their inbox", async () => {
    const list = await callerFor(db, bus, stranger).conversation.list({});
    expect(list.items).toEqual([]);
  });

  it("gets NOT_FOUND reading, opening, sending to, marking and subscribing to it — the same as for a conversation that does not exist", async () => {
    const as = callerFor(db, bus, stranger);
    for (const id of [conversationId, NO_SUCH_ID]) {
      await expect(as.message.list({ conversationId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(as.conversation.byId({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(as.message.send({ conversationId: id, clientId: randomUUID(), text: "let me in" })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      await expect(as.conversation.markRead({ conversationId: id, seq: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
      const stream = await as.message.onMessage({ conversationId: id, lastEventId: "0" });
      await expect(stream[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect(await db.prisma.message.count({ where: { conversationId } })).toBe(1);
  });

  it("an admin is not a participant either (the audited admin viewer is separate)", async () => {
    const admin = await makeUser(db.prisma, "ADMIN");
    await expect(callerFor(db, bus, admin).message.list({ conversationId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("without a session", () => {
  it("every call gets UNAUTHORIZED", async () => {
    const anonymous = callerFor(db, bus, null);
    await expect(anonymous.user.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.conversation.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.conversation.getOrCreate({ participantId: artist.id })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.message.list({ conversationId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.message.send({ conversationId, clientId: randomUUID(), text: "x" })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    await expect(anonymous.message.onMessage({ conversationId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
