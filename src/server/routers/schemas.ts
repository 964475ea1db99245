import { z } from "zod";
import { ID_EXAMPLE, ID_PATTERN } from "@/shared/ids";

/** The largest value of the database's integer columns (seq, lastReadSeq, minutes, cents). */
export const INT32_MAX = 2_147_483_647;

/** A row's id as the app hands them out; anything else is refused before it reaches a query. */
export const ZId = z.string().regex(ID_PATTERN, `must be an id such as "${ID_EXAMPLE}"`);
export const ZConversationId = ZId;

/** A message's seq: its place in the conversation, from 1. */
export const ZSeq = (min: 0 | 1) =>
  z
    .number({ error: "must be a message seq (a whole number)" })
    .int("must be a message seq (a whole number)")
    .min(min, `must be between ${min} and ${INT32_MAX}`)
    .max(INT32_MAX, `must be between ${min} and ${INT32_MAX}`);

/** A seq written as text (a subscription's lastEventId). */
export const ZSeqText = z
  .string()
  .regex(/^\d{1,10}$/, "must be the seq of a message the client already has")
  .refine((text) => Number(text) <= INT32_MAX, `must be the seq of a message the client already has (at most ${INT32_MAX})`);

/** How many items a page holds: 1 to `max`. */
export const ZPageSize = (max: number, fallback: number) =>
  z
    .number({ error: `must be a whole number between 1 and ${max}` })
    .int(`must be a whole number between 1 and ${max}`)
    .min(1, `must be between 1 and ${max}`)
    .max(max, `must be between 1 and ${max}`)
    .default(fallback);
