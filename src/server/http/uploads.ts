import type { IncomingMessage, ServerResponse } from "node:http";
import busboy from "busboy";
import type { SessionUser } from "@/server/auth/session";
import type { Quota } from "@/server/limits";
import { DomainError, RateLimitedError } from "@/server/services/errors";
import { isId } from "@/shared/ids";
import { MAX_UPLOAD_BYTES } from "@/shared/limits";
import { requireConversationAccess } from "@/server/services/access";
import { PHOTO_TOO_BIG } from "@/server/services/image-processing";
import { readUpload, saveUpload, type ImageVariant, type UploadDeps } from "@/server/services/uploads";

/**
 * POST /api/uploads?conversationId=ID (multipart, field "file") → 201 { id, width, height }
 * GET  /api/uploads/:id/full | /api/uploads/:id/thumb → the image, for those allowed to see it
 * Errors are JSON { error: "a sentence a person can act on" }.
 */

const STATUS: Record<DomainError["code"], number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
};

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", ...headers });
  res.end(JSON.stringify(body));
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}


/** Reads the one "file" field, refusing early (and without buffering) anything over the limit. */
function readFileField(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const length = Number(req.headers["content-length"] ?? 0);
    if (length > MAX_UPLOAD_BYTES + 64 * 1024) return reject(new HttpError(413, PHOTO_TOO_BIG));
    let parser: busboy.Busboy;
    try {
      // busboy stops a file when it *reaches* fileSize; a photo of exactly 10 MB is allowed.
      parser = busboy({ headers: req.headers, limits: { fileSize: MAX_UPLOAD_BYTES + 1, fields: 10, parts: 12 } });
    } catch {
      return reject(new HttpError(400, 'Send the photo as multipart/form-data in a field named "file".'));
    }
    let file: Buffer | null = null;
    let failed = false;
    const fail = (error: HttpError) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      req.resume();
      reject(error);
    };
    parser.on("file", (name, stream) => {
      if (name !== "file" || file !== null) return stream.resume();
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("limit", () => fail(new HttpError(413, PHOTO_TOO_BIG)));
      stream.on("end", () => {
        if (!failed) file = Buffer.concat(chunks);
      });
    });
    parser.on("error", () => fail(new HttpError(400, "The upload was cut off. Try again.")));
    parser.on("close", () => {
      if (failed) return;
      if (!file) return fail(new HttpError(400, 'No photo found: send it in a form field named "file".'));
      resolve(file);
    });
    req.on("aborted", () => fail(new HttpError(400, "The upload was cut off. Try again.")));
    req.pipe(parser);
  });
}

export function createUploadsHandler(
  deps: UploadDeps,
  authenticate: (req: IncomingMessage) => Promise<SessionUser | null>,
  /** Uploads per user (UPLOAD_LIMIT_PER_HOUR): every upload that is read counts, kept or not. */
  quota: Quota,
  log: (m: string, e: unknown) => void,
) {
  async function handle(req: IncomingMessage, res: ServerResponse, url: URL) {
    const user = await authenticate(req);
    if (!user) throw new HttpError(401, "Sign in to send or see photos.");

    if (url.pathname === "/api/uploads") {
      if (req.method !== "POST") throw new HttpError(405, "Use POST to upload a photo.");
      const conversationId = url.searchParams.get("conversationId");
      // A garbled id (the NUL character, say) never reaches a query.
      if (!conversationId || !isId(conversationId)) throw new HttpError(400, "Say which conversation the photo is for: ?conversationId=…");
      // Before reading the body: a stranger's 10 MB, or one over the limit, never gets read.
      await requireConversationAccess(deps.prisma, user.id, conversationId, "upload");
      await quota.take(user.id);
      const bytes = await readFileField(req);
      const saved = await saveUpload(deps, user, conversationId, bytes);
      return sendJson(res, 201, saved);
    }

    const match = /^\/api\/uploads\/([^/]+)\/(full|thumb)$/.exec(url.pathname);
    if (!match || (req.method !== "GET" && req.method !== "HEAD")) throw new HttpError(404, "Not found.");
    const image = await readUpload(deps, user, match[1]!, match[2] as ImageVariant);
    if (!image) throw new HttpError(404, "This photo was not found.");
    if (image.content.type === "redirect") {
      res.writeHead(302, { Location: image.content.url, "Cache-Control": "private, no-store" });
      return res.end();
    }
    res.writeHead(200, {
      "Content-Type": image.mime,
      "Content-Length": image.content.data.length,
      "X-Content-Type-Options": "nosniff",
      // An id's bytes never change; only the signed-in participant's browser may keep them.
      "Cache-Control": "private, max-age=31536000, immutable",
      "Content-Disposition": "inline",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    });
    res.end(req.method === "HEAD" ? undefined : image.content.data);
  }

  return (req: IncomingMessage, res: ServerResponse, url: URL) =>
    handle(req, res, url).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof HttpError) return sendJson(res, error.status, { error: error.message });
      if (error instanceof RateLimitedError) {
        return sendJson(res, 429, { error: error.message }, { "Retry-After": String(Math.ceil(error.retryAfterMs / 1000)) });
      }
      if (error instanceof DomainError) return sendJson(res, STATUS[error.code], { error: error.message });
      log("Upload failed unexpectedly", error);
      sendJson(res, 500, { error: "Something went wrong on our side. Please try again." });
    });
}
