/**
 * Whether a thread's early history has expired: every page is loaded (nothing older to fetch) and
 * yet the oldest message is not the first one. Messages are never deleted one by one (removal and
 * account deletion keep the row), and seq has no gaps, so the only way seq 1 is missing is
 * retention having dropped the months it was in (src/server/maintenance).
 */
export function earlyHistoryExpired(oldestSeq: number | undefined, olderBeforeSeq: number | null): boolean {
  return olderBeforeSeq === null && oldestSeq !== undefined && oldestSeq > 1;
}
