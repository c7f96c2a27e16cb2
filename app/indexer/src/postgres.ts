// The indexer's PostgreSQL store: the same rows, keys and cursor as SQLite's (store.ts), over `pg`.
// Event data stays JSON text (not jsonb, which reorders keys), so both databases serve identical rows.
import pg from "pg";
import {
  SqliteStore,
  firstSchema,
  eventRow,
  rowsOf,
  type Cursor,
  type EventRow,
  type EventStore,
  type IndexedTransaction,
} from "./store.ts";

/** PostgreSQL's schema migrations, applied in order; `schema_version` holds how many have run. */
export const POSTGRES_MIGRATIONS: readonly string[] = [firstSchema("seq BIGSERIAL UNIQUE,")];

export class PostgresStore implements EventStore {
  private constructor(private readonly client: pg.Client) {}

  /** Connects to `url` and migrates the database. */
  static async open(url: string): Promise<PostgresStore> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const store = new PostgresStore(client);
    await store.migrate();
    return store;
  }

  private async migrate() {
    await this.client.query("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    for (let v = await this.version(); v < POSTGRES_MIGRATIONS.length; v++) {
      await this.transaction(async () => {
        await this.client.query(POSTGRES_MIGRATIONS[v]);
        await this.client.query("DELETE FROM schema_version");
        await this.client.query("INSERT INTO schema_version (version) VALUES ($1)", [v + 1]);
      });
    }
  }

  private async transaction(body: () => Promise<void>) {
    await this.client.query("BEGIN");
    try {
      await body();
      await this.client.query("COMMIT");
    } catch (error) {
      await this.client.query("ROLLBACK");
      throw error;
    }
  }

  async version(): Promise<number> {
    const { rows } = await this.client.query<{ version: number }>(
      "SELECT version FROM schema_version",
    );
    return rows[0]?.version ?? 0;
  }

  async cursor(): Promise<Cursor | undefined> {
    const { rows } = await this.client.query<{ signature: string; slot: string }>(
      "SELECT signature, slot FROM cursor WHERE id = 1",
    );
    return rows[0] ? { signature: rows[0].signature, slot: BigInt(rows[0].slot) } : undefined;
  }

  async record(tx: IndexedTransaction): Promise<void> {
    await this.transaction(async () => {
      for (const row of rowsOf(tx))
        await this.client.query(
          `INSERT INTO events (signature, position, slot, block_time, vault, kind, data)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
          row,
        );
      await this.client.query(
        `INSERT INTO cursor (id, signature, slot) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET signature = EXCLUDED.signature, slot = EXCLUDED.slot`,
        [tx.signature, Number(tx.slot)],
      );
    });
  }

  async events(filter: { vault?: string; kind?: string } = {}): Promise<EventRow[]> {
    const where: string[] = [];
    const params: string[] = [];
    if (filter.vault !== undefined) {
      params.push(filter.vault);
      where.push(`vault = $${params.length}`);
    }
    if (filter.kind !== undefined) {
      params.push(filter.kind);
      where.push(`kind = $${params.length}`);
    }
    const { rows } = await this.client.query({
      text: `SELECT signature, position, slot, block_time, vault, kind, data FROM events
        ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY seq`,
      values: params,
      rowMode: "array",
    });
    return (rows as unknown[][]).map(eventRow);
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

/** PostgreSQL for a `postgres://` or `postgresql://` URL, otherwise SQLite in this file. */
export async function openStore(location?: string): Promise<EventStore> {
  return location !== undefined && /^postgres(ql)?:\/\//.test(location)
    ? PostgresStore.open(location)
    : SqliteStore.open(location);
}
