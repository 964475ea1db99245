import type { IncomingMessage, ServerResponse } from "node:http";
import type { PrismaClient } from "@/generated/prisma/client";
import type { SessionUser } from "@/server/auth/session";
import { allAuditEntries, AUDIT_CSV_COLUMNS, auditCsvLine, recordAudit, type AuditFilter } from "@/server/services/admin/audit";
import { DomainError } from "@/server/services/errors";
import { isId } from "@/shared/ids";

export const AUDIT_CSV_PATH = "/api/admin/audit.csv";

function refuse(res: ServerResponse, status: number, message: string) {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
  res.end(JSON.stringify({ error: message }));
}

/**
 * GET /api/admin/audit.csv[?adminId=ID][&targetId=ID]: the audit trail as CSV, newest first, the
 * same entries /admin/audit lists with the same filters; streamed a page at a time. Admins only
 * (401 signed out, 403 anyone else); the export is itself recorded before it is read.
 */
export function createAuditCsvHandler(
  prisma: PrismaClient,
  authenticate: (req: IncomingMessage) => Promise<SessionUser | null>,
  origin: (req: IncomingMessage) => { ip: string | null; userAgent: string | null },
  log: (message: string, error?: unknown) => void,
) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (req.method !== "GET") {
      res.setHeader("Allow", "GET");
      return refuse(res, 405, "Use GET to download the audit trail.");
    }
    const user = await authenticate(req);
    if (!user) return refuse(res, 401, "Sign in to continue.");
    if (user.role !== "ADMIN") return refuse(res, 403, "Only Glow support can do this.");
    const filter: AuditFilter = {};
    const adminId = url.searchParams.get("adminId");
    const targetId = url.searchParams.get("targetId");
    if (adminId !== null) {
      if (!isId(adminId)) return refuse(res, 400, "adminId: must be an admin's id.");
      filter.adminId = adminId;
    }
    if (targetId !== null) {
      if (!targetId || targetId.length > 64) return refuse(res, 400, "targetId: must be the id of what the entries are about.");
      filter.targetId = targetId;
    }
    try {
      await recordAudit(prisma, { id: user.id, ...origin(req) }, { action: "audit.export", targetType: "audit", targetId: null, details: { ...filter } });
    } catch (error) {
      if (error instanceof DomainError) return refuse(res, 403, error.message);
      log("Could not record the audit export", error);
      return refuse(res, 500, "Something went wrong on our side. Please try again.");
    }
    const day = new Date().toISOString().slice(0, 10);
    res.writeHead(200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="glow-audit-${day}.csv"`,
      "Cache-Control": "no-store",
    });
    try {
      res.write(`${AUDIT_CSV_COLUMNS.join(",")}\r\n`);
      for await (const entry of allAuditEntries(prisma, filter)) {
        if (!res.write(`${auditCsvLine(entry)}\r\n`)) await new Promise((resolve) => res.once("drain", resolve));
      }
      res.end();
    } catch (error) {
      // Headers are gone: cut the download short, so it is never mistaken for the whole trail.
      log("The audit export failed part-way", error);
      res.destroy();
    }
  };
}
