import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { channels } from "@/server/realtime/event-bus";
import { formatBookingTime } from "@/server/services/booking-text";
import { BookingStatus } from "@/generated/prisma/enums";
import type { BookingTarget } from "@/server/services/bookings";
import type { MessageDTO } from "@/server/services/message-dto";
import { databaseForThisFile } from "@tests/support/test-file";
import { callerFor, failure, makePair, makeUser, NO_SUCH_ID, onMessageAs, untrack, type TestUser } from "@tests/support/fixtures";
import { take, waitFor } from "@tests/support/wait";

type Party = "customer" | "artist";

const { db, bus } = databaseForThisFile();
let strangerCustomer: TestUser;
let strangerArtist: TestUser;
let admin: TestUser;

beforeAll(async () => {
  strangerCustomer = await makeUser(db.prisma, "CUSTOMER", "Stranger Customer");
  strangerArtist = await makeUser(db.prisma, "ARTIST", "Stranger Artist");
  admin = await makeUser(db.prisma, "ADMIN", "Admin");
});

const as = (user: TestUser, signal?: AbortSignal) => callerFor(db, bus, user, signal);

const DAY = 86_400_000;
/** `hour`:00 UTC, `days` days from today; days >= 1 is always in the future. */
function daysAhead(days: number, hour = 10): Date {
  const date = new Date(Date.now() + days * DAY);
  date.setUTCHours(hour, 0, 0, 0);
  return date;
}
/** Where a booking is moved (directly in the database) when its time must have come. */
const PAST = new Date("2026-03-14T10:00:00.000Z");
const PAST_LABEL = "Sat 14 Mar 10:00";

/** A fresh customer and artist, and one service the artist offers. */
async function pair(serviceName = "Bridal makeup") {
  const { customer, artist } = await makePair(db.prisma, { customer: "Ana Ruiz", artist: "Bea Chen" });
  const service = await as(artist).service.create({ name: serviceName, durationMinutes: 90, priceCents: 12_000 });
  return { customer, artist, service };
}

async function moveToPast(bookingId: string) {
  await db.prisma.booking.update({ where: { id: bookingId }, data: { startsAt: PAST } });
}

/** A fresh pair with one booking brought to `status` through the API. */
async function bookingIn(status: BookingStatus) {
  const p = await pair();
  let booking = await as(p.customer).booking.create({ serviceId: p.service.id, startsAt: daysAhead(7) });
  if (status === "CONFIRMED" || status === "COMPLETED") {
    booking = await as(p.artist).booking.transition({ id: booking.id, to: "CONFIRMED" });
  }
  if (status === "DECLINED") booking = await as(p.artist).booking.transition({ id: booking.id, to: "DECLINED" });
  if (status === "CANCELLED") booking = await as(p.customer).booking.transition({ id: booking.id, to: "CANCELLED" });
  if (status === "COMPLETED") {
    await moveToPast(booking.id);
    booking = await as(p.artist).booking.transition({ id: booking.id, to: "COMPLETED" });
  }
  expect(booking.status).toBe(status);
  return { ...p, booking };
}

/** The booking row and every message of its conversation, as stored. */
async function snapshot(bookingId: string) {
  const booking = await db.prisma.booking.findUniqueOrThrow({ where: { id: bookingId } });
  const conversation = await db.prisma.conversation.findUniqueOrThrow({ where: { id: booking.conversationId } });
  const messages = await db.prisma.message.findMany({ where: { conversationId: booking.conversationId }, orderBy: { seq: "asc" } });
  return { booking, lastSeq: conversation.lastSeq, messages };
}

async function systemMessagesOf(bookingId: string) {
  return db.prisma.message.findMany({ where: { bookingId, kind: "SYSTEM" }, orderBy: { seq: "asc" } });
}

const sorted = <T>(items: T[]) => [...items].sort();

/** What an artist is told who tries to cancel a request they have not confirmed. */
const DECLINE_INSTEAD = "This request isn't confirmed yet, so decline it instead.";

