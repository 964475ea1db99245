import pino, { type DestinationStream, type Logger } from "pino";
import type { Env, LogLevel } from "@/env";
import { errorFields } from "./error-fields";
import { currentRequestId } from "./request-scope";

export type { Logger } from "pino";

/**
 * Keys whose values are censored wherever they appear, at the top of a line's fields or one level
 * down. This is the second line of defence only: the first is that no code passes a message's
 * text, a note, a password, a token, a cookie, a header, an email, a push endpoint or its keys,
 * a request body or a tRPC input to the logger at all (errors go through errorFields, which reads
 * only name, message, code and stack). The e2e log scan (e2e/support/log-scan.ts) checks both.
 */
const SENSITIVE_KEYS = [
  "password",
  "currentPassword",
  "newPassword",
  "passwordHash",
  "token",
  "sessionToken",
  "secret",
  "cookie",
  "cookies",
  "authorization",
  "headers",
  "email",
  "endpoint",
  "p256dh",
  "auth",
  "keys",
  "text",
  "originalText",
  "note",
  "originalNote",
  "body",
  "input",
] as const;
export const REDACTED = "[redacted]";
export const REDACT_PATHS = SENSITIVE_KEYS.flatMap((key) => [key, `*.${key}`]);

/**
 * A logger writing one JSON object per line: time, level (by name), msg, and the request id of
 * the request or socket call in scope (request-scope.ts), so no service passes it along.
 */
export function createLogger(options: { level: LogLevel; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // pino merges the line's own fields into this object: a new one each time.
      mixin: () => {
        const requestId = currentRequestId();
        return requestId === undefined ? {} : { requestId };
      },
      serializers: { err: errorFields, error: errorFields },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/**
 * The process's logger, on globalThis so that Next's bundle (which loads its own copy of this
 * module) writes through the same one. Until startProcessLogger runs (a unit test, a script) it
 * is a JSON logger at info.
 */
const globalForLogger = globalThis as typeof globalThis & { __glowLogger?: Logger };

export function logger(): Logger {
  return (globalForLogger.__glowLogger ??= createLogger({ level: "info" }));
}

/** Puts another logger in the process logger's place (tests read the lines); returns the one it replaced. */
export function replaceProcessLogger(next: Logger): Logger {
  const previous = logger();
  globalForLogger.__glowLogger = next;
  return previous;
}

/**
 * Sets up the process's logger from the configuration: LOG_LEVEL; in production one JSON object
 * per line on stdout, console.* and process warnings included (console-bridge.ts); in development
 * lines made readable by pino-pretty (a development dependency, loaded only then; without it, JSON).
 */
export async function startProcessLogger(config: Pick<Env, "LOG_LEVEL" | "NODE_ENV">): Promise<Logger> {
  const production = config.NODE_ENV === "production";
  const destination = production ? undefined : await prettyDestination();
  globalForLogger.__glowLogger = createLogger({ level: config.LOG_LEVEL, destination });
  if (production) (await import("./console-bridge")).routeConsoleToLogger();
  return globalForLogger.__glowLogger;
}

async function prettyDestination(): Promise<DestinationStream | undefined> {
  try {
    const { default: pretty } = await import("pino-pretty");
    return pretty({ colorize: process.stdout.isTTY === true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" });
  } catch {
    return undefined;
  }
}

/**
 * The `log(message, error)` callback services and handlers are given: an error when something
 * failed, a warning when something degraded (Redis away) with no error to show.
 */
export function logProblem(message: string, error?: unknown): void {
  if (error === undefined) logger().warn(message);
  else logger().error({ err: error }, message);
}
