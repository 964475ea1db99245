/**
 * Every procedure of the router, swept with generated input: over real HTTP (subscriptions over
 * the WebSocket), as a signed-in customer, artist or admin, against real Postgres.
 *
 * The input is generated from each procedure's own zod schema (right shape, any values), then one
 * hostile value is put at one generated place: text holding the NUL character or half a character,
 * a number beyond the database's 32 bits (or not a whole, finite number), an id of the wrong shape,
 * a seq written as text beyond 32 bits, a value of the wrong type. The promises: a hostile input
 * gets BAD_REQUEST (400) with a sentence that names the field, and changes no row of any table;
 * no input of the right shape, whatever its values, gets INTERNAL_SERVER_ERROR.
 *
 * Procedures are found by walking the router, so one added later is swept without a word here;
 * a zod type the generator does not know fails the sweep and says so.
 */
import { createTRPCUntypedClient, createWSClient, httpLink, TRPCClientError, wsLink, type TRPCUntypedClient } from "@trpc/client";
import type { AnyProcedure, AnyRouter } from "@trpc/server";
import fc from "fast-check";
import superjson from "superjson";
import WebSocket from "ws";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { appRouter } from "@/server/routers/root";
import { INT32_MAX, ZId, ZSeqText } from "@/server/routers/schemas";
import { UNREADABLE_REQUEST } from "@/server/trpc/errors";
import { ID_PATTERN } from "@/shared/ids";
import { startSession } from "@/server/services/sessions";
import { sessionCookie } from "@tests/support/api-server";
import { conversationPair, makeUser, type TestUser } from "@tests/support/fixtures";
import { apiServerForThisFile, databaseForThisFile } from "@tests/support/test-file";
import { openRaw } from "@tests/support/raw-socket";
import { within } from "@tests/support/wait";

// Fair limits are not under test here: thousands of calls from one address must meet validation.
for (const name of ["SEND_LIMIT_BURST", "SEND_LIMIT_PER_SECOND", "REGISTER_LIMIT_PER_HOUR", "UPLOAD_LIMIT_PER_HOUR", "MAX_BATCH_SIZE"]) {
  process.env[name] = "1000000000";
}

const { db, bus } = databaseForThisFile();
const unexpected: string[] = [];
const server = apiServerForThisFile({ db, bus, log: (message, error) => unexpected.push(`${message}: ${String(error)}`) });

/** Runs per procedure; HOSTILE_RUNS=1000 for a long local sweep, HOSTILE_SEED=<seed> to replay a failure. */
const HOSTILE_RUNS = Number(process.env.HOSTILE_RUNS ?? 40);
const SEED = process.env.HOSTILE_SEED ? { seed: Number(process.env.HOSTILE_SEED) } : {};
const VALID_RUNS = Math.max(10, Math.round(HOSTILE_RUNS / 2));

// ---------------------------------------------------------------------------------------------
// The zod input schemas, read as shapes

/** What a value at one place of an input is, for generating it and for choosing what breaks it. */
type Shape =
  | { kind: "object"; fields: Record<string, Node> }
  | { kind: "array"; element: Node; minLength: number; maxLength: number }
  | { kind: "text"; core: z.ZodType }
  | { kind: "id" }
  | { kind: "seq text" }
  | { kind: "number"; min: number; max: number; int: boolean }
  | { kind: "date" }
  | { kind: "enum"; options: unknown[] }
  | { kind: "boolean" };

/** A place in an input: its schema as written there (with optional/nullable/default), and its shape. */
interface Node {
  schema: z.ZodType;
  shape: Shape;
  acceptsUndefined: boolean;
  acceptsNull: boolean;
}

// zod 4's definitions, as far as the sweep reads them.
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  entries?: Record<string, unknown>;
  pattern?: RegExp;
  checks?: { _zod: { def: { check: string; minimum?: number; maximum?: number; pattern?: RegExp } } }[];
}
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (schema: z.ZodType) => (defOf(schema).checks ?? []).map((check) => check._zod.def);

function nodeOf(schema: z.ZodType): Node {
  let core = schema;
  for (;;) {
    if (core === ZId) return { ...accepts(schema), schema, shape: { kind: "id" } };
    if (core === ZSeqText) return { ...accepts(schema), schema, shape: { kind: "seq text" } };
    const def = defOf(core);
    if (["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"].includes(def.type)) core = def.innerType!;
    else if (def.type === "pipe") core = def.in!;
    else break;
  }
  return { ...accepts(schema), schema, shape: shapeOf(core) };
}