describe("every transition, for every actor, from every status", () => {
  const STATUSES = Object.values(BookingStatus);
  const TARGETS = STATUSES.filter((status): status is BookingTarget => status !== "PENDING");
  const ACTORS = ["customer", "artist", "stranger customer", "stranger artist", "admin"] as const;
  /** Who may move a booking from a status to another; everything not listed is refused. */
  const ALLOWED: Record<BookingStatus, Partial<Record<BookingTarget, Party[]>>> = {
    // The artist answers a request by confirming or declining it, never by cancelling it.
    PENDING: { CONFIRMED: ["artist"], DECLINED: ["artist"], CANCELLED: ["customer"] },
    CONFIRMED: { COMPLETED: ["artist"], CANCELLED: ["customer", "artist"] },
    DECLINED: {},
    CANCELLED: {},
    COMPLETED: {},
  };
  const HEADLINE: Record<Exclude<BookingTarget, "CANCELLED">, string> = {
    CONFIRMED: "Booking confirmed",
    DECLINED: "Booking declined",
    COMPLETED: "Booking completed",
  };
  const VERB: Record<BookingTarget, string> = { CONFIRMED: "confirm", DECLINED: "decline", COMPLETED: "complete", CANCELLED: "cancel" };
  /** A refusal because of the status says what the status is. */
  const STATE: Record<BookingStatus, RegExp> = {
    PENDING: /waiting for the artist/,
    CONFIRMED: /already confirmed/,
    DECLINED: /was declined/,
    CANCELLED: /was cancelled/,
    COMPLETED: /already completed/,
  };

  for (const from of STATUSES) {
    for (const to of TARGETS) {
      for (const actor of ACTORS) {
        const party: Party | null = actor === "customer" || actor === "artist" ? actor : null;
        const allowed = party !== null && (ALLOWED[from][to] ?? []).includes(party);
        const outcome = allowed
          ? `moves it to ${to} with one SYSTEM message`
          : party
            ? "is refused with BAD_REQUEST, changing nothing"
            : "gets NOT_FOUND, changing nothing";

        it(`the ${actor}: ${from} → ${to} ${outcome}`, async () => {
          const { customer, artist, service, booking } = await bookingIn(from);
          // Completing needs the booking's time to have come: put it in the past, so that only the
          // status and the actor decide.
          const past = to === "COMPLETED" || from === "COMPLETED";
          if (to === "COMPLETED" && from !== "COMPLETED") await moveToPast(booking.id);
          const user = { customer, artist, "stranger customer": strangerCustomer, "stranger artist": strangerArtist, admin }[actor];
          const before = await snapshot(booking.id);

          // What the viewer is offered agrees with what the server does.
          if (party) {
            const seen = await as(user).booking.byId({ id: booking.id });
            expect(seen.actions.includes(to)).toBe(allowed);
          } else {
            await expect(as(user).booking.byId({ id: booking.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
          }

          const call = as(user).booking.transition({ id: booking.id, to });
          if (allowed) {
            const result = await call;
            expect(result.status).toBe(to);
            const after = await snapshot(booking.id);
            expect(after.booking.status).toBe(to);
            expect(after.booking.cancelledById).toBe(to === "CANCELLED" ? user.id : null);
            expect(after.messages.slice(0, before.messages.length)).toEqual(before.messages);
            const added = after.messages.slice(before.messages.length);
            expect(added).toHaveLength(1);
            const when = past ? PAST_LABEL : formatBookingTime(booking.startsAt, "UTC");
            const headline = to === "CANCELLED" ? `Booking cancelled by ${user.name}` : HEADLINE[to];
            expect(added[0]).toMatchObject({
              seq: before.lastSeq + 1,
              senderId: null,
              kind: "SYSTEM",
              bookingId: booking.id,
              text: `${headline}: ${service.name}, ${when}`,
            });
            expect(after.lastSeq).toBe(before.lastSeq + 1);
          } else {
            const error = await failure(call);
            expect(error.code).toBe(party ? "BAD_REQUEST" : "NOT_FOUND");
            if (party === "customer" && to !== "CANCELLED") {
              expect(error.message).toBe(`Only the artist can ${VERB[to]} a booking.`);
            } else if (party === "artist" && from === "PENDING" && to === "CANCELLED") {
              expect(error.message).toBe(DECLINE_INSTEAD);
            } else if (party) {
              expect(error.message).toMatch(STATE[from]);
              expect(error.message).toMatch(/^This booking .*\.$/);
            } else {
              // The same answer as for a booking that does not exist: its existence does not leak.
              const missing = await failure(as(user).booking.transition({ id: NO_SUCH_ID, to }));
              expect(error.message).toBe(missing.message);
            }
            expect(await snapshot(booking.id)).toEqual(before);
          }
        });
      }
    }
  }
});

describe("requesting a booking", () => {
  it('posts "Booking requested: …" as a SYSTEM message about the booking into the pair\'s conversation', async () => {
    const { customer, artist, service } = await pair();
    const startsAt = daysAhead(10, 14);
    const booking = await as(customer).booking.create({ serviceId: service.id, startsAt, note: "Ring the side door" });
    expect(booking).toMatchObject({
      status: "PENDING",
      customerId: customer.id,
      artistId: artist.id,
      serviceId: service.id,
      startsAt,
      note: "Ring the side door",
      cancelledById: null,
      service: { id: service.id, name: "Bridal makeup", durationMinutes: 90, priceCents: 12_000 },
      customer: { id: customer.id, name: "Ana Ruiz" },
      artist: { id: artist.id, name: "Bea Chen" },
      actions: ["CANCELLED"],
    });
    const messages = await db.prisma.message.findMany({ where: { conversationId: booking.conversationId } });
    expect(messages).toEqual([
      expect.objectContaining({
        seq: 1,
        senderId: null,
        kind: "SYSTEM",
        bookingId: booking.id,
        text: `Booking requested: Bridal makeup, ${formatBookingTime(startsAt, "UTC")}`,
      }),
    ]);
  });

  it("refuses a time in the past, or right now, with BAD_REQUEST asking for the future, storing nothing", async () => {
    const { customer, service } = await pair();
    for (const startsAt of [new Date(Date.now() - DAY), PAST, new Date()]) {
      const error = await failure(as(customer).booking.create({ serviceId: service.id, startsAt }));
      expect(error).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/future/) });
    }
    expect(await db.prisma.booking.count({ where: { customerId: customer.id } })).toBe(0);
    expect(await db.prisma.message.count({ where: { conversation: { customerId: customer.id } } })).toBe(0);
  });

  it("refuses more than two years ahead with BAD_REQUEST; just under two years is fine", async () => {
    const { customer, service } = await pair();
    const error = await failure(as(customer).booking.create({ serviceId: service.id, startsAt: new Date(Date.now() + 731 * DAY) }));
    expect(error).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/two years/) });
    expect(await db.prisma.booking.count({ where: { customerId: customer.id } })).toBe(0);
    const ok = await as(customer).booking.create({ serviceId: service.id, startsAt: new Date(Date.now() + 729 * DAY) });
    expect(ok.status).toBe("PENDING");
  });

  it("gets NOT_FOUND for a service that does not exist", async () => {
    const customer = await makeUser(db.prisma, "CUSTOMER");
    const error = await failure(as(customer).booking.create({ serviceId: NO_SUCH_ID, startsAt: daysAhead(3) }));
    expect(error).toMatchObject({ code: "NOT_FOUND", message: expect.stringMatching(/service/i) });
  });

  it("is for customers only: an artist (even for their own service) and an admin get FORBIDDEN", async () => {
    const { artist, service } = await pair();
    for (const user of [artist, strangerArtist, admin]) {
      const error = await failure(as(user).booking.create({ serviceId: service.id, startsAt: daysAhead(3) }));
      expect(error).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/customers/) });
    }
    expect(await db.prisma.booking.count({ where: { serviceId: service.id } })).toBe(0);
  });

  it("services are offered by artists only: a customer and an admin get FORBIDDEN", async () => {
    for (const user of [strangerCustomer, admin]) {
      const error = await failure(as(user).service.create({ name: "Nails", durationMinutes: 30, priceCents: 100 }));
      expect(error).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/artists/) });
    }
    expect(await db.prisma.service.count({ where: { artistId: { in: [strangerCustomer.id, admin.id] } } })).toBe(0);
  });
});

