/**
 * The baseline's users and conversations, inserted with plain SQL into the tables the app's
 * migrations made ("User", "Conversation", "Participant"): the baseline has no sign-up or sign-in.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { queryOnce } from "@tests/support/database";
import type { BenchUser } from "./accounts";
import type { Pair } from "./load";

/** `count` customer–artist pairs, each with its conversation and both participants, at `baseUrl`. */
export async function createBaselinePairs(databaseUrl: string, baseUrl: string, count: number): Promise<Pair[]> {
  const run = randomBytes(4).toString("hex");
  const user = (role: "CUSTOMER" | "ARTIST", label: string): BenchUser => ({
    id: randomUUID(),
    email: `baseline-${label}-${run}@bench.example`,
    name: `Baseline ${label}`,
    role,
    baseUrl,
    cookie: "", // the baseline's sockets name their user in the URL
  });
  const pairs: Pair[] = Array.from({ length: count }, (_, p) => ({
    index: p,
    customer: user("CUSTOMER", `customer${p}`),
    artist: user("ARTIST", `artist${p}`),
    conversationId: randomUUID(),
  }));
  const users = pairs.flatMap((p) => [p.customer, p.artist]);
  await queryOnce(
    databaseUrl,
    `INSERT INTO "User" (id, email, name, role, "passwordHash")
     SELECT id, email, name, role, 'none: the baseline has no sign-in'
     FROM unnest($1::text[], $2::text[], $3::text[], $4::"Role"[]) AS u(id, email, name, role)`,
    [users.map((u) => u.id), users.map((u) => u.email), users.map((u) => u.name), users.map((u) => u.role)],
  );
  await queryOnce(
    databaseUrl,
    `WITH conversation AS (
       INSERT INTO "Conversation" (id, "customerId", "artistId")
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
       RETURNING id, "customerId", "artistId"
     )
     INSERT INTO "Participant" ("conversationId", "userId")
     SELECT id, "customerId" FROM conversation UNION ALL SELECT id, "artistId" FROM conversation`,
    [pairs.map((p) => p.conversationId), pairs.map((p) => p.customer.id), pairs.map((p) => p.artist.id)],
  );
  return pairs;
}
