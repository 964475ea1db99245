/** What a log line says about an error: enough to find the fault, nothing the error carried about the data. */
export interface ErrorFields {
  type: string;
  message: string;
  code?: string | number;
  stack?: string;
  cause?: ErrorFields;
}

/** Causes followed at most this deep (a driver error under Prisma's under tRPC's). */
const MAX_CAUSE_DEPTH = 3;

/**
 * Prisma's validation errors print the call's arguments, values included ("email: \"…\""), between
 * their first line (which call) and their last (what was wrong): only those two are kept.
 */
function withoutArguments(name: string, message: string): string {
  if (name !== "PrismaClientValidationError") return message;
  const lines = message.split("\n").map((line) => line.trim()).filter(Boolean);
  if (lines.length <= 2) return lines.join(" ");
  return `${lines[0]} … ${lines[lines.length - 1]}`;
}

/**
 * The name, message, code and stack of an error, and of its causes. Nothing else: a pg error's
 * `detail` ("Key (email)=(…) already exists"), its query parameters, Prisma's `meta`, a request's
 * body, headers or a tRPC input are never read. The stack keeps only its frames, since its first
 * line repeats the message.
 */
export function errorFields(error: unknown, depth = 0): ErrorFields {
  if (!(error instanceof Error)) return { type: typeof error, message: typeof error === "string" ? error : "(not an Error)" };
  const fields: ErrorFields = { type: error.name, message: withoutArguments(error.name, error.message) };
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" || typeof code === "number") fields.code = code;
  const frames = error.stack
    ?.split("\n")
    .filter((line) => /^\s+at /.test(line))
    .join("\n");
  if (frames) fields.stack = frames;
  if (error.cause !== undefined && depth < MAX_CAUSE_DEPTH) fields.cause = errorFields(error.cause, depth + 1);
  return fields;
}
