import { describe, expect, it } from "vitest";
import { captureProcessLog, memoryLogger } from "@tests/support/memory-log";
import { LOG_LEVELS } from "@/env";
import { inCallScope } from "./call-scope";
import { errorFields } from "./error-fields";
import { REDACTED } from "./logger";
import { currentRequestId, requestIdFrom, runInRequestScope } from "./request-scope";

describe("the logger", () => {
  it("writes one JSON object per line, with the level by name, the time and the message", () => {
    const { log, written, lines } = memoryLogger("info");
    log.info({ conversationId: "c1" }, "something happened");
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^\{.*\}\n$/);
    expect(lines[0]).toMatchObject({ level: "info", msg: "something happened", conversationId: "c1" });
    expect(new Date(lines[0]!.time as string).toISOString()).toBe(lines[0]!.time);
  });

  it("puts the request id in scope on every line, including lines of work started inside the scope, and none outside", async () => {
    const { log, lines } = memoryLogger("info");
    log.info("before");
    await runInRequestScope("req-1", async () => {
      log.info("inside");
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.info("after a wait");
      setTimeout(() => log.info("from a timer started inside"), 1);
    });
    await runInRequestScope("req-2", async () => log.info("another request"));
    await new Promise((resolve) => setTimeout(resolve, 20));
    log.info("after");
    expect(lines.map((line) => [line.msg, line.requestId])).toEqual([
      ["before", undefined],
      ["inside", "req-1"],
      ["after a wait", "req-1"],
      ["another request", "req-2"],
      ["from a timer started inside", "req-1"],
      ["after", undefined],
    ]);
  });

  it("honours the level: nothing less severe than it is written, and silent writes nothing", () => {
    const write = (level: (typeof LOG_LEVELS)[number]) => {
      const { log, lines } = memoryLogger(level);
      log.trace("t");
      log.debug("d");
      log.info("i");
      log.warn("w");
      log.error("e");
      log.fatal("f");
      return lines.map((line) => line.level);
    };
    expect(write("trace")).toEqual(["trace", "debug", "info", "warn", "error", "fatal"]);
    expect(write("info")).toEqual(["info", "warn", "error", "fatal"]);
    expect(write("warn")).toEqual(["warn", "error", "fatal"]);
    expect(write("silent")).toEqual([]);
  });

  it("censors sensitive keys at the top of a line and one level down (the second line of defence)", () => {
    const { log, written, lines } = memoryLogger("info");
    log.info(
      {
        password: "hunter2-password",
        email: "someone@example.com",
        text: "a private message",
        note: "a booking note",
        endpoint: "https://fcm.googleapis.com/fcm/send/secret-endpoint",
        input: { text: "tRPC input" },
        user: { id: "u1", email: "nested@example.com", passwordHash: "scrypt$hash", token: "t0ken" },
        request: { headers: { cookie: "next-auth.session-token=abc" }, authorization: "Bearer xyz" },
        subscription: { keys: { p256dh: "key", auth: "secret" } },
        conversationId: "c1",
      },
      "with sensitive fields",
    );
    const line = lines[0]!;
    for (const key of ["password", "email", "text", "note", "endpoint", "input"]) expect(line[key]).toBe(REDACTED);
    expect(line.user).toEqual({ id: "u1", email: REDACTED, passwordHash: REDACTED, token: REDACTED });
    expect(line.request).toEqual({ headers: REDACTED, authorization: REDACTED });
    expect(line.subscription).toEqual({ keys: REDACTED });
    expect(line.conversationId).toBe("c1");
    for (const secret of ["hunter2", "someone@", "nested@", "private message", "booking note", "secret-endpoint", "tRPC input", "scrypt$", "t0ken", "session-token", "Bearer"]) {
      expect(written[0]).not.toContain(secret);
    }
  });

  it("logs an error's name, message, code and stack, and its cause's, but never pg's detail, parameters or anything else it carries", () => {
    const { log, written, lines } = memoryLogger("info");
    const pgError = Object.assign(new Error("duplicate key value violates unique constraint \"User_email_key\""), {
      name: "error",
      code: "23505",
      detail: "Key (email)=(leak@example.com) already exists.",
      parameters: ["leak@example.com", "secret text"],
      query: "INSERT INTO \"User\" (email) VALUES ($1)",
    });
    const wrapped = new Error("Unique constraint failed on the fields: (`email`)", { cause: pgError });
    Object.assign(wrapped, { name: "PrismaClientKnownRequestError", code: "P2002", meta: { target: ["email"], value: "leak@example.com" } });
    log.error({ err: wrapped }, "could not register");
    const err = lines[0]!.err as Record<string, unknown>;
    expect(err).toMatchObject({ type: "PrismaClientKnownRequestError", message: "Unique constraint failed on the fields: (`email`)", code: "P2002" });
    expect(err.stack).toMatch(/^\s+at /);
    expect(err.cause).toMatchObject({ type: "error", code: "23505", message: expect.stringContaining("duplicate key") });
    expect(Object.keys(err).sort()).toEqual(["cause", "code", "message", "stack", "type"]);
    expect(written[0]).not.toContain("leak@example.com");
    expect(written[0]).not.toContain("secret text");
    expect(written[0]).not.toContain("INSERT INTO");
  });

  it("keeps of a Prisma validation error only which call failed and why, not the arguments it prints", () => {
    const error = new Error(
      'Invalid `prisma.user.create()` invocation:\n\n{\n  data: {\n    email: "argument@example.com",\n+   name: String\n  }\n}\n\nArgument `name` is missing.',
    );
    error.name = "PrismaClientValidationError";
    const fields = errorFields(error);
    expect(fields.message).toBe("Invalid `prisma.user.create()` invocation: … Argument `name` is missing.");
    expect(JSON.stringify(fields)).not.toContain("argument@example.com");
  });

  it("describes a thrown non-Error by its type (and a string by itself)", () => {
    expect(errorFields({ email: "object@example.com" })).toEqual({ type: "object", message: "(not an Error)" });
    expect(errorFields("plain failure")).toEqual({ type: "string", message: "plain failure" });
  });
});

