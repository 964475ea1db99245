/**
 * Where the server may send pushes. A subscription's endpoint is a URL a browser gave us, and the
 * push worker POSTs to it: accepting any URL would let anyone make the server call addresses of
 * their choosing (SSRF). So only the browsers' own push services, over https on the default port,
 * plus the origins an operator lists in PUSH_ENDPOINT_ORIGINS (tests, a local push server).
 */

/** Hosts of the push services of Chrome/Edge/Opera/Samsung (FCM), Firefox, Edge on Windows and Safari. "*." = any subdomain. */
export const PUSH_SERVICE_HOSTS = [
  "fcm.googleapis.com",
  "updates.push.services.mozilla.com",
  "*.push.services.mozilla.com",
  "*.notify.windows.com",
  "web.push.apple.com",
  "*.push.apple.com",
] as const;

/** Longer than any push service's endpoint (Apple's and Windows' are the longest, about 300 characters). */
export const MAX_ENDPOINT_LENGTH = 1024;

function isPushServiceHost(hostname: string): boolean {
  return PUSH_SERVICE_HOSTS.some((pattern) =>
    pattern.startsWith("*.") ? hostname.endsWith(pattern.slice(1)) && hostname.length > pattern.length - 1 : hostname === pattern,
  );
}

/** Whether the server may POST pushes to this endpoint. */
export function isAllowedPushEndpoint(endpoint: string, extraOrigins: readonly string[]): boolean {
  if (endpoint.length > MAX_ENDPOINT_LENGTH || !URL.canParse(endpoint)) return false;
  const url = new URL(endpoint);
  if (url.username || url.password) return false;
  if (extraOrigins.includes(url.origin)) return true;
  return url.protocol === "https:" && url.port === "" && isPushServiceHost(url.hostname);
}
