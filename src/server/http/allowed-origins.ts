/**
 * The origins whose pages may open the WebSocket (and that the pages' CSP lets them connect to):
 * the configured public URL(s), never whatever Host a request claims. A browser always sends
 * Origin on a WebSocket handshake, so a page of another site cannot ride on the user's cookie.
 */

export interface OriginSettings {
  /** NEXTAUTH_URL: the app's public URL. */
  NEXTAUTH_URL?: string;
  /** ALLOWED_ORIGINS, already parsed to origins. */
  ALLOWED_ORIGINS: readonly string[];
  PORT: number;
}

/**
 * NEXTAUTH_URL's origin and ALLOWED_ORIGINS; with neither configured (the zero-config local
 * default), this machine on the app's port: http://localhost:PORT and http://127.0.0.1:PORT.
 */
export function allowedOrigins(settings: OriginSettings): string[] {
  const configured = [...(settings.NEXTAUTH_URL ? [new URL(settings.NEXTAUTH_URL).origin] : []), ...settings.ALLOWED_ORIGINS];
  if (configured.length > 0) return [...new Set(configured)];
  return [`http://localhost:${settings.PORT}`, `http://127.0.0.1:${settings.PORT}`];
}

/** Whether a request's Origin header is one of `allowed` (compared as origins, so case and default ports do not matter). */
export function isAllowedOrigin(origin: string, allowed: readonly string[]): boolean {
  let parsed: string;
  try {
    parsed = new URL(origin).origin;
  } catch {
    return false;
  }
  // "null" (a sandboxed page, a file) and anything else without a real origin is refused.
  return parsed !== "null" && allowed.includes(parsed);
}
