import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { databaseForThisFile } from "@tests/support/test-file";
import { callerFor, conversationPair, makeUser, onMessageAs, untrack, type TestUser } from "@tests/support/fixtures";
import type { MessageDTO } from "@/server/services/message-dto";
import { CONTACT_DETAILS_PLACEHOLDER } from "@/shared/contact-details";

const { db, bus } = databaseForThisFile();

let customer: TestUser;
let artist: TestUser;
let conversationId: string;
let serviceId: string;

beforeEach(async () => {
  ({ customer, artist, conversationId } = await conversationPair(db, bus));
  serviceId = (await callerFor(db, bus, artist).service.create({ name: "Bridal makeup", durationMinutes: 90, priceCents: 12_000 })).id;
});

const send = (user: TestUser, text: string) => callerFor(db, bus, user).message.send({ conversationId, clientId: randomUUID(), text });
const PHONE = "call me on 07700 900123 tomorrow";
const MASKED = `call me on ${CONTACT_DETAILS_PLACEHOLDER} tomorrow`;

async function bookingIn(status: "PENDING" | "CONFIRMED" | "COMPLETED" | "DECLINED" | "CANCELLED") {
  const booking = await callerFor(db, bus, customer).booking.create({ serviceId, startsAt: new Date(Date.now() + 86_400_000) });
  if (status === "PENDING") return booking;
  if (status === "DECLINED") return callerFor(db, bus, artist).booking.transition({ id: booking.id, to: "DECLINED" });
  await callerFor(db, bus, artist).booking.transition({ id: booking.id, to: "CONFIRMED" });
  if (status === "CANCELLED") return callerFor(db, bus, customer).booking.transition({ id: booking.id, to: "CANCELLED" });
  if (status === "COMPLETED") {
    // Completing needs the booking's time to have come.
    await db.prisma.booking.update({ where: { id: booking.id }, data: { startsAt: new Date(Date.now() - 3_600_000) } });
    return callerFor(db, bus, artist).booking.transition({ id: booking.id, to: "COMPLETED" });
  }
  return booking;
}

describe("contact details before a booking is confirmed", () => {
  it("are hidden in what both participants see (the reply, the live stream, history); the original is kept for admins", async () => {
    const stream = await onMessageAs(db, bus, artist, { conversationId, lastEventId: "0" });
    try {
      const sent = await send(customer, PHONE);
      expect(sent).toMatchObject({ text: MASKED, contactDetailsHidden: true });
      const delivered = untrack<MessageDTO>((await stream.iterator.next()).value).data;
      expect(delivered).toMatchObject({ text: MASKED, contactDetailsHidden: true });
      expect(JSON.stringify(delivered)).not.toContain("900123");
      for (const user of [customer, artist]) {
        const history = await callerFor(db, bus, user).message.list({ conversationId });
        expect(history.items.map((m) => m.text)).toEqual([MASKED]);
        expect(JSON.stringify(history)).not.toContain("900123");
      }
      const lastMessage = (await callerFor(db, bus, artist).conversation.list({})).items.find((c) => c.id === conversationId)?.lastMessage;
      expect(lastMessage?.text).toBe(MASKED);
      expect(await db.prisma.message.findUniqueOrThrow({ where: { id: sent.id } })).toMatchObject({ originalText: PHONE, contactDetailsHidden: true });
    } finally {
      stream.stop();
    }
  });

  it("a message without contact details is stored as written, with no original kept", async () => {
    const sent = await send(artist, "£120 for the trial, 10:30 on 12/03/2027?");
    expect(sent).toMatchObject({ text: "£120 for the trial, 10:30 on 12/03/2027?", contactDetailsHidden: false });
    expect((await db.prisma.message.findUniqueOrThrow({ where: { id: sent.id } })).originalText).toBeNull();
  });

  for (const status of ["PENDING", "DECLINED", "CANCELLED"] as const) {
    it(`are still hidden while the pair's only booking is ${status}`, async () => {
      await bookingIn(status);
      expect((await send(artist, PHONE)).text).toBe(MASKED);
    });
  }
});

describe("from the moment a booking is confirmed", () => {
  for (const status of ["CONFIRMED", "COMPLETED"] as const) {
    it(`new messages are not masked (${status}); older ones stay as they were`, async () => {
      const before = await send(customer, PHONE);
      await bookingIn(status);
      const after = await send(customer, PHONE);
      expect(after).toMatchObject({ text: PHONE, contactDetailsHidden: false });
      const history = await callerFor(db, bus, artist).message.list({ conversationId });
      expect(history.items.filter((m) => m.kind === "TEXT").map((m) => m.text)).toEqual([MASKED, PHONE]);
      expect(history.items.find((m) => m.id === before.id)?.contactDetailsHidden).toBe(true);
    });
  }
});

describe("a booking request's note", () => {
  it("has its contact details hidden until the pair has a confirmed booking, the original kept for admins only", async () => {
    const asCustomer = callerFor(db, bus, customer);
    const first = await asCustomer.booking.create({ serviceId, startsAt: new Date(Date.now() + 86_400_000), note: PHONE });
    expect(first.note).toBe(MASKED);
    expect(JSON.stringify(await callerFor(db, bus, artist).booking.byId({ id: first.id }))).not.toContain("900123");
    expect(await db.prisma.booking.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ note: MASKED, originalNote: PHONE });

    await callerFor(db, bus, artist).booking.transition({ id: first.id, to: "CONFIRMED" });
    const second = await asCustomer.booking.create({ serviceId, startsAt: new Date(Date.now() + 2 * 86_400_000), note: PHONE });
    expect(second.note).toBe(PHONE);
    expect((await db.prisma.booking.findUniqueOrThrow({ where: { id: second.id } })).originalNote).toBeNull();
  });
});

describe("with the keyword filter", () => {
  it("a masked term and hidden contact details in one message: both replaced, one original kept", async () => {
    const asAdmin = callerFor(db, bus, await makeUser(db.prisma, "ADMIN")).admin.keywords;
    const { id } = await asAdmin.add({ term: "rubbish", action: "MASK" });
    try {
      const text = "rubbish service, text me on 07700 900123";
      const sent = await send(customer, text);
      expect(sent.text).toBe(`******* service, text me on ${CONTACT_DETAILS_PLACEHOLDER}`);
      expect((await db.prisma.message.findUniqueOrThrow({ where: { id: sent.id } })).originalText).toBe(text);
      const booking = await callerFor(db, bus, customer).booking.create({ serviceId, startsAt: new Date(Date.now() + 86_400_000), note: text });
      expect(booking.note).toBe(`******* service, text me on ${CONTACT_DETAILS_PLACEHOLDER}`);
    } finally {
      await asAdmin.remove({ id });
    }
  });
});