describe("status changes", () => {
  it("completing before the booking's time has come is refused, with no message; once it has come, it completes", async () => {
    const { artist, booking } = await bookingIn("CONFIRMED");
    const before = await snapshot(booking.id);
    const error = await failure(as(artist).booking.transition({ id: booking.id, to: "COMPLETED" }));
    expect(error).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/time has come/) });
    expect(await snapshot(booking.id)).toEqual(before);

    await moveToPast(booking.id);
    const completed = await as(artist).booking.transition({ id: booking.id, to: "COMPLETED" });
    expect(completed.status).toBe("COMPLETED");
    expect((await systemMessagesOf(booking.id)).map((m) => m.text).at(-1)).toBe(`Booking completed: Bridal makeup, ${PAST_LABEL}`);
  });

  for (const side of ["customer", "artist"] as const) {
    it(`a cancellation by the ${side} records who cancelled and says so by name`, async () => {
      const p = await bookingIn("CONFIRMED");
      await moveToPast(p.booking.id);
      const cancelled = await as(p[side]).booking.transition({ id: p.booking.id, to: "CANCELLED" });
      expect(cancelled).toMatchObject({ status: "CANCELLED", cancelledById: p[side].id });
      expect((await db.prisma.booking.findUniqueOrThrow({ where: { id: p.booking.id } })).cancelledById).toBe(p[side].id);
      const name = side === "customer" ? "Ana Ruiz" : "Bea Chen";
      expect((await systemMessagesOf(p.booking.id)).map((m) => m.text)).toEqual([
        expect.stringMatching(/^Booking requested: Bridal makeup, /),
        expect.stringMatching(/^Booking confirmed: Bridal makeup, /),
        `Booking cancelled by ${name}: Bridal makeup, ${PAST_LABEL}`,
      ]);
      // Seen from both sides, the booking says who cancelled.
      for (const viewer of [p.customer, p.artist]) {
        expect((await as(viewer).booking.byId({ id: p.booking.id })).cancelledById).toBe(p[side].id);
      }
    });
  }

  it("actions lists exactly what the viewer may do now", async () => {
    const cases: [BookingStatus, { past?: boolean }, BookingTarget[], BookingTarget[]][] = [
      // status, when, the customer's actions, the artist's actions
      ["PENDING", {}, ["CANCELLED"], ["CONFIRMED", "DECLINED"]],
      ["CONFIRMED", {}, ["CANCELLED"], ["CANCELLED"]],
      ["CONFIRMED", { past: true }, ["CANCELLED"], ["CANCELLED", "COMPLETED"]],
      ["DECLINED", {}, [], []],
      ["CANCELLED", {}, [], []],
      ["COMPLETED", {}, [], []],
    ];
    for (const [status, { past }, customerActions, artistActions] of cases) {
      const { customer, artist, booking } = await bookingIn(status);
      if (past) await moveToPast(booking.id);
      const label = `${status}${past ? " (time has come)" : ""}`;
      expect(sorted((await as(customer).booking.byId({ id: booking.id })).actions), label).toEqual(customerActions);
      expect(sorted((await as(artist).booking.byId({ id: booking.id })).actions), label).toEqual(artistActions);
      // Lists and the thread header offer the same.
      const [fromList] = (await as(artist).booking.list({})).items;
      expect(sorted(fromList!.actions), label).toEqual(artistActions);
    }
    // What a transition returns is the acting viewer's next choices.
    const { customer, artist, booking } = await bookingIn("PENDING");
    expect((await as(artist).booking.transition({ id: booking.id, to: "CONFIRMED" })).actions).toEqual(["CANCELLED"]);
    expect((await as(customer).booking.transition({ id: booking.id, to: "CANCELLED" })).actions).toEqual([]);
  });
});

