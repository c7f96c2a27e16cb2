// The indexer's PostgreSQL store: the same rows, keys and cursor as SQLite's (store.ts), over `pg`.
// Event data stays JSON text (not jsonb, which reorders keys), so both databases serve identical rows.
import pg from "pg";
import {
  SqliteStore,
  firstSchema,
  eventRow,
  eventsQuery,
  rowsOf,
  type Cursor,
  type EventFilter,
  type EventRow,
  type EventStore,
  type IndexedTransaction,
} from "./store.ts";

/** PostgreSQL's schema migrations, applied in order; `schema_version` holds how many have run. */
export const POSTGRES_MIGRATIONS: readonly string[] = [firstSchema("seq BIGSERIAL UNIQUE,")];

/** A pool: each write takes its own connection for its transaction, reads never see one half
 * done, and a connection the server drops is replaced (its error is logged, not fatal). */
export class PostgresStore implements EventStore {
  private constructor(private readonly pool: pg.Pool) {}

  /** Connects to `url` and migrates the database. */
  static async open(url: string): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    pool.on("error", (error) =>
      console.error(`indexer: PostgreSQL connection lost: ${error.message}`),
    );
    const store = new PostgresStore(pool);
    await store.migrate();
    return store;
  }

  private async migrate() {
    await this.pool.query("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    for (let v = await this.version(); v < POSTGRES_MIGRATIONS.length; v++) {
      await this.transaction(async (client) => {
        await client.query(POSTGRES_MIGRATIONS[v]);
        await client.query("DELETE FROM schema_version");
        await client.query("INSERT INTO schema_version (version) VALUES ($1)", [v + 1]);
      });
    }
  }

  private async transaction(body: (client: pg.PoolClient) => Promise<void>) {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      try {
        await body(client);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    } finally {
      client.release();
    }
  }

  async version(): Promise<number> {
    const { rows } = await this.pool.query<{ version: number }>(
      "SELECT version FROM schema_version",
    );
    return rows[0]?.version ?? 0;
  }

  async cursor(): Promise<Cursor | undefined> {
    const { rows } = await this.pool.query<{ signature: string; slot: string }>(
      "SELECT signature, slot FROM cursor WHERE id = 1",
    );
    return rows[0] ? { signature: rows[0].signature, slot: BigInt(rows[0].slot) } : undefined;
  }

  async record(tx: IndexedTransaction): Promise<void> {
    await this.transaction(async (client) => {
      for (const row of rowsOf(tx))
        await client.query(
          `INSERT INTO events (signature, position, slot, block_time, vault, kind, data)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
          row,
        );
      await client.query(
        `INSERT INTO cursor (id, signature, slot) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET signature = EXCLUDED.signature, slot = EXCLUDED.slot`,
        [tx.signature, Number(tx.slot)],
      );
    });
  }

  async events(filter: EventFilter = {}): Promise<EventRow[]> {
    const { sql, values } = eventsQuery(filter, (i) => `$${i}`, "seq");
    const { rows } = await this.pool.query({ text: sql, values, rowMode: "array" });
    return (rows as unknown[][]).map(eventRow);
  }

  async eventCount(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>("SELECT count(*) AS n FROM events");
    return Number(rows[0]?.n ?? 0);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** PostgreSQL for a `postgres://` or `postgresql://` URL, otherwise SQLite in this file. */
export async function openStore(location?: string): Promise<EventStore> {
  return location !== undefined && /^postgres(ql)?:\/\//.test(location)
    ? PostgresStore.open(location)
    : SqliteStore.open(location);
}
