/**
 * The SQL a pg pool sends, as it sends it (text and parameters, and which connection), so a
 * benchmark can time the app's real service calls and then EXPLAIN exactly what they ran. Prisma's
 * pg adapter goes through the pool (`pool.query`, or a client it checks out for a transaction), so
 * wrapping each client's `query` as the pool connects it sees every statement.
 */
import type pg from "pg";

export interface CapturedStatement {
  /** Which pooled connection sent it: a transaction's statements share one. */
  connection: number;
  text: string;
  values: unknown[];
}

export interface StatementCapture {
  /** Runs `during` and returns what it resolved to with the statements sent meanwhile, in order. */
  record<T>(during: () => Promise<T>): Promise<{ result: T; statements: CapturedStatement[] }>;
}

/** Call before the pool opens its first connection: clients connected earlier are not watched. */
export function captureStatements(pool: pg.Pool): StatementCapture {
  let recording: CapturedStatement[] | null = null;
  let connections = 0;
  pool.on("connect", (client) => {
    const connection = ++connections;
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const [first, second] = args;
      const text = typeof first === "string" ? first : (first as { text?: string } | null)?.text;
      const values = typeof first === "string" ? second : (first as { values?: unknown[] } | null)?.values;
      if (recording && text) recording.push({ connection, text, values: Array.isArray(values) ? values : [] });
      return query(...args);
    };
  });
  return {
    async record(during) {
      if (recording) throw new Error("Already recording: record one call at a time.");
      const statements: CapturedStatement[] = [];
      recording = statements;
      try {
        return { result: await during(), statements };
      } finally {
        recording = null;
      }
    },
  };
}
