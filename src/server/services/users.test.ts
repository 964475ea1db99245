import { describe, expect, it } from "vitest";
import { databaseForThisFile } from "@tests/support/test-file";
import { authenticateUser, listArtists, registerUser } from "./users";

const { db } = databaseForThisFile();

describe("authenticateUser", () => {
  it("finds no account, rather than failing with the driver's words, for an email holding the NUL character or half a character", async () => {
    await registerUser(db.prisma, { email: "nul@test.example", password: "correct horse", name: "Nul", role: "CUSTOMER" });
    expect(await authenticateUser(db.prisma, "nul@test.example", "correct horse")).toMatchObject({ email: "nul@test.example" });
    for (const email of ["nul@test.example\u0000", "\u0000", "nul\ud800@test.example"]) {
      expect(await authenticateUser(db.prisma, email, "correct horse")).toBeNull();
    }
  });
});

describe("listArtists", () => {
  it("leaves out artists suspended now, and lists them again once the suspension has run out", async () => {
    const names = ["Dir Active", "Dir Suspended", "Dir Expired"];
    const [active, suspended, expired] = await Promise.all(
      names.map((name, i) => registerUser(db.prisma, { email: `dir${i}@test.example`, password: "correct horse", name, role: "ARTIST" })),
    );
    await db.prisma.user.update({ where: { id: suspended!.id }, data: { suspendedAt: new Date(), suspendedUntil: null } });
    await db.prisma.user.update({ where: { id: expired!.id }, data: { suspendedAt: new Date(Date.now() - 86_400_000), suspendedUntil: new Date(Date.now() - 1000) } });
    const { items } = await listArtists(db.prisma, { limit: 50 });
    const listed = items.map((a) => a.id);
    expect(listed).toContain(active!.id);
    expect(listed).toContain(expired!.id);
    expect(listed).not.toContain(suspended!.id);
  });
});