describe("request ids", () => {
  it("keeps a sane incoming X-Request-Id and makes a new one for anything else", () => {
    expect(requestIdFrom("abc-123_x.Y")).toBe("abc-123_x.Y");
    expect(requestIdFrom("a".repeat(64))).toBe("a".repeat(64));
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const bad of [undefined, "", "a".repeat(65), "has space", "new\nline", "quote\"", "ünïcode", ["a", "b"]]) {
      expect(requestIdFrom(bad)).toMatch(uuid);
    }
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });

  it("numbers a socket's calls under the socket's id, for the call and each step of a subscription's stream", async () => {
    const { log, lines } = memoryLogger("debug");
    const socket = { requestId: "sock", connectionId: "connection-1" };
    const answer = () =>
      inCallScope(socket, { path: "conversation.list", type: "query" }, async () => {
        log.info("in the call");
        return { ok: true as const, data: currentRequestId() };
      });
    expect((await answer()).data).toBe("sock.1");
    expect((await answer()).data).toBe("sock.2");

    async function* stream() {
      log.info("stream started");
      yield currentRequestId();
      await new Promise((resolve) => setTimeout(resolve, 1));
      yield currentRequestId();
    }
    const subscribed = await inCallScope(socket, { path: "message.onMessage", type: "subscription" }, async () => ({ ok: true as const, data: stream() }));
    const seen: unknown[] = [];
    // Iterated outside any scope, as the WebSocket adapter does.
    for await (const item of subscribed.data as AsyncIterable<unknown>) seen.push(item);
    expect(seen).toEqual(["sock.3", "sock.3"]);
    expect(lines.filter((line) => line.msg === "in the call").map((line) => line.requestId)).toEqual(["sock.1", "sock.2"]);
    expect(lines.find((line) => line.msg === "stream started")?.requestId).toBe("sock.3");
  });

  it("leaves an HTTP call in its request's scope, and logs each answered call at debug with procedure, type, code and duration", async () => {
    const captured = captureProcessLog("debug");
    try {
      const result = await runInRequestScope("http-1", () =>
        inCallScope({ requestId: "http-1", connectionId: null }, { path: "message.send", type: "mutation" }, async () => ({
          ok: false as const,
          error: { code: "FORBIDDEN" },
        })),
      );
      expect(result.ok).toBe(false);
      expect(captured.lines).toEqual([
        expect.objectContaining({ level: "debug", msg: "call answered", requestId: "http-1", procedure: "message.send", type: "mutation", code: "FORBIDDEN", durationMs: expect.any(Number) }),
      ]);
    } finally {
      captured.restore();
    }
  });
});
