/** The few IndexedDB operations the outbox needs, as promises. */

const DB_NAME = "glow";
const STORE = "outbox";

export interface OutboxEntry {
  clientId: string;
  userId: string;
  conversationId: string;
  text: string;
  photos: { id: string; width: number; height: number }[];
  /** When it was written, for ordering: the outbox sends oldest first. */
  createdAt: number;
  status: "queued" | "failed";
  /** Why the server refused it (status "failed"). */
  error?: string;
}

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore(STORE, { keyPath: "clientId" });
      store.createIndex("byUser", "userId");
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => {
      opening = null;
      reject(request.error ?? new Error("IndexedDB is not available"));
    };
  });
  return opening;
}

function run<T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const request = action(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(request.result);
        tx.onerror = () => reject(tx.error ?? request.error);
        tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
      }),
  );
}

export const outboxStore = {
  put: (entry: OutboxEntry) => run("readwrite", (s) => s.put(entry)).then(() => undefined),
  remove: (clientId: string) => run("readwrite", (s) => s.delete(clientId)).then(() => undefined),
  get: (clientId: string) => run<OutboxEntry | undefined>("readonly", (s) => s.get(clientId)),
  /** This user's entries, oldest first. */
  forUser: (userId: string) =>
    run<OutboxEntry[]>("readonly", (s) => s.index("byUser").getAll(userId)).then((all) => all.sort((a, b) => a.createdAt - b.createdAt)),
};
