import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { DomainError } from "@/server/services/errors";

/** "text: must be at most 4000 characters; clientId: must be a UUID" */
export function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

/** For a request that is not tRPC's JSON at all: what to do, not what the parser said. */
export const UNREADABLE_REQUEST = "This request could not be read. Send JSON in the shape a tRPC client sends.";

/**
 * A request tRPC could not read (not JSON, a frame of the wrong shape, a binary frame): PARSE_ERROR,
 * or an error whose message is merely its cause's own ("Unexpected token…"), from a library's
 * parser rather than from us.
 */
export function isUnreadableRequest(error: TRPCError): boolean {
  if (error.code === "PARSE_ERROR") return true;
  const cause = error.cause;
  return cause instanceof Error && !(cause instanceof ZodError) && !(cause instanceof DomainError) && error.message === cause.message;
}

/**
 * The one place where domain errors become protocol errors, and where invalid input gets a
 * sentence instead of zod's JSON dump.
 */
export function toTRPCError(error: unknown): unknown {
  if (error instanceof DomainError) return new TRPCError({ code: error.code, message: error.message, cause: error });
  if (error instanceof TRPCError && error.cause instanceof ZodError) {
    return new TRPCError({ code: "BAD_REQUEST", message: describeZodError(error.cause), cause: error.cause });
  }
  return error;
}