describe("an artist answering a request", () => {
  it("is offered Decline, not Cancel; a cancellation is refused with a sentence pointing to Decline, changing nothing", async () => {
    const { artist, booking } = await bookingIn("PENDING");
    const offered = (await as(artist).booking.byId({ id: booking.id })).actions;
    expect(offered).toContain("DECLINED");
    expect(offered).not.toContain("CANCELLED");
    const before = await snapshot(booking.id);
    const refused = await failure(as(artist).booking.transition({ id: booking.id, to: "CANCELLED" }));
    expect(refused).toEqual({ code: "BAD_REQUEST", message: DECLINE_INSTEAD });
    expect(await snapshot(booking.id)).toEqual(before);

    // Declining is the way; the customer, meanwhile, may still withdraw a request of their own.
    const declined = await as(artist).booking.transition({ id: booking.id, to: "DECLINED" });
    expect(declined).toMatchObject({ status: "DECLINED", cancelledById: null, actions: [] });
    const other = await bookingIn("PENDING");
    expect((await as(other.customer).booking.byId({ id: other.booking.id })).actions).toEqual(["CANCELLED"]);
    const withdrawn = await as(other.customer).booking.transition({ id: other.booking.id, to: "CANCELLED" });
    expect(withdrawn).toMatchObject({ status: "CANCELLED", cancelledById: other.customer.id });
  });

  it("once confirmed, may cancel it", async () => {
    const { artist, booking } = await bookingIn("CONFIRMED");
    expect((await as(artist).booking.byId({ id: booking.id })).actions).toEqual(["CANCELLED"]);
    const cancelled = await as(artist).booking.transition({ id: booking.id, to: "CANCELLED" });
    expect(cancelled).toMatchObject({ status: "CANCELLED", cancelledById: artist.id });
  });
});