function accepts(schema: z.ZodType) {
  return { acceptsUndefined: schema.safeParse(undefined).success, acceptsNull: schema.safeParse(null).success };
}

function shapeOf(core: z.ZodType): Shape {
  const def = defOf(core);
  const bounds = (fallbackMax: number) => {
    let min = 0;
    let max = fallbackMax;
    for (const check of checksOf(core)) {
      if (check.check === "min_length") min = check.minimum!;
      if (check.check === "max_length") max = check.maximum!;
    }
    return { min, max };
  };
  switch (def.type) {
    case "object":
      return { kind: "object", fields: Object.fromEntries(Object.entries(def.shape!).map(([key, field]) => [key, nodeOf(field)])) };
    case "array": {
      const { min, max } = bounds(10);
      return { kind: "array", element: nodeOf(def.element!), minLength: min, maxLength: max };
    }
    case "string":
      return { kind: "text", core };
    case "number": {
      const number = core as z.ZodNumber;
      return {
        kind: "number",
        min: Math.max(number.minValue ?? -INT32_MAX - 1, -INT32_MAX - 1),
        max: Math.min(number.maxValue ?? INT32_MAX, INT32_MAX),
        int: number.isInt ?? false,
      };
    }
    case "date":
      return { kind: "date" };
    case "enum":
      return { kind: "enum", options: Object.values(def.entries!) };
    case "boolean":
      return { kind: "boolean" };
    default:
      throw new Error(`The hostile-input sweep does not know zod's "${def.type}" yet: teach nodeOf/shapeOf in hostile-input.test.ts.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Inputs of the right shape

/** Real rows' ids (filled in beforeAll), so that valid-shaped calls reach past "not found". */
const knownIds: string[] = [];
/** Each user's current session cookie (replaced when a swept call ends their session). */
const cookies = new Map<string, string>();

/** Text without NUL or half characters (those are hostile), from the whole of Unicode. */
const anyText = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }).filter((c) => c !== "\u0000"), minLength, maxLength });

function validValue(node: Node): fc.Arbitrary<unknown> {
  const value = validCore(node.shape);
  return node.acceptsNull ? fc.oneof(value, fc.constant(null)) : value;
}

function validCore(shape: Shape): fc.Arbitrary<unknown> {
  switch (shape.kind) {
    case "object": {
      const fields = Object.entries(shape.fields);
      return fc.record(Object.fromEntries(fields.map(([key, field]) => [key, validValue(field)])), {
        requiredKeys: fields.filter(([, field]) => !field.acceptsUndefined).map(([key]) => key),
      });
    }
    case "array":
      return fc.array(validValue(shape.element), { minLength: shape.minLength, maxLength: shape.maxLength });
    case "text": {
      const pattern = defOf(shape.core).pattern ?? checksOf(shape.core).find((check) => check.check === "string_format")?.pattern;
      const { minLength, maxLength } = shape.core as z.ZodString;
      const text = pattern ? fc.stringMatching(pattern) : anyText(minLength ?? 0, Math.min(maxLength ?? 200, 4100));
      return text.filter((candidate) => shape.core.safeParse(candidate).success);
    }
    case "id":
      return fc.oneof(fc.constantFrom(...knownIds), fc.stringMatching(ID_PATTERN));
    case "seq text":
      return fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: INT32_MAX })).map(String);
    case "number":
      return shape.int ? fc.integer({ min: shape.min, max: shape.max }) : fc.double({ min: shape.min, max: shape.max, noNaN: true });
    case "date":
      return fc.oneof(
        fc.date({ noInvalidDate: true }),
        fc.integer({ min: -2, max: 800 }).map((days) => new Date(Date.now() + days * 86_400_000 + 3_600_000)),
      );
    case "enum":
      return fc.constantFrom(...shape.options);
    case "boolean":
      return fc.boolean();
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile values, and where they go

type Segment = string | number;

/** A place a hostile value can be put: a field, an array's item, the input itself, or a field no schema has. */
interface Slot {
  path: Segment[];
  node: Node | null;
  /** A key the schema does not know (zod drops it; the raw input still carries it). */
  extra: boolean;
}

function slotsOf(node: Node | null, path: Segment[] = []): Slot[] {
  // Shown by its path in a counterexample, not as a dump of zod's internals.
  const slot = (path: Segment[], node: Node | null, extra: boolean): Slot =>
    Object.assign({ path, node, extra }, { [fc.toStringMethod]: () => label(path) || "(the input)" });
  const here = slot(path, node, false);
  if (!node) return [here];
  const { shape } = node;
  if (shape.kind === "object") {
    return [
      here,
      slot([...path, "(a field no schema has)"], null, true),
      ...Object.entries(shape.fields).flatMap(([key, field]) => slotsOf(field, [...path, key])),
    ];
  }
  if (shape.kind === "array") return [here, ...slotsOf(shape.element, [...path, 0])];
  return [here];
}

type Hostile = { value: unknown; why: string; /** refused whatever zod thinks of it */ always: boolean };

const around = (middle: fc.Arbitrary<string>) => fc.tuple(fc.string(), middle, fc.string()).map(([a, m, b]) => a + m + b);
const nulText = around(fc.constant("\u0000"));
const halfCharacter = around(fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)));

/** Text a database cannot store, on its own or inside a structure (as a value or as a key). */
const unstorable: fc.Arbitrary<Hostile> = fc.oneof(
  nulText.map((value) => ({ value, why: "text with NUL", always: true })),
  halfCharacter.map((value) => ({ value, why: "text with half a character", always: true })),
  fc.oneof(nulText, halfCharacter).map((text) => ({ value: [text], why: "an array holding unstorable text", always: true })),
  fc.oneof(nulText, halfCharacter).map((text) => ({ value: { [text]: 1 }, why: "a field name of unstorable text", always: true })),
  fc.oneof(nulText, halfCharacter).map((text) => ({ value: { note: { deeper: text } }, why: "unstorable text deep inside", always: true })),
);

const beyond32Bits: fc.Arbitrary<Hostile> = fc
  .oneof(
    fc.integer({ min: INT32_MAX + 1, max: Number.MAX_SAFE_INTEGER }),
    fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -INT32_MAX - 2 }),
    fc.constantFrom(INT32_MAX + 1, -INT32_MAX - 2, 2 ** 53, 1e20, -1e20, Number.MAX_VALUE, Infinity, -Infinity, NaN, 0.5, 1.5, -0.25),
  )
  .map((value) => ({ value, why: `the number ${value}`, always: true }));

const wrongIds: fc.Arbitrary<Hostile> = fc
  .oneof(
    fc.constantFrom("does-not-exist", "", " ", "null", "' OR 1=1 --", "../../etc/passwd", "%00", "CMWTRYY3E0000PI7D9222D25W", " cmwtryy3e0000pi7d9222d25w"),
    fc.string({ maxLength: 80 }),
    fc.stringMatching(ID_PATTERN).map((id) => `${id}x`.padEnd(40, "x")),
  )
  .filter((value) => !ID_PATTERN.test(value))
  .map((value) => ({ value, why: `the id ${JSON.stringify(value)}`, always: true }));

const wrongSeqTexts: fc.Arbitrary<Hostile> = fc
  .oneof(
    fc.integer({ min: INT32_MAX + 1, max: 9_999_999_999 }).map(String),
    fc.constantFrom("-1", "1e3", "0x10", " 1", "1.5", "99999999999999999999", ""),
  )
  .map((value) => ({ value, why: `the seq text ${JSON.stringify(value)}`, always: true }));

/** Values of every type superjson can carry; hostile where the schema refuses them. */
const anyType: fc.Arbitrary<Hostile> = fc
  .constantFrom<unknown>(null, true, 0, -1, "", "x", [], {}, [1, 2], new Date(0), new Date(Number.NaN), 10n, new Map([["a", 1]]), new Set(["a"]), undefined)
  .map((value) => ({ value, why: `the wrong type (${Object.prototype.toString.call(value)})`, always: false }));

function hostileFor(slot: Slot): fc.Arbitrary<Hostile> {
  const kind = slot.node?.shape.kind;
  const own = kind === "number" ? [beyond32Bits] : kind === "id" ? [wrongIds] : kind === "seq text" ? [wrongSeqTexts] : [];
  return fc.oneof(unstorable, ...own, ...(slot.extra || !slot.node ? [] : [anyType]));
}

/** A copy of `input` with `value` at `path`, making the objects and arrays on the way. */
function putAt(input: unknown, path: Segment[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path as [Segment, ...Segment[]];
  const container = (
    Array.isArray(input) ? [...input] : typeof input === "object" && input !== null && !(input instanceof Date) ? { ...input } : typeof key === "number" ? [] : {}
  ) as Record<Segment, unknown>;
  container[key] = putAt(container[key], rest, value);
  return container;
}

const label = (path: Segment[]) => path.join(".");
/** The input as the server will read it: through superjson and JSON, as the client sends it. */
const overTheWire = (input: unknown) => superjson.deserialize(JSON.parse(JSON.stringify(superjson.serialize(input))));
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// ---------------------------------------------------------------------------------------------
// Calling the server

interface Outcome {
  ok: boolean;
  code?: string;
  status?: number;
  message?: string;
}

let users: Record<"customer" | "artist" | "admin", TestUser>;
const httpClients = new Map<string, TRPCUntypedClient<AnyRouter>>();
const socketClients = new Map<string, { client: TRPCUntypedClient<AnyRouter>; close: () => void }>();

function outcomeOf(error: unknown): Outcome {
  if (error instanceof TRPCClientError) {
    const data = error.data as { code?: string; httpStatus?: number } | undefined;
    const response = (error.meta as { response?: Response } | undefined)?.response;
    return { ok: false, code: data?.code ?? "no tRPC answer", status: response?.status ?? data?.httpStatus, message: error.message };
  }
  return { ok: false, code: "not a tRPC error", message: String(error) };
}

async function call(path: string, procedure: AnyProcedure, who: TestUser, input: unknown): Promise<Outcome> {
  const type = procedure._def.type;
  if (type === "subscription") {
    const { client } = socketClients.get(who.id)!;
    return within(
      new Promise<Outcome>((resolve) => {
        const subscription = client.subscription(path, input, {
          onStarted: () => {
            subscription.unsubscribe();
            resolve({ ok: true });
          },
          onError: (error) => resolve(outcomeOf(error)),
        });
      }),
      `${path} to start or fail`,
    );
  }
  const client = httpClients.get(who.id)!;
  try {
    await (type === "query" ? client.query(path, input) : client.mutation(path, input));
    return { ok: true };
  } catch (error) {
    return outcomeOf(error);
  }
}

/** Every table's content, hashed: equal before and after means nothing was stored or changed. */
async function fingerprint(): Promise<Record<string, string>> {
  const tables = await db.prisma.$queryRawUnsafe<{ name: string }[]>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename`,
  );
  const rows = await db.prisma.$queryRawUnsafe<{ name: string; hash: string }[]>(
    tables
      .map(({ name }) => `SELECT '${name}' AS name, md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) || ':' || count(*) AS hash FROM "${name}" t`)
      .join(" UNION ALL "),
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.hash]));
}

