import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { DomainError } from "@/server/services/errors";

/** "text: must be at most 4000 characters; clientId: must be a UUID" */
export function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
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