describe("racing changes", () => {
  it("two confirmations at once: one goes through, the other gets BAD_REQUEST, one message", async () => {
    const { artist, booking } = await bookingIn("PENDING");
    const results = await Promise.allSettled([
      as(artist).booking.transition({ id: booking.id, to: "CONFIRMED" }),
      as(artist).booking.transition({ id: booking.id, to: "CONFIRMED" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((r) => r.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/already confirmed/) });
    const texts = (await systemMessagesOf(booking.id)).map((m) => m.text);
    expect(texts.filter((t) => t.startsWith("Booking confirmed"))).toHaveLength(1);
    expect(texts).toHaveLength(2);
    expect((await db.prisma.booking.findUniqueOrThrow({ where: { id: booking.id } })).status).toBe("CONFIRMED");
  });

  it("a decline racing a cancellation: exactly one wins, with exactly its message", async () => {
    for (let round = 0; round < 3; round++) {
      const { customer, artist, booking } = await bookingIn("PENDING");
      const [decline, cancel] = await Promise.allSettled([
        as(artist).booking.transition({ id: booking.id, to: "DECLINED" }),
        as(customer).booking.transition({ id: booking.id, to: "CANCELLED" }),
      ]);
      const winners = [decline, cancel].filter((r) => r.status === "fulfilled");
      expect(winners).toHaveLength(1);
      const loser = [decline, cancel].find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(loser.reason).toMatchObject({ code: "BAD_REQUEST" });
      const status = decline!.status === "fulfilled" ? "DECLINED" : "CANCELLED";
      const stored = await db.prisma.booking.findUniqueOrThrow({ where: { id: booking.id } });
      expect(stored.status).toBe(status);
      expect(stored.cancelledById).toBe(status === "CANCELLED" ? customer.id : null);
      const texts = (await systemMessagesOf(booking.id)).map((m) => m.text);
      expect(texts).toEqual([
        expect.stringMatching(/^Booking requested/),
        expect.stringMatching(status === "DECLINED" ? /^Booking declined:/ : /^Booking cancelled by Ana Ruiz:/),
      ]);
    }
  });

  it("a confirmation racing a cancellation: every change that went through has its one message, in order, and the status is the last", async () => {
    // The cancel may come first (the confirmation is then refused) or second (cancelling a
    // confirmed booking is allowed), so one or both go through; either way nothing is lost.
    for (let round = 0; round < 3; round++) {
      const { customer, artist, booking } = await bookingIn("PENDING");
      const [confirm, cancel] = await Promise.allSettled([
        as(artist).booking.transition({ id: booking.id, to: "CONFIRMED" }),
        as(customer).booking.transition({ id: booking.id, to: "CANCELLED" }),
      ]);
      expect(cancel!.status).toBe("fulfilled");
      const stored = await db.prisma.booking.findUniqueOrThrow({ where: { id: booking.id } });
      expect(stored).toMatchObject({ status: "CANCELLED", cancelledById: customer.id });
      const texts = (await systemMessagesOf(booking.id)).map((m) => m.text.split(":")[0]);
      if (confirm!.status === "fulfilled") {
        expect(texts).toEqual(["Booking requested", "Booking confirmed", "Booking cancelled by Ana Ruiz"]);
      } else {
        expect(confirm!.reason).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/was cancelled/) });
        expect(texts).toEqual(["Booking requested", "Booking cancelled by Ana Ruiz"]);
      }
    }
  });

  it("a booking card sent while the artist answers that booking: both go through", async () => {
    const { customer, artist, booking } = await bookingIn("PENDING");
    const card = () =>
      as(customer).message.send({ conversationId: booking.conversationId, clientId: randomUUID(), text: "Can we make it 11?", bookingId: booking.id });
    const confirm = () => as(artist).booking.transition({ id: booking.id, to: "CONFIRMED" });
    let results: PromiseSettledResult<unknown>[];
    if (db.kind === "postgres") {
      // Make the interleaving that concurrent traffic produces every time: the send holds the
      // conversation row while the confirmation holds the booking row. A third transaction holds
      // the conversation until the send, then the confirmation, are both waiting for it.
      let release!: () => void;
      let locked!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const gate = db.prisma.$transaction(
        async (tx) => {
          await tx.$queryRaw`SELECT id FROM "Conversation" WHERE id = ${booking.conversationId} FOR UPDATE`;
          locked();
          await released;
        },
        { maxWait: 15_000, timeout: 60_000 },
      );
      await isLocked;
      const sending = card();
      await waitersOnLocks(1);
      const confirming = confirm();
      await waitersOnLocks(2);
      release();
      await gate;
      results = await Promise.allSettled([sending, confirming]);
    } else {
      results = await Promise.allSettled([card(), confirm()]);
    }
    expect(results.map((r) => (r.status === "fulfilled" ? "fulfilled" : String((r.reason as Error).message)))).toEqual([
      "fulfilled",
      "fulfilled",
    ]);
    const after = await snapshot(booking.id);
    expect(after.booking.status).toBe("CONFIRMED");
    expect(after.messages.map((m) => [m.seq, m.kind, m.text.split(":")[0]])).toEqual([
      [1, "SYSTEM", "Booking requested"],
      ...(after.messages[1]!.kind === "TEXT"
        ? [
            [2, "TEXT", "Can we make it 11?"],
            [3, "SYSTEM", "Booking confirmed"],
          ]
        : [
            [2, "SYSTEM", "Booking confirmed"],
            [3, "TEXT", "Can we make it 11?"],
          ]),
    ]);
  });
});