beforeAll(async () => {
  const { customer, artist, conversationId } = await conversationPair(db, bus);
  users = { customer, artist, admin: await makeUser(db.prisma, "ADMIN") };
  const service = await db.prisma.service.create({ data: { artistId: artist.id, name: "Bridal makeup", durationMinutes: 90, priceCents: 12_000 } });
  const booking = await db.prisma.booking.create({
    data: { serviceId: service.id, customerId: customer.id, artistId: artist.id, conversationId, startsAt: new Date(Date.now() + 7 * 86_400_000) },
  });
  const upload = await db.prisma.upload.create({
    data: { conversationId, uploaderId: customer.id, storage: "local", fullKey: `${"0".repeat(32)}.jpg`, thumbKey: `${"1".repeat(32)}.webp`, mime: "image/jpeg", width: 1, height: 1, thumbMime: "image/webp", thumbWidth: 1, thumbHeight: 1, bytes: 1 },
  });
  knownIds.push(customer.id, artist.id, users.admin.id, conversationId, service.id, booking.id, upload.id);

  for (const user of Object.values(users)) {
    cookies.set(user.id, await sessionCookie(user));
    const headers = () => ({ cookie: cookies.get(user.id)! });
    httpClients.set(user.id, createTRPCUntypedClient({ links: [httpLink({ url: `${server.url}/api/trpc`, transformer: superjson, headers })] }));
    class WebSocketWithCookie extends WebSocket {
      constructor(address: string | URL) {
        super(address, { headers: headers() });
      }
    }
    const socket = createWSClient({ url: server.wsUrl, WebSocket: WebSocketWithCookie as unknown as typeof globalThis.WebSocket });
    socketClients.set(user.id, { client: createTRPCUntypedClient({ links: [wsLink({ client: socket, transformer: superjson })] }), close: () => socket.close() });
  }
});

