import { beforeAll, describe, expect, it } from "vitest";
import { databaseForThisFile } from "@tests/support/test-file";
import { callerFor, failure, makeUser, type TestUser } from "@tests/support/fixtures";

const { db, bus } = databaseForThisFile();
let customer: TestUser;
let artist: TestUser;
let serviceId: string;
let bookingId: string;

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000);

beforeAll(async () => {
  customer = await makeUser(db.prisma, "CUSTOMER");
  artist = await makeUser(db.prisma, "ARTIST");
  serviceId = (await callerFor(db, bus, artist).service.create({ name: "Bridal makeup", durationMinutes: 90, priceCents: 12_000 })).id;
  bookingId = (await callerFor(db, bus, customer).booking.create({ serviceId, startsAt: inAWeek() })).id;
});

type Caller = ReturnType<typeof callerFor>;
/** Deliberately ill-typed input, as a client that ignores the types could send it. */
const loose = <T>(value: unknown) => value as T;

describe("invalid input gets BAD_REQUEST with a message that names the field", () => {
  const service = (input: Record<string, unknown>) => ({ name: "Nails", durationMinutes: 30, priceCents: 1_000, ...input });
  const cases: [string, () => TestUser, (c: Caller) => Promise<unknown>, RegExp][] = [
    ["service name empty", () => artist, (c) => c.service.create(service({ name: "" })), /^name: must not be empty$/],
    ["service name only spaces", () => artist, (c) => c.service.create(service({ name: "   " })), /^name: must not be empty$/],
    ["service name over 80 characters", () => artist, (c) => c.service.create(service({ name: "n".repeat(81) })), /^name: must be at most 80 characters$/],
    ["service of 14 minutes", () => artist, (c) => c.service.create(service({ durationMinutes: 14 })), /^durationMinutes: must be between 15 and 600 minutes$/],
    ["service of 601 minutes", () => artist, (c) => c.service.create(service({ durationMinutes: 601 })), /^durationMinutes: must be between 15 and 600 minutes$/],
    ["service price of -1 cents", () => artist, (c) => c.service.create(service({ priceCents: -1 })), /^priceCents: must be between 0 and 10000000 cents$/],
    [
      "service price of 10000001 cents",
      () => artist,
      (c) => c.service.create(service({ priceCents: 10_000_001 })),
      /^priceCents: must be between 0 and 10000000 cents$/,
    ],
    [
      "booking note over 1000 characters",
      () => customer,
      (c) => c.booking.create({ serviceId, startsAt: inAWeek(), note: "n".repeat(1001) }),
      /^note: must be at most 1000 characters$/,
    ],
    [
      "booking startsAt that is not a date",
      () => customer,
      (c) => c.booking.create({ serviceId, startsAt: loose<Date>("next Saturday") }),
      /^startsAt: must be a date and time$/,
    ],
    [
      "booking startsAt that is an invalid date",
      () => customer,
      (c) => c.booking.create({ serviceId, startsAt: new Date("not a date") }),
      /^startsAt: must be a date and time$/,
    ],
    [
      'transition to "PENDING"',
      () => artist,
      (c) => c.booking.transition({ id: bookingId, to: loose<"CONFIRMED">("PENDING") }),
      /^to: must be "CONFIRMED", "DECLINED", "CANCELLED" or "COMPLETED"$/,
    ],
    [
      'transition to "BOGUS"',
      () => artist,
      (c) => c.booking.transition({ id: bookingId, to: loose<"CONFIRMED">("BOGUS") }),
      /^to: must be "CONFIRMED", "DECLINED", "CANCELLED" or "COMPLETED"$/,
    ],
    [
      "conversation.getOrCreate with both participantId and bookingId",
      () => customer,
      (c) => c.conversation.getOrCreate({ participantId: artist.id, bookingId }),
      /participantId or bookingId/,
    ],
    ["conversation.getOrCreate with neither", () => customer, (c) => c.conversation.getOrCreate({}), /participantId or bookingId/],
  ];
  for (const [name, who, call, message] of cases) {
    it(name, async () => {
      const before = { services: await db.prisma.service.count(), bookings: await db.prisma.booking.findMany(), messages: await db.prisma.message.count() };
      const error = await failure(call(callerFor(db, bus, who())));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toMatch(message);
      // Refused input changes nothing.
      expect({ services: await db.prisma.service.count(), bookings: await db.prisma.booking.findMany(), messages: await db.prisma.message.count() }).toEqual(before);
    });
  }

  it("the limits themselves are accepted", async () => {
    const asArtist = callerFor(db, bus, artist);
    const longest = await asArtist.service.create({ name: "x".repeat(80), durationMinutes: 15, priceCents: 0 });
    expect(longest).toMatchObject({ name: "x".repeat(80), durationMinutes: 15, priceCents: 0 });
    const largest = await asArtist.service.create({ name: "Full day", durationMinutes: 600, priceCents: 10_000_000 });
    expect(largest).toMatchObject({ durationMinutes: 600, priceCents: 10_000_000 });
    const booking = await callerFor(db, bus, customer).booking.create({ serviceId, startsAt: inAWeek(), note: "n".repeat(1000) });
    expect(booking.note).toHaveLength(1000);
  });
});

describe("service.list", () => {
  it("returns that artist's services, sorted by name", async () => {
    const painter = await makeUser(db.prisma, "ARTIST");
    const other = await makeUser(db.prisma, "ARTIST");
    const as = callerFor(db, bus, painter);
    for (const name of ["Nails", "Bridal makeup", "Lashes", "Brows"]) {
      await as.service.create({ name, durationMinutes: 60, priceCents: 5_000 });
    }
    await callerFor(db, bus, other).service.create({ name: "Airbrush", durationMinutes: 60, priceCents: 5_000 });

    // Anyone signed in can read it (customers browse artists' pages).
    const listed = await callerFor(db, bus, customer).service.list({ artistId: painter.id });
    expect(listed.map((s) => s.name)).toEqual(["Bridal makeup", "Brows", "Lashes", "Nails"]);
    expect(listed[0]).toEqual({ id: expect.any(String), artistId: painter.id, name: "Bridal makeup", durationMinutes: 60, priceCents: 5_000 });
    expect(listed.every((s) => s.artistId === painter.id)).toBe(true);
    expect(await callerFor(db, bus, customer).service.list({ artistId: customer.id })).toEqual([]);
  });
});