/** Waits until `count` sessions of this test database are waiting for a lock (Postgres only). */
async function waitersOnLocks(count: number) {
  await waitFor(
    async () => {
      const [row] = await db.prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      return (row?.n ?? 0) >= count;
    },
    `${count} sessions waiting for a lock`,
    { timeoutMs: 30_000, intervalMs: 10 },
  );
}

describe("one conversation per pair", () => {
  it("all bookings of a pair, across services, land in the one conversation that getOrCreate returns from either side, by person or by booking", async () => {
    const { customer, artist, service } = await pair();
    const brows = await as(artist).service.create({ name: "Brows", durationMinutes: 30, priceCents: 3_000 });
    const bookings = [
      await as(customer).booking.create({ serviceId: service.id, startsAt: daysAhead(5) }),
      await as(customer).booking.create({ serviceId: brows.id, startsAt: daysAhead(6) }),
      await as(customer).booking.create({ serviceId: service.id, startsAt: daysAhead(40) }),
    ];
    const conversationId = bookings[0]!.conversationId;
    expect(bookings.map((b) => b.conversationId)).toEqual([conversationId, conversationId, conversationId]);
    // /messages opens it by person…
    expect(await as(customer).conversation.getOrCreate({ participantId: artist.id })).toEqual({ id: conversationId });
    expect(await as(artist).conversation.getOrCreate({ participantId: customer.id })).toEqual({ id: conversationId });
    // …and the booking drawer by booking: the same one.
    for (const booking of bookings) {
      expect(await as(customer).conversation.getOrCreate({ bookingId: booking.id })).toEqual({ id: conversationId });
      expect(await as(artist).conversation.getOrCreate({ bookingId: booking.id })).toEqual({ id: conversationId });
    }
    expect(await db.prisma.conversation.count({ where: { customerId: customer.id, artistId: artist.id } })).toBe(1);
    const messages = await db.prisma.message.findMany({ where: { conversationId }, orderBy: { seq: "asc" } });
    expect(messages.map((m) => [m.seq, m.bookingId])).toEqual(bookings.map((b, i) => [i + 1, b.id]));
  });

  it("a pair that already chatted gets its bookings in that same conversation, after the chat", async () => {
    const { customer, artist, service } = await pair();
    const { id: conversationId } = await as(customer).conversation.getOrCreate({ participantId: artist.id });
    await as(customer).message.send({ conversationId, clientId: randomUUID(), text: "Are you free in spring?" });
    const booking = await as(customer).booking.create({ serviceId: service.id, startsAt: daysAhead(9) });
    expect(booking.conversationId).toBe(conversationId);
    const { items } = await as(artist).message.list({ conversationId });
    expect(items.map((m) => [m.seq, m.kind, m.text.split(":")[0]])).toEqual([
      [1, "TEXT", "Are you free in spring?"],
      [2, "SYSTEM", "Booking requested"],
    ]);
  });

  it("someone not in the booking gets NOT_FOUND opening its conversation, as for a booking that does not exist", async () => {
    const { booking } = await bookingIn("PENDING");
    const missing = await failure(as(strangerCustomer).conversation.getOrCreate({ bookingId: NO_SUCH_ID }));
    expect(missing.code).toBe("NOT_FOUND");
    for (const user of [strangerCustomer, strangerArtist, admin]) {
      const error = await failure(as(user).conversation.getOrCreate({ bookingId: booking.id }));
      expect(error).toEqual(expect.objectContaining({ code: "NOT_FOUND", message: missing.message }));
    }
  });
});