afterAll(() => {
  for (const { close } of socketClients.values()) close();
});

// Every call here gets an answer on purpose: none may take the "unexpected failure" path.
afterEach(async () => {
  expect(unexpected.splice(0)).toEqual([]);
  // A well-shaped auth.signOutEverywhere or auth.changePassword ends sessions, and a well-shaped
  // admin.users.suspend suspends one of them too, admin.users.delete deletes one: the suspension
  // is lifted, the deletion marked undone (its erasure stays: the sweep needs only the account),
  // and the users sign in again (a new session each) before the next procedure is swept.
  await db.prisma.user.updateMany({
    where: { id: { in: Object.values(users).map((user) => user.id) } },
    data: { suspendedAt: null, suspendedUntil: null, suspensionReason: null, deletedAt: null },
  });
  for (const user of Object.values(users)) {
    if (await db.prisma.session.findFirst({ where: { id: user.sessionId, endedAt: null } })) continue;
    user.sessionId = await startSession(db.prisma, user.id);
    cookies.set(user.id, await sessionCookie(user));
  }
});

// ---------------------------------------------------------------------------------------------
// The sweep

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>).sort(([a], [b]) => a.localeCompare(b));

function inputNodeOf(procedure: AnyProcedure): Node | null {
  const inputs = procedure._def.inputs as z.ZodType[];
  if (inputs.length > 1) throw new Error("The hostile-input sweep reads one .input() per procedure: teach it to merge several.");
  return inputs[0] ? nodeOf(inputs[0]) : null;
}

