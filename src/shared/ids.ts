/**
 * The shape of the ids the app hands out (Prisma's cuid(): "c" and lowercase letters and digits),
 * so that the server refuses anything else before it reaches a query and pages can tell a garbled
 * link from a conversation that is not there.
 */
export const ID_PATTERN = /^c[0-9a-z]{24,31}$/;

export const ID_EXAMPLE = "cmwtryy3e0000pi7d9222d25w";

export function isId(value: unknown): value is string {
  return typeof value === "string" && ID_PATTERN.test(value);
}
