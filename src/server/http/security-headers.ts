import type { ServerResponse } from "node:http";

/**
 * The security headers of every response: pages (set by the custom server around Next, so they
 * follow the runtime configuration rather than the build), and the API. Photos under /api/uploads
 * keep the headers their handler writes (their own CSP and caching); they only get HSTS.
 */

export interface SecurityHeaderSettings {
  /** NEXTAUTH_URL is https: browsers are told to use nothing else (HSTS). */
  https: boolean;
  /** next dev evaluates code on the fly (React's dev tools, fast refresh): 'unsafe-eval' there only. */
  development: boolean;
  /** The origins whose pages open the WebSocket (allowedOrigins): their ws:/wss: twins may be connected to. */
  socketOrigins: readonly string[];
  /** Where photos may be served from besides this site (UploadThing's signed URLs). */
  imageOrigins: readonly string[];
}

/** A year, subdomains included; sent only when the public URL is https. */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

/** ws://host for http://host, wss://host for https://host. */
function socketOriginOf(origin: string): string {
  return origin.replace(/^http(s?):/, "ws$1:");
}

/**
 * The pages' CSP. Scripts: this site only, plus inline ones ('unsafe-inline': Next.js inlines its
 * bootstrap and streaming scripts, and public/offline.html has one; nonces would need every page
 * rendered per request and a hash for offline.html). 'self' covers ws:/wss: to this host in CSP3
 * browsers; the socket origins are listed too for the browsers that do not.
 */
export function contentSecurityPolicy(settings: Omit<SecurityHeaderSettings, "https">): string {
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", "'unsafe-inline'", ...(settings.development ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "blob:", "data:", ...settings.imageOrigins],
    ["font-src", "'self'", "data:"],
    ["connect-src", "'self'", ...settings.socketOrigins.map(socketOriginOf)],
    ["media-src", "'self'", "blob:"],
    ["worker-src", "'self'"],
    ["manifest-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
  ];
  return directives.map((directive) => directive.join(" ")).join("; ");
}

export function pageHeaders(settings: SecurityHeaderSettings): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(settings),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    ...transportHeaders(settings),
  };
}

/** tRPC and the health check: answers about one user, at one moment; never kept by a cache. */
export function apiHeaders(settings: Pick<SecurityHeaderSettings, "https">): Record<string, string> {
  return {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    ...transportHeaders(settings),
  };
}

export function transportHeaders(settings: Pick<SecurityHeaderSettings, "https">): Record<string, string> {
  return settings.https ? { "Strict-Transport-Security": STRICT_TRANSPORT_SECURITY } : {};
}

/** Sets the headers before a handler writes the response (what the handler's writeHead says wins). */
export function setHeaders(res: ServerResponse, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}
