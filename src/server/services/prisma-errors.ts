import { Prisma } from "@/generated/prisma/client";

/** A unique index refused the row: someone else stored it first (a race the index settles). */
export const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

/** A row the new row refers to is gone: deleted a moment ago. */
export const isForeignKeyViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003";
