import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { databaseForThisFile } from "@tests/support/test-file";
import { callerFor, conversationPair, failure, type TestUser } from "@tests/support/fixtures";

const { db, bus } = databaseForThisFile();
let customer: TestUser;
let conversationId: string;

beforeAll(async () => {
  ({ customer, conversationId } = await conversationPair(db, bus));
});

describe("invalid input gets BAD_REQUEST with a message that says what to fix", () => {
  const cases: [string, (c: ReturnType<typeof callerFor>) => Promise<unknown>, RegExp][] = [
    ["empty text", (c) => c.message.send({ conversationId, clientId: randomUUID(), text: "   " }), /text: must not be empty/],
    [
      "text over 4000 characters",
      (c) => c.message.send({ conversationId, clientId: randomUUID(), text: "a".repeat(4001) }),
      /text: must be at most 4000 characters/,
    ],
    ["a clientId that is not a UUID", (c) => c.message.send({ conversationId, clientId: "abc", text: "hi" }), /clientId: must be a UUID/],
    ["limit 0", (c) => c.message.list({ conversationId, limit: 0 }), /limit: must be between 1 and 50/],
    ["limit 51", (c) => c.message.list({ conversationId, limit: 51 }), /limit: must be between 1 and 50/],
    ["beforeSeq 0", (c) => c.message.list({ conversationId, beforeSeq: 0 }), /^beforeSeq: must be between 1 and 2147483647$/],
    ["beforeSeq beyond 32 bits", (c) => c.message.list({ conversationId, beforeSeq: 2 ** 31 }), /^beforeSeq: must be between 1 and 2147483647$/],
    ["seq beyond 32 bits", (c) => c.conversation.markRead({ conversationId, seq: 2 ** 40 }), /^seq: must be between 0 and 2147483647$/],
    ["an empty participantId", (c) => c.conversation.getOrCreate({ participantId: "" }), /^participantId: must be an id such as "c/],
    ["an id of the wrong shape", (c) => c.conversation.byId({ id: "../../etc/passwd" }), /^id: must be an id such as "c/],
    ["a lastEventId that is not a seq", (c) => c.message.onMessage({ conversationId, lastEventId: "abc" }), /lastEventId: must be the seq/],
    ["a lastEventId beyond 32 bits", (c) => c.message.onMessage({ conversationId, lastEventId: "4294967296" }), /^lastEventId: must be the seq of a message the client already has \(at most 2147483647\)$/],
    ["a garbled inbox cursor", (c) => c.conversation.list({ cursor: "garbage" }), /^cursor: must be the nextCursor of the page before$/],
    ["a NUL character in the text", (c) => c.message.send({ conversationId, clientId: randomUUID(), text: "hi\u0000there" }), /^text: must not contain the NUL character$/],
    [
      "half a character in the text",
      (c) => c.message.send({ conversationId, clientId: randomUUID(), text: "broken \ud83d" }),
      /^text: must not contain half a character \(an unpaired UTF-16 surrogate\)$/,
    ],
    ["a NUL character in a field no schema has", (c) => c.user.artists({ limit: 5, ...{ "x\u0000": 1 } }), /^The input must not have a field name containing the NUL character\.$/],
  ];
  for (const [name, call, message] of cases) {
    it(name, async () => {
      const error = await failure(call(callerFor(db, bus, customer)));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toMatch(message);
    });
  }

  it("4000 characters exactly is accepted", async () => {
    const sent = await callerFor(db, bus, customer).message.send({ conversationId, clientId: randomUUID(), text: "b".repeat(4000) });
    expect(sent.text).toHaveLength(4000);
  });
});

describe("registration", () => {
  const anonymous = () => callerFor(db, bus, null);

  it("creates an account and refuses the same email again (any case) with CONFLICT", async () => {
    const { id } = await anonymous().auth.register({ email: "Dana@Example.com", password: "correct horse", name: "Dana", role: "CUSTOMER" });
    const stored = await db.prisma.user.findUniqueOrThrow({ where: { id } });
    expect(stored.email).toBe("dana@example.com");
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    expect(stored.passwordHash).not.toContain("correct horse");
    const again = await failure(anonymous().auth.register({ email: "dana@example.COM", password: "another pw", name: "D", role: "ARTIST" }));
    expect(again.code).toBe("CONFLICT");
    expect(again.message).toMatch(/already exists/);
  });

  it("refuses bad fields with messages and never creates an ADMIN", async () => {
    const bad = [
      [{ email: "not-an-email", password: "long enough", name: "X", role: "CUSTOMER" }, /email: must be an email/],
      [{ email: "a@b.co", password: "short", name: "X", role: "CUSTOMER" }, /password: must be at least 8/],
      [{ email: "a@b.co", password: "x".repeat(201), name: "X", role: "CUSTOMER" }, /password: must be at most 200/],
      [{ email: "a@b.co", password: "long enough", name: " ", role: "CUSTOMER" }, /name: must not be empty/],
      [{ email: "a@b.co", password: "long enough", name: "n".repeat(81), role: "CUSTOMER" }, /name: must be at most 80/],
      [{ email: "a@b.co", password: "long enough", name: "X", role: "ADMIN" }, /role: must be "CUSTOMER" or "ARTIST"/],
    ] as const;
    for (const [input, message] of bad) {
      const error = await failure(anonymous().auth.register(input as never));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toMatch(message);
    }
    expect(await db.prisma.user.count({ where: { email: "a@b.co" } })).toBe(0);
  });

  it("user.me returns the signed-in user", async () => {
    expect(await callerFor(db, bus, customer).user.me()).toEqual({
      id: customer.id,
      name: customer.name,
      email: customer.email,
      role: "CUSTOMER",
    });
  });
});