/** A field name no schema has; the tRPC client's superjson refuses to send these three (sent raw below). */
const PROTOTYPE_KEYS = ["__proto__", "prototype", "constructor"];
const extraKey = fc.string({ minLength: 1, maxLength: 20 }).filter((key) => !PROTOTYPE_KEYS.includes(key));

const anyone = fc.constantFrom<"customer" | "artist" | "admin">("customer", "artist", "admin");

describe("every procedure of the router", () => {
  it("is swept (the router has procedures, and every one has a zod input or none at all)", () => {
    expect(procedures.length).toBeGreaterThanOrEqual(19);
    for (const [, procedure] of procedures) inputNodeOf(procedure);
  });

  describe.each(procedures)("%s", (path, procedure) => {
    // Glow support's tools refuse everyone else before reading the input (FORBIDDEN, tested in admin-access.test.ts).
    const someone = path.startsWith("admin.") ? fc.constant<"admin">("admin") : anyone;
    it(`answers hostile input with BAD_REQUEST and a sentence naming the field, storing nothing (${HOSTILE_RUNS} runs)`, async () => {
      const node = inputNodeOf(procedure);
      const slots = slotsOf(node);
      const arbitrary = fc
        .tuple(node ? validValue(node) : fc.constant(undefined), fc.constantFrom(...slots), someone)
        .chain(([base, slot, who]) =>
          fc.tuple(fc.constant(base), fc.constant(slot), fc.constant(who), hostileFor(slot), slot.extra ? extraKey : fc.constant("")),
        );
      await fc.assert(
        fc.asyncProperty(arbitrary, async ([base, slot, who, hostile, newKey]) => {
          const where = slot.extra ? [...slot.path.slice(0, -1), newKey] : slot.path;
          const input = putAt(base, where, hostile.value);
          // A value of the wrong type is hostile only where the schema refuses what the server receives
          // (null is fine for a nullish field; an invalid Date travels as null).
          fc.pre(hostile.always || !node || !node.schema.safeParse(overTheWire(input)).success);
          if (slot.extra && node?.shape.kind === "object") fc.pre(!(newKey in node.shape.fields));

          const before = await fingerprint();
          const outcome = await call(path, procedure, users[who], input);
          const context = `${hostile.why} at ${label(where) || "the input"}: ${JSON.stringify(outcome)}`;
          expect(outcome.code, context).toBe("BAD_REQUEST");
          if (procedure._def.type !== "subscription") expect(outcome.status, context).toBe(400);
          expect(outcome.message, context).toMatch(/^[^\n]{8,1000}$/);
          expect(outcome.message, context).not.toMatch(/Unexpected token|SyntaxError|TypeError|\n\s+at |prisma|invalid byte sequence|postgres/i);
          // The sentence names the field: "seq: …", or the place inside it ("note.deeper: …").
          if (hostile.always && !slot.extra && where.length > 0) expect(outcome.message, context).toMatch(new RegExp(`(^|; )${escapeRegExp(label(where))}[.:]`));
          expect(await fingerprint(), `${context}: a table changed`).toEqual(before);
        }),
        { numRuns: HOSTILE_RUNS, endOnFailure: true, ...SEED },
      );
    });

    it(`never answers input of the right shape with INTERNAL_SERVER_ERROR (${VALID_RUNS} runs)`, async () => {
      const node = inputNodeOf(procedure);
      await fc.assert(
        fc.asyncProperty(node ? validValue(node) : fc.constant(undefined), someone, async (input, who) => {
          const outcome = await call(path, procedure, users[who], input);
          expect(outcome.code, JSON.stringify({ input, outcome })).not.toBe("INTERNAL_SERVER_ERROR");
          expect(outcome.status ?? 200, JSON.stringify({ input, outcome })).toBeLessThan(500);
          expect(unexpected).toEqual([]);
        }),
        { numRuns: VALID_RUNS, endOnFailure: true, ...SEED },
      );
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Requests that are not tRPC's JSON at all

describe("a request tRPC cannot read", () => {
  /** The words of a JavaScript parser or a stack, which say nothing to a person. */
  const INTERNAL_TEXT = /Unexpected token|Unexpected end|SyntaxError|TypeError|is not valid JSON|jsonEncoder|Not an object|\n\s+at |"stack"/;

  describe("over the WebSocket", () => {
    const opened: WebSocket[] = [];
    afterAll(() => opened.forEach((socket) => socket.terminate()));

    async function socketOf(user: TestUser) {
      const socket = await openRaw(server.wsUrl, { cookie: await sessionCookie(user) });
      opened.push(socket);
      return socket;
    }

    /** Sends one frame and reads the next reply (parsed, and as text); errors come superjson-wrapped. */
    function reply(socket: WebSocket, frame: string | Buffer): Promise<{ text: string; json: { id: unknown; error?: { json: { message: string; data: Record<string, unknown> } } } }> {
      const answer = new Promise<{ text: string; json: never }>((resolve) =>
        socket.once("message", (data) => resolve({ text: data.toString(), json: JSON.parse(data.toString()) as never })),
      );
      socket.send(frame, { binary: Buffer.isBuffer(frame) });
      return within(answer, `a reply to ${JSON.stringify(String(frame).slice(0, 40))}`);
    }

    async function stillAnswers(socket: WebSocket, user: TestUser) {
      const { json } = await reply(socket, JSON.stringify({ id: 99, method: "query", params: { path: "user.me", input: { json: null } } }));
      expect(json).toMatchObject({ id: 99, result: { data: { json: { id: user.id } } } });
    }

    const frames: [string, string | Buffer][] = [
      ["text that is not JSON", "hello?"],
      ["JSON cut short", '{"id":1,"method":"query","params":{"path":"user.me"'],
      ["a number", "42"],
      ["null", "null"],
      ["a string", '"user.me"'],
      ["an empty object", "{}"],
      ["a call without a method", '{"id":1,"params":{"path":"user.me"}}'],
      ["an unknown method", '{"id":1,"method":"delete","params":{"path":"user.me"}}'],
      ["a path that is not text", '{"id":1,"method":"query","params":{"path":5}}'],
      ["a call without an id", '{"id":null,"method":"query","params":{"path":"user.me"}}'],
      ["superjson that cannot be decoded", '{"id":1,"method":"query","params":{"path":"user.artists","input":{"json":"x","meta":{"values":["bigint"]}}}}'],
      ["a binary frame", Buffer.from([0x00, 0x01, 0xfe, 0xff])],
      ["a binary frame holding a valid call", Buffer.from('{"id":1,"method":"query","params":{"path":"user.me"}}')],
    ];
    it.each(frames)("answers %s with PARSE_ERROR and a fixed sentence, no parser's words, no stack; the socket stays open", async (_, frame) => {
      const user = users.customer;
      const socket = await socketOf(user);
      const { text, json } = await reply(socket, frame);
      expect(json.error?.json).toMatchObject({ message: UNREADABLE_REQUEST, data: { code: "PARSE_ERROR", httpStatus: 400 } });
      expect(json.error?.json.data).not.toHaveProperty("stack");
      expect(text).not.toMatch(INTERNAL_TEXT);
      await stillAnswers(socket, user);
    });

    it("ignores an empty batch ([]), which asks nothing, and keeps answering", async () => {
      const socket = await socketOf(users.customer);
      const replies: string[] = [];
      socket.on("message", (data) => replies.push(data.toString()));
      socket.send("[]");
      await stillAnswers(socket, users.customer);
      expect(replies).toHaveLength(1);
    });

    it("answers unstorable text in a call's input with BAD_REQUEST naming the field", async () => {
      const socket = await socketOf(users.customer);
      const call = { id: 7, method: "query", params: { path: "conversation.byId", input: { json: { id: "c\u0000" } } } };
      const { json } = await reply(socket, JSON.stringify(call));
      expect(json).toMatchObject({ id: 7, error: { json: { message: "id: must not contain the NUL character", data: { code: "BAD_REQUEST" } } } });
    });
  });

  describe("over HTTP", () => {
    async function post(path: string, body: string, user: TestUser | null = users.customer) {
      return fetch(`${server.url}/api/trpc/${path}`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", ...(user ? { cookie: await sessionCookie(user) } : {}) },
      });
    }

    async function expectUnreadable(response: Response) {
      const text = await response.text();
      expect(response.status, text).toBe(400);
      expect(text).not.toMatch(INTERNAL_TEXT);
      const body = JSON.parse(text) as { error: { json: { message: string; data: Record<string, unknown> } } };
      expect(body.error.json.message).toBe(UNREADABLE_REQUEST);
      expect(body.error.json.data).not.toHaveProperty("stack");
    }

    it("answers a body that is not JSON with 400 and a fixed sentence", async () => {
      await expectUnreadable(await post("message.send", "not json"));
      await expectUnreadable(await post("message.send", '{"json":{"text":"cut short'));
    });

    it("answers a query whose ?input= is not JSON with 400 and a fixed sentence", async () => {
      const response = await fetch(`${server.url}/api/trpc/user.artists?input=${encodeURIComponent("{nope")}`, {
        headers: { cookie: await sessionCookie(users.customer) },
      });
      await expectUnreadable(response);
    });

    it("answers input nested 100 000 deep with 400, not a stack overflow", async () => {
      const deep = `${"[".repeat(100_000)}"\u0000"${"]".repeat(100_000)}`;
      const response = await post("message.send", `{"json":${deep}}`);
      const text = await response.text();
      expect(response.status, text.slice(0, 300)).toBe(400);
      expect(text).not.toMatch(INTERNAL_TEXT);
      // superjson gives up on such depth (a RangeError), so the request is unreadable; were it read,
      // the NUL character deep inside would be refused.
      const { message } = (JSON.parse(text) as { error: { json: { message: string } } }).error.json;
      expect([UNREADABLE_REQUEST, "0.0.0.0.0.0.0.0.…: must not contain the NUL character"]).toContain(message);
    });

    it("checks prototype and constructor keys (which a tRPC client would not send) like any other; superjson drops __proto__", async () => {
      const body = (key: string) => `{"json":{"name":"Nails","durationMinutes":30,"priceCents":100,"${key}":{"polluted":"\\u0000"}}}`;
      for (const key of ["prototype", "constructor"]) {
        const response = await post("service.create", body(key));
        expect(response.status, key).toBe(400);
        expect(((await response.json()) as { error: { json: { message: string } } }).error.json.message).toBe(`${key}.polluted: must not contain the NUL character`);
      }
      // __proto__ never reaches a procedure (the call goes on without it: a customer may not offer services).
      const viaProto = await post("service.create", body("__proto__"));
      expect(viaProto.status).toBe(403);
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
      // Pointed at by superjson's own annotations, all three are refused by superjson: unreadable.
      for (const key of PROTOTYPE_KEYS) {
        await expectUnreadable(await post("service.create", `{"json":{"name":"Nails","durationMinutes":30,"priceCents":100},"meta":{"values":{"${key}.polluted":["Date"]}}}`));
      }
    });

    it("answers superjson that cannot be decoded with 400 and a fixed sentence", async () => {
      await expectUnreadable(await post("service.create", '{"json":{"name":"x","durationMinutes":"1e999999","priceCents":1},"meta":{"values":{"durationMinutes":["bigint"]}}}'));
    });
  });
});
