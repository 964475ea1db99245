import { describe, expect, it } from "vitest";
import { connectDatabase } from "@/server/db/connect";
import { startSession } from "@/server/services/sessions";
import { httpClient, sessionCookie } from "@tests/support/api-server";
import { failure, makeUser, type TestUser } from "@tests/support/fixtures";
import { connectRaw } from "@tests/support/raw-socket";
import { within } from "@tests/support/wait";
import { openRawSocket } from "./harness/clients";
import { clusterForThisFile, showLogsOnFailure, type Cluster } from "./harness/cluster";
import type { AppProcess } from "./harness/processes";
import { SESSION_SECRET } from "./harness/processes";

/**
 * Two app processes sharing Postgres and Redis: a session ended through one is refused by the
 * other, and the sockets opened with it on either process close with 4401 within a second.
 */

let cluster: Cluster | undefined;
let A: AppProcess;
let B: AppProcess;

clusterForThisFile({ apps: ["A", "B"] }, (started) => ([A, B] = (cluster = started).apps as [AppProcess, AppProcess]));

/** A user with `devices` sessions (as signing in on that many devices starts), directly in the database. */
async function userOnDevices(devices: number): Promise<TestUser[]> {
  const db = await connectDatabase({ kind: "postgres", url: cluster!.database.url, poolSize: 2 });
  try {
    const user = await makeUser(db.prisma, "CUSTOMER");
    const more = [];
    for (let i = 1; i < devices; i++) more.push({ ...user, sessionId: await startSession(db.prisma, user.id) });
    return [user, ...more];
  } finally {
    await db.close();
  }
}

const cookieOf = (user: TestUser) => sessionCookie(user, SESSION_SECRET);

describe("sessions end on every process", () => {
  it("sign out everywhere through A closes the user's sockets on A and on B with 4401 within 1 s, and both refuse the cookies after", async () => {
    showLogsOnFailure(() => cluster);
    const [laptop, phone] = await userOnDevices(2);
    const sockets = [
      await openRawSocket(A.wsUrl, await cookieOf(laptop!)),
      await openRawSocket(B.wsUrl, await cookieOf(laptop!)),
      await openRawSocket(B.wsUrl, await cookieOf(phone!)),
    ];
    // The cookies work on both processes before (and B has them in its one-second cache).
    for (const app of [A, B]) expect((await httpClient(app.url, { cookie: await cookieOf(phone!) }).user.me.query()).id).toBe(phone!.id);

    await httpClient(A.url, { cookie: await cookieOf(laptop!) }).auth.signOutEverywhere.mutate();
    // The bound: every socket of the ended sessions, on every process, closed within 1 s.
    const closes = await Promise.all(sockets.map((s) => within(s.closed, "the socket to close", 1000)));

    expect(closes.map((c) => c.code)).toEqual([4401, 4401, 4401]);
    for (const app of [A, B]) {
      for (const device of [laptop!, phone!]) {
        expect(await failure(httpClient(app.url, { cookie: await cookieOf(device) }).user.me.query())).toMatchObject({ code: "UNAUTHORIZED" });
        expect(await connectRaw(app.wsUrl, { cookie: await cookieOf(device) })).toMatchObject({ opened: false, status: 401 });
      }
    }
  });
});
