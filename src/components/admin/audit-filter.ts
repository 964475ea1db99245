export type AuditFilter = { adminId?: string; targetId?: string };

/** The filter as query parameters: the page's own URL and the CSV export take the same ones. */
export function auditQueryString(filter: AuditFilter): string {
  const params = new URLSearchParams();
  if (filter.adminId) params.set("adminId", filter.adminId);
  if (filter.targetId) params.set("targetId", filter.targetId);
  const query = params.toString();
  return query ? `?${query}` : "";
}
