/**
 * Where people land after signing in: a path on this site, never another site. The one check for
 * the sign-in page, the sign-in form and next-auth's redirect callback.
 */

export const AFTER_SIGN_IN_PATH = "/messages";

/** Control characters (C0, DEL, C1) and backslashes: browsers strip or reinterpret them in URLs. */
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\\]/;
/** Anything over this is not a link of ours. */
const MAX_PATH_LENGTH = 2048;
const PROBE_ORIGIN = "http://glow.invalid";

function isPlainPath(path: string): boolean {
  return path.startsWith("/") && !path.startsWith("//") && !UNSAFE_CHARACTERS.test(path);
}

/**
 * `value` as a same-origin path ("/messages/abc?x=1#y"), or AFTER_SIGN_IN_PATH when it is anything
 * else: another site ("https://evil", "//evil", "/\evil"), a path hiding one behind an encoded
 * character ("/%09/evil", "/%2F/evil"), control characters, backslashes, or not a string at all.
 * An absolute URL on `origin` (next-auth passes the page's own URL) becomes its path.
 */
export function safePath(value: unknown, origin?: string): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_PATH_LENGTH) return AFTER_SIGN_IN_PATH;
  let path = value;
  if (origin !== undefined && !path.startsWith("/")) {
    let url: URL;
    try {
      url = new URL(path);
    } catch {
      return AFTER_SIGN_IN_PATH;
    }
    if (url.origin !== new URL(origin).origin || url.username || url.password) return AFTER_SIGN_IN_PATH;
    path = url.pathname + url.search + url.hash;
  }
  if (!isPlainPath(path)) return AFTER_SIGN_IN_PATH;
  // A server or proxy on the way may decode the path once before it redirects: it must still be a
  // plain path then.
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return AFTER_SIGN_IN_PATH;
  }
  if (!isPlainPath(decoded)) return AFTER_SIGN_IN_PATH;
  // Last, the browser's own reading: resolved against a page of ours, it stays on our origin, and
  // what it normalises to ("/.//evil" becomes "//evil") is still a plain path.
  const resolved = new URL(path, PROBE_ORIGIN);
  const normalised = resolved.pathname + resolved.search + resolved.hash;
  if (resolved.origin !== PROBE_ORIGIN || !isPlainPath(normalised)) return AFTER_SIGN_IN_PATH;
  return normalised;
}
