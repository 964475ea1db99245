import { z } from "zod";

export const ZId = z.string().trim().min(1, "must not be empty").max(64, "is too long");
export const ZConversationId = ZId;
