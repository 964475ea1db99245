import type { PushPayload } from "./payload";

export interface VapidDetails {
  subject: string;
  publicKey: string;
  privateKey: string;
}

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/**
 * What the push service said: taken (2xx), `gone` (404/410: the browser unsubscribed or the
 * subscription expired; forget it), or `refused` (any other 4xx or a redirect: sending the same
 * again cannot help). Anything worth retrying (429, 5xx, no answer) throws a RetryablePushError.
 */
export type DeliveryOutcome = { kind: "delivered" } | { kind: "gone"; status: number } | { kind: "refused"; status: number };

export class RetryablePushError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "RetryablePushError";
  }
}

/** How long a push service keeps a push for a device that is offline: a day, then it is stale. */
export const PUSH_TTL_SECONDS = 24 * 60 * 60;
const ANSWER_TIMEOUT_MS = 15_000;

/** A Topic header (RFC 8030): the push service keeps only the newest undelivered push per topic. */
const asTopic = (tag: string) => (/^[A-Za-z0-9_-]{1,32}$/.test(tag) ? tag : undefined);

/**
 * Encrypts the payload for the device (RFC 8291, aes128gcm), signs the request with the VAPID key
 * (RFC 8292) and POSTs it to the device's push service. web-push builds the request; fetch sends it
 * (web-push's own sender speaks only https, and local test push servers speak http).
 */
export async function deliverPush(target: PushTarget, payload: PushPayload, vapid: VapidDetails): Promise<DeliveryOutcome> {
  // Loaded by the first push, not at start (with its crypto dependencies); cached by Node after.
  const { default: webpush } = await import("web-push");
  const request = webpush.generateRequestDetails({ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } }, JSON.stringify(payload), {
    vapidDetails: vapid,
    TTL: PUSH_TTL_SECONDS,
    urgency: "high",
    topic: asTopic(payload.tag),
  });
  const headers = Object.fromEntries(
    Object.entries(request.headers)
      .filter(([name]) => name.toLowerCase() !== "content-length")
      .map(([name, value]) => [name, String(value)]),
  );
  let response: Response;
  try {
    response = await fetch(target.endpoint, {
      method: "POST",
      headers,
      body: request.body ? new Uint8Array(request.body) : null,
      // An endpoint is checked when it is stored; a redirect would lead elsewhere.
      redirect: "manual",
      signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
    });
  } catch (error) {
    throw new RetryablePushError(`The push service did not answer (${error instanceof Error ? error.message : String(error)}).`, null);
  }
  await response.body?.cancel().catch(() => {});
  const status = response.status;
  if (status >= 200 && status < 300) return { kind: "delivered" };
  if (status === 404 || status === 410) return { kind: "gone", status };
  if (status === 429 || status >= 500) throw new RetryablePushError(`The push service answered ${status}.`, status);
  return { kind: "refused", status };
}
