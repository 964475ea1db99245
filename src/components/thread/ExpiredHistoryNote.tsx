/**
 * The top of a thread whose first months were removed by retention: says why nothing older shows,
 * so nobody thinks history failed to load. Shared by the participants' thread and /admin's viewer.
 */
export function ExpiredHistoryNote() {
  return (
    <p data-testid="history-expired" className="mx-auto my-3 max-w-sm rounded-xl bg-stone-100 px-3 py-2 text-center text-xs text-stone-600">
      Earlier messages in this conversation have expired: chat history and its photos are deleted after a set time
      (a year, unless the marketplace chose otherwise).
    </p>
  );
}
