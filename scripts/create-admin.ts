/**
 * `npm run admin:create -- --email a@b.c --name "Ada"`: the only way to make an admin besides the
 * seed. The password is read from ADMIN_PASSWORD or asked for on the terminal, never from argv
 * (it would land in shell history).
 */
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { EnvError } from "@/env";
import { Prisma } from "@/generated/prisma/client";
import { openDatabase } from "@/server/db/open";
import { hashPassword } from "@/server/services/passwords";
import { normalizeEmail } from "@/server/services/users";

const Input = z.object({
  email: z.email("--email must be an email address"),
  name: z.string().trim().min(1, "--name must not be empty").max(80, "--name must be at most 80 characters"),
  password: z.string().min(8, "the password must be at least 8 characters").max(200),
});

async function readPassword(): Promise<string> {
  const fromEnv = process.env.ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question("Password for the new admin (8+ characters): ");
  rl.close();
  return answer;
}

async function main() {
  const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } } });
  const parsed = Input.safeParse({ ...values, password: await readPassword() });
  if (!parsed.success) {
    console.error(parsed.error.issues.map((i) => i.message).join("\n"));
    process.exit(1);
  }
  const db = await openDatabase();
  try {
    const user = await db.prisma.user.create({
      data: {
        email: normalizeEmail(parsed.data.email),
        name: parsed.data.name,
        role: "ADMIN",
        passwordHash: await hashPassword(parsed.data.password),
      },
    });
    console.log(`Admin ${user.email} created.`);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      console.error("An account with this email already exists.");
      process.exitCode = 1;
    } else throw error;
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : `Could not create the admin: ${(error as Error).message}`);
  process.exit(1);
});
