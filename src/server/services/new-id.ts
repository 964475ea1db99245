import { randomBytes } from "node:crypto";

/**
 * A new id of the shape Prisma's cuid() gives (src/shared/ids.ts): "c", the time in base 36, a
 * per-process counter and random characters, 25 in all. For rows the server inserts with its own SQL
 * (the one-statement send), so they look like every other id and pass the same input checks.
 */
let counter = 0;

const BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";

function randomBase36(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  // A byte modulo 36 favours a few characters slightly: harmless, as the time and the counter
  // carry the uniqueness and the random part only keeps processes apart.
  for (const byte of bytes) out += BASE36[byte % 36];
  return out;
}

export function newId(): string {
  counter = (counter + 1) % 36 ** 4;
  const time = Date.now().toString(36).padStart(8, "0").slice(-8);
  return `c${time}${counter.toString(36).padStart(4, "0")}${randomBase36(12)}`;
}