describe("live delivery", () => {
  it("a subscriber receives the booking's SYSTEM messages live, in seq order, after the earlier chat", async () => {
    const { customer, artist, service } = await pair();
    const { id: conversationId } = await as(customer).conversation.getOrCreate({ participantId: artist.id });
    await as(customer).message.send({ conversationId, clientId: randomUUID(), text: "Hi! Bridal trial?" });
    // What is published: each change once, right after its commit, and nothing for a refusal.
    const published: number[] = [];
    const unsubscribe = bus.subscribe(channels.conversation(conversationId), (event) => {
      if (event.type === "message") published.push(event.message.seq);
    });
    const { iterator, stop } = await onMessageAs(db, bus, artist, { conversationId, lastEventId: "0" });
    try {
      // The chat message comes from the backlog; by then the subscriber is listening, so what
      // follows arrives live.
      const backlog = await take(iterator, 1);
      const startsAt = daysAhead(12);
      const booking = await as(customer).booking.create({ serviceId: service.id, startsAt });
      expect(published).toEqual([2]);
      await as(artist).booking.transition({ id: booking.id, to: "CONFIRMED" });
      expect(published).toEqual([2, 3]);
      // A refused change publishes nothing: the next thing heard is the cancellation.
      await expect(as(artist).booking.transition({ id: booking.id, to: "DECLINED" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
      expect(published).toEqual([2, 3]);
      await as(customer).booking.transition({ id: booking.id, to: "CANCELLED" });
      expect(published).toEqual([2, 3, 4]);
      const live = await take(iterator, 3);
      const when = formatBookingTime(startsAt, "UTC");
      expect(
        [...backlog, ...live].map((item) => {
          const { id, data } = untrack<MessageDTO>(item);
          return [id, data.seq, data.kind, data.senderId, data.bookingId, data.text];
        }),
      ).toEqual([
        ["1", 1, "TEXT", customer.id, null, "Hi! Bridal trial?"],
        ["2", 2, "SYSTEM", null, booking.id, `Booking requested: Bridal makeup, ${when}`],
        ["3", 3, "SYSTEM", null, booking.id, `Booking confirmed: Bridal makeup, ${when}`],
        ["4", 4, "SYSTEM", null, booking.id, `Booking cancelled by Ana Ruiz: Bridal makeup, ${when}`],
      ]);
    } finally {
      stop();
      unsubscribe();
    }
  });
});

describe("booking.list", () => {
  it("returns only my bookings, from the customer side and the artist side, soonest first, filtered by status, paged by cursor", async () => {
    const customer = await makeUser(db.prisma, "CUSTOMER", "Cara");
    const otherCustomer = await makeUser(db.prisma, "CUSTOMER", "Dee");
    const artist = await makeUser(db.prisma, "ARTIST", "Eve");
    const otherArtist = await makeUser(db.prisma, "ARTIST", "Fay");
    const bridal = await as(artist).service.create({ name: "Bridal makeup", durationMinutes: 90, priceCents: 12_000 });
    const brows = await as(artist).service.create({ name: "Brows", durationMinutes: 30, priceCents: 3_000 });
    const nails = await as(otherArtist).service.create({ name: "Nails", durationMinutes: 45, priceCents: 4_000 });
    const book = (user: TestUser, serviceId: string, days: number) => as(user).booking.create({ serviceId, startsAt: daysAhead(days) });
    // Created out of order, with two at the same time.
    const b20 = await book(customer, bridal.id, 20);
    const n5 = await book(customer, nails.id, 5);
    const w12 = await book(customer, brows.id, 12);
    const b12 = await book(customer, bridal.id, 12);
    const w30 = await book(customer, brows.id, 30);
    const other8 = await book(otherCustomer, bridal.id, 8);
    await as(artist).booking.transition({ id: b20.id, to: "CONFIRMED" });
    await as(artist).booking.transition({ id: w30.id, to: "DECLINED" });

    const ids = (items: { id: string }[]) => items.map((b) => b.id);
    const times = (items: { startsAt: Date }[]) => items.map((b) => b.startsAt.getTime());
    const ascending = (items: { startsAt: Date }[]) => [...times(items)].sort((a, b) => a - b);

    const mine = (await as(customer).booking.list({})).items;
    expect(sorted(ids(mine))).toEqual(sorted(ids([b20, n5, w12, b12, w30])));
    expect(times(mine)).toEqual(ascending(mine));
    expect(mine.every((b) => b.customerId === customer.id)).toBe(true);

    const artistSide = (await as(artist).booking.list({})).items;
    expect(sorted(ids(artistSide))).toEqual(sorted(ids([b20, w12, b12, w30, other8])));
    expect(times(artistSide)).toEqual(ascending(artistSide));
    expect(ids((await as(otherArtist).booking.list({})).items)).toEqual([n5.id]);

    expect(ids((await as(customer).booking.list({ status: "CONFIRMED" })).items)).toEqual([b20.id]);
    expect(ids((await as(artist).booking.list({ status: "DECLINED" })).items)).toEqual([w30.id]);
    const pending = (await as(customer).booking.list({ status: "PENDING" })).items;
    expect(ids(pending)).toEqual(ids(mine).filter((id) => [n5.id, w12.id, b12.id].includes(id)));
    expect((await as(customer).booking.list({ status: "COMPLETED" })).items).toEqual([]);

    // Pages of 2 add up to the whole list, in the same order, with no repeat, and then stop.
    for (const [user, whole] of [
      [customer, mine],
      [artist, artistSide],
    ] as const) {
      const paged: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      for (;;) {
        const page = await as(user).booking.list({ limit: 2, cursor });
        expect(page.items.length).toBeLessThanOrEqual(2);
        paged.push(...ids(page.items));
        pages += 1;
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
        expect(pages).toBeLessThan(10);
      }
      expect(paged).toEqual(ids(whole));
      expect(pages).toBe(3);
    }

    // Nobody else sees them.
    for (const user of [strangerCustomer, strangerArtist, admin]) {
      expect((await as(user).booking.list({})).items.filter((b) => [customer.id, otherCustomer.id].includes(b.customerId))).toEqual([]);
    }
    expect((await as(admin).booking.list({})).items).toEqual([]);
  });
});

describe("booking.openInConversation", () => {
  it("returns only the pending and confirmed bookings of that pair, soonest first", async () => {
    const { customer, artist, service } = await pair();
    const book = (days: number) => as(customer).booking.create({ serviceId: service.id, startsAt: daysAhead(days) });
    const pending = await book(10);
    const confirmed = await book(6);
    const declined = await book(7);
    const cancelled = await book(8);
    const completed = await book(9);
    await as(artist).booking.transition({ id: confirmed.id, to: "CONFIRMED" });
    await as(artist).booking.transition({ id: declined.id, to: "DECLINED" });
    await as(customer).booking.transition({ id: cancelled.id, to: "CANCELLED" });
    await as(artist).booking.transition({ id: completed.id, to: "CONFIRMED" });
    await moveToPast(completed.id);
    await as(artist).booking.transition({ id: completed.id, to: "COMPLETED" });
    // The same customer with another artist, and the same artist with another customer.
    const otherArtist = await makeUser(db.prisma, "ARTIST");
    const nails = await as(otherArtist).service.create({ name: "Nails", durationMinutes: 30, priceCents: 100 });
    await as(customer).booking.create({ serviceId: nails.id, startsAt: daysAhead(3) });
    const otherCustomer = await makeUser(db.prisma, "CUSTOMER");
    await as(otherCustomer).booking.create({ serviceId: service.id, startsAt: daysAhead(2) });

    const conversationId = pending.conversationId;
    for (const viewer of [customer, artist]) {
      const open = await as(viewer).booking.openInConversation({ conversationId });
      expect(open.map((b) => [b.id, b.status])).toEqual([
        [confirmed.id, "CONFIRMED"],
        [pending.id, "PENDING"],
      ]);
    }
    // Someone outside the pair learns nothing about its bookings.
    for (const user of [strangerCustomer, strangerArtist, admin]) {
      const seen = await as(user)
        .booking.openInConversation({ conversationId })
        .catch((error: { code: string }) => error.code);
      expect([[], "NOT_FOUND"]).toContainEqual(seen);
    }
  });
});

describe("message.send with a booking", () => {
  it("stores the bookingId of a booking in this conversation, and refuses one from another conversation with BAD_REQUEST", async () => {
    const { customer, artist, service, booking } = await bookingIn("PENDING");
    const conversationId = booking.conversationId;
    const sent = await as(artist).message.send({ conversationId, clientId: randomUUID(), text: "About this one", bookingId: booking.id });
    expect(sent).toMatchObject({ kind: "TEXT", senderId: artist.id, bookingId: booking.id });
    expect((await db.prisma.message.findUniqueOrThrow({ where: { id: sent.id } })).bookingId).toBe(booking.id);

    // The same customer's booking with another artist belongs to another conversation.
    const otherArtist = await makeUser(db.prisma, "ARTIST");
    const nails = await as(otherArtist).service.create({ name: "Nails", durationMinutes: 30, priceCents: 100 });
    const elsewhere = await as(customer).booking.create({ serviceId: nails.id, startsAt: daysAhead(4) });
    expect(elsewhere.conversationId).not.toBe(conversationId);
    const before = await snapshot(booking.id);
    for (const bookingId of [elsewhere.id, NO_SUCH_ID]) {
      const error = await failure(as(customer).message.send({ conversationId, clientId: randomUUID(), text: "This one?", bookingId }));
      expect(error).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/booking/) });
    }
    expect(await snapshot(booking.id)).toEqual(before);
    expect(service.artistId).toBe(artist.id);
  });
});

describe("a request whose time has passed", () => {
  it("can no longer be confirmed, but the artist can still decline it", async () => {
    const { artist, booking } = await bookingIn("PENDING");
    await moveToPast(booking.id);
    const refused = await failure(as(artist).booking.transition({ id: booking.id, to: "CONFIRMED" }));
    expect(refused).toMatchObject({ code: "BAD_REQUEST", message: "This booking's time has passed, so it can no longer be confirmed." });
    expect((await as(artist).booking.byId({ id: booking.id })).actions).toEqual(["DECLINED"]);
    const declined = await as(artist).booking.transition({ id: booking.id, to: "DECLINED" });
    expect(declined.status).toBe("DECLINED");
    expect((await systemMessagesOf(booking.id)).map((m) => m.text.split(":")[0])).toEqual(["Booking requested", "Booking declined"]);
  });
});
