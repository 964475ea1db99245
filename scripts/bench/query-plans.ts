/**
 * EXPLAIN (ANALYZE, BUFFERS) of captured statements (sql-capture.ts), each as it ran: with the
 * planner settings its transaction had set (SET LOCAL …) and its parameters, inside a transaction
 * that is rolled back (an INSERT is explained without staying). Then: did the plan read `Message`,
 * or any of its partitions, by a sequential scan?
 */
import type pg from "pg";
import type { CapturedStatement } from "./sql-capture";

export interface StatementPlan {
  statement: CapturedStatement;
  /** The SET statements replayed before it. */
  settings: string[];
  lines: string[];
  /** False when running it failed (a write whose row is already there): then `lines` is the plain EXPLAIN. */
  analyzed: boolean;
  /** Message or its partitions read by a Seq Scan (empty: none). */
  messageSeqScans: string[];
  /** Indexes the plan used, by name. */
  indexes: string[];
}

const EXPLAINABLE = /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i;
const SETTING = /^\s*SET\s/i;
const TRANSACTION_START = /^\s*(BEGIN|START TRANSACTION)\b/i;
const TRANSACTION_END = /^\s*(COMMIT|ROLLBACK|END)\b(?!\s+TO\b)/i;

/** Statements a plan can be asked of (not BEGIN, SET, or an EXPLAIN the service sent itself). */
export const isExplainable = (text: string) => EXPLAINABLE.test(text);

/**
 * The SET statements in force for statements[index]: those sent on its connection since its
 * transaction began (SET LOCAL ends with the transaction; the app sets nothing per session).
 */
export function settingsInForce(statements: CapturedStatement[], index: number): string[] {
  const { connection } = statements[index]!;
  const settings: string[] = [];
  for (let i = index - 1; i >= 0; i--) {
    const earlier = statements[i]!;
    if (earlier.connection !== connection) continue;
    if (TRANSACTION_START.test(earlier.text)) return settings.reverse();
    if (TRANSACTION_END.test(earlier.text)) return [];
    if (SETTING.test(earlier.text)) settings.push(earlier.text);
  }
  return [];
}

/** The names of "Message" and of its partitions, at every level (as EXPLAIN prints them). */
export async function messageRelations(pool: pg.Pool): Promise<Set<string>> {
  const { rows } = await pool.query<{ relname: string }>(
    // pg_partition_tree lists nothing for a plain table.
    `SELECT 'Message' AS relname UNION SELECT c.relname FROM pg_partition_tree('"Message"') t JOIN pg_class c ON c.oid = t.relid`,
  );
  return new Set(rows.map((r) => r.relname));
}

/**
 * The partitions among `relations` that hold no row (the months ahead, an empty DEFAULT). The
 * planner reads an empty table by a sequential scan, which reads nothing: not the scan the check
 * is for, so the bench leaves them out of it and says which they were.
 */
export async function emptyPartitions(pool: pg.Pool, relations: Set<string>): Promise<string[]> {
  const empty: string[] = [];
  for (const name of relations) {
    if (name === "Message") continue;
    const { rows } = await pool.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM "${name.replace(/"/g, '""')}") AS any`);
    if (!rows[0]?.any) empty.push(name);
  }
  return empty.sort();
}

/** The relations of `relations` that a plan reads by a (possibly parallel) sequential scan. */
export function seqScannedRelations(lines: string[], relations: Set<string>): string[] {
  const found = new Set<string>();
  for (const line of lines) {
    const match = /Seq Scan on (?:"((?:[^"]|"")+)"|([^\s"]+))/.exec(line);
    const name = match ? (match[1]?.replace(/""/g, '"') ?? match[2]!) : null;
    if (name && relations.has(name)) found.add(name);
  }
  return [...found];
}

function indexesUsed(lines: string[]): string[] {
  const found = new Set<string>();
  for (const line of lines) {
    const match = /(?:Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (?:"((?:[^"]|"")+)"|(\S+))/.exec(line);
    if (match) found.add(match[1] ?? match[2]!);
  }
  return [...found];
}

/**
 * Explains each explainable statement of `statements` on its own connection, in a transaction
 * rolled back at once. A statement that cannot run again (an INSERT of a row the call already
 * stored) is explained without ANALYZE. `extraSettings` are applied after the statement's own (a test forces a
 * sequential scan with them).
 */
export async function explainStatements(
  pool: pg.Pool,
  statements: CapturedStatement[],
  relations: Set<string>,
  extraSettings: string[] = [],
): Promise<StatementPlan[]> {
  const plans: StatementPlan[] = [];
  const client = await pool.connect();
  try {
    for (const [index, statement] of statements.entries()) {
      if (!isExplainable(statement.text)) continue;
      const settings = [...settingsInForce(statements, index), ...extraSettings];
      await client.query("BEGIN");
      try {
        for (const setting of settings) await client.query(setting);
        const explain = (options: string) => client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${options} ${statement.text}`, statement.values);
        await client.query("SAVEPOINT explain");
        let analyzed = true;
        const { rows } = await explain("(ANALYZE, BUFFERS)").catch(async () => {
          analyzed = false;
          await client.query("ROLLBACK TO SAVEPOINT explain");
          return explain("");
        });
        const lines = rows.map((r) => r["QUERY PLAN"]);
        plans.push({ statement, settings, lines, analyzed, messageSeqScans: seqScannedRelations(lines, relations), indexes: indexesUsed(lines) });
      } finally {
        await client.query("ROLLBACK");
      }
    }
  } finally {
    client.release();
  }
  return plans;
}
