import { describe, expect, it } from "vitest";
import { databaseForThisFile } from "@tests/support/test-file";
import { callerFor, makeUser, NO_SUCH_ID } from "@tests/support/fixtures";

const { db, bus } = databaseForThisFile();

describe("one conversation per customer–artist pair", () => {
  it("gives 20 concurrent getOrCreate calls from both sides the same conversation, stored once", async () => {
    const customer = await makeUser(db.prisma, "CUSTOMER");
    const artist = await makeUser(db.prisma, "ARTIST");
    const asCustomer = callerFor(db, bus, customer);
    const asArtist = callerFor(db, bus, artist);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? asCustomer.conversation.getOrCreate({ participantId: artist.id })
          : asArtist.conversation.getOrCreate({ participantId: customer.id }),
      ),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await db.prisma.conversation.count({ where: { customerId: customer.id, artistId: artist.id } })).toBe(1);
    expect(await db.prisma.participant.count({ where: { conversationId: results[0]!.id } })).toBe(2);
  });

  it("returns the existing conversation on later calls", async () => {
    const customer = await makeUser(db.prisma, "CUSTOMER");
    const artist = await makeUser(db.prisma, "ARTIST");
    const first = await callerFor(db, bus, customer).conversation.getOrCreate({ participantId: artist.id });
    const again = await callerFor(db, bus, customer).conversation.getOrCreate({ participantId: artist.id });
    expect(again.id).toBe(first.id);
  });

  it("refuses two customers, two artists, an admin and oneself with BAD_REQUEST", async () => {
    const a = await makeUser(db.prisma, "CUSTOMER");
    const b = await makeUser(db.prisma, "CUSTOMER");
    const artist1 = await makeUser(db.prisma, "ARTIST");
    const artist2 = await makeUser(db.prisma, "ARTIST");
    const admin = await makeUser(db.prisma, "ADMIN");
    const pairs = [
      [a, b],
      [artist1, artist2],
      [a, admin],
      [admin, artist1],
      [a, a],
    ] as const;
    for (const [from, to] of pairs) {
      await expect(callerFor(db, bus, from).conversation.getOrCreate({ participantId: to.id })).rejects.toMatchObject({
        code: "BAD_REQUEST",
      });
    }
    expect(await db.prisma.conversation.count({ where: { customerId: a.id } })).toBe(0);
  });

  it("refuses an unknown participant with BAD_REQUEST", async () => {
    const customer = await makeUser(db.prisma, "CUSTOMER");
    await expect(
      callerFor(db, bus, customer).conversation.getOrCreate({ participantId: NO_SUCH_ID }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: "That person does not exist." });
  });
});

describe("the inbox", () => {
  it("lists the other person, last message, unread count, most recent activity first, and pages", async () => {
    const customer = await makeUser(db.prisma, "CUSTOMER", "Chloe");
    const artists = await Promise.all([1, 2, 3].map((i) => makeUser(db.prisma, "ARTIST", `Artist ${i}`)));
    const asCustomer = callerFor(db, bus, customer);
    const ids: string[] = [];
    for (const artist of artists) ids.push((await asCustomer.conversation.getOrCreate({ participantId: artist.id })).id);
    // artist 1 writes twice, then the customer writes to artist 2 last
    const asArtist1 = callerFor(db, bus, artists[0]!);
    await asArtist1.message.send({ conversationId: ids[0]!, clientId: crypto.randomUUID(), text: "Hi!" });
    await asArtist1.message.send({ conversationId: ids[0]!, clientId: crypto.randomUUID(), text: "Are you free Saturday?" });
    await asCustomer.message.send({ conversationId: ids[1]!, clientId: crypto.randomUUID(), text: "Hello" });

    const page1 = await asCustomer.conversation.list({ limit: 2 });
    expect(page1.items.map((c) => c.id)).toEqual([ids[1], ids[0]]);
    expect(page1.items[0]).toMatchObject({ participant: { id: artists[1]!.id, name: "Artist 2", role: "ARTIST" }, unreadCount: 0 });
    expect(page1.items[1]).toMatchObject({ unreadCount: 2, lastMessage: { text: "Are you free Saturday?", seq: 2 } });
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await asCustomer.conversation.list({ limit: 2, cursor: page1.nextCursor! });
    expect(page2.items.map((c) => c.id)).toEqual([ids[2]]);
    expect(page2.items[0]!.lastMessage).toBeNull();
    expect(page2.nextCursor).toBeNull();

    // reading clears the badge; the read position never moves back
    await asCustomer.conversation.markRead({ conversationId: ids[0]!, seq: 2 });
    await asCustomer.conversation.markRead({ conversationId: ids[0]!, seq: 1 });
    const after = await asCustomer.conversation.list({});
    expect(after.items.find((c) => c.id === ids[0])!.unreadCount).toBe(0);
    const artistView = await asArtist1.conversation.list({});
    expect(artistView.items[0]).toMatchObject({ id: ids[0], participant: { id: customer.id, name: "Chloe" }, unreadCount: 0 });
  });
});
