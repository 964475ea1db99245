import type { IncomingMessage, ServerResponse } from "node:http";
import type { SessionUser } from "@/server/auth/session";
import { dataExportFiles, type DataExportDeps } from "@/server/services/data-export";
import { writeZip } from "./zip-stream";

export const DATA_EXPORT_PATH = "/api/me/export";

function refuse(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers });
  res.end(`${message}\n`);
}

/**
 * GET /api/me/export: the signed-in person's data as a zip (services/data-export.ts says what is in
 * it), streamed as it is read. 401 signed out, 405 for another method, 429 while an export of the
 * same person is still running on this process (one at a time: each reads all of their history).
 * A failure once the download has begun cuts it short, so a partial archive is never mistaken for
 * the whole (its end is missing, and unzip says so).
 */
export function createDataExportHandler(
  deps: DataExportDeps,
  authenticate: (req: IncomingMessage) => Promise<SessionUser | null>,
  log: (message: string, error?: unknown) => void,
) {
  const running = new Set<string>();
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== "GET") return refuse(res, 405, "Use GET to download your data.", { Allow: "GET" });
    const user = await authenticate(req);
    if (!user) return refuse(res, 401, "Sign in to download your data.");
    if (running.has(user.id)) {
      return refuse(res, 429, "Your data is already being downloaded. Wait for that download to finish, then try again.", { "Retry-After": "30" });
    }
    running.add(user.id);
    try {
      const day = new Date().toISOString().slice(0, 10);
      res.writeHead(200, {
        "Content-Type": "application/zip",
        "Content-Disposition": `attachment; filename="glow-data-${day}.zip"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      });
      await writeZip(res, dataExportFiles(deps, user.id));
      res.end();
    } catch (error) {
      if (!res.destroyed) log("The data export failed part-way", error);
      res.destroy();
    } finally {
      running.delete(user.id);
    }
  };
}
