// The indexer's databases behind one interface: SQLite by default (the real engine, compiled to
// WebAssembly by sql.js: no native build, one file on disk), PostgreSQL when a URL is given
// (postgres.ts). Every write is one SQL transaction that records a chain transaction's events and
// moves the cursor past it: a restart resumes at the first transaction not recorded, and a
// transaction recorded twice adds nothing (its events are keyed by signature and position).
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import initSqlJs, { type Database } from "sql.js";
import type { BallastEvent } from "@ballast/client";

/** The first schema, in the SQL both databases speak; `order` is PostgreSQL's column for chain
 * order (SQLite's `rowid` serves). */
export function firstSchema(order = ""): string {
  return `CREATE TABLE events (
     ${order}
     signature TEXT NOT NULL,
     position INTEGER NOT NULL,
     slot BIGINT NOT NULL,
     block_time BIGINT,
     vault TEXT,
     kind TEXT NOT NULL,
     data TEXT NOT NULL,
     PRIMARY KEY (signature, position)
   );
   CREATE INDEX events_by_vault ON events (vault, kind);
   CREATE TABLE cursor (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     signature TEXT NOT NULL,
     slot BIGINT NOT NULL
   );`;
}

/** SQLite's schema migrations, applied in order; `PRAGMA user_version` holds how many have run. */
export const SQLITE_MIGRATIONS: readonly string[] = [firstSchema()];

/** One chain transaction of the program's, oldest first: its events (none if it failed). */
export type IndexedTransaction = {
  signature: string;
  slot: bigint;
  blockTime: bigint | null;
  events: readonly BallastEvent[];
};

/** One stored event, as the API serves it (u64 and i64 figures as decimal strings). */
export type EventRow = {
  signature: string;
  position: number;
  slot: string;
  blockTime: string | null;
  vault: string | null;
  kind: string;
  data: Record<string, unknown>;
};

export type Cursor = { signature: string; slot: bigint };

/** What the indexer and its API need of a database. */
export interface EventStore {
  /** The schema version: how many of the store's migrations have run. */
  version(): Promise<number>;
  /** The last transaction recorded, if any. */
  cursor(): Promise<Cursor | undefined>;
  /** Records one transaction's events and moves the cursor past it, atomically. */
  record(tx: IndexedTransaction): Promise<void>;
  /** Stored events in chain order, optionally of one vault and one kind. */
  events(filter?: EventFilter): Promise<EventRow[]>;
  /** How many events are stored. */
  eventCount(): Promise<number>;
  close(): Promise<void>;
}

export type EventFilter = { vault?: string; kind?: string };

/** The events query of both databases: `placeholder(i)` is the dialect's i-th (1-based) parameter,
 * `order` its column of chain order. */
export function eventsQuery(
  filter: EventFilter,
  placeholder: (i: number) => string,
  order: string,
): { sql: string; values: string[] } {
  const values: string[] = [];
  const where: string[] = [];
  for (const column of ["vault", "kind"] as const) {
    const value = filter[column];
    if (value === undefined) continue;
    values.push(value);
    where.push(`${column} = ${placeholder(values.length)}`);
  }
  const sql = `SELECT signature, position, slot, block_time, vault, kind, data FROM events
    ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY ${order}`;
  return { sql, values };
}

/** A row's columns, as both databases store them. */
export function rowsOf(tx: IndexedTransaction): (string | number | null)[][] {
  return tx.events.map((event, position) => [
    tx.signature,
    position,
    Number(tx.slot),
    tx.blockTime === null ? null : Number(tx.blockTime),
    (event.data as { vault?: string }).vault ?? null,
    event.name,
    json(event.data),
  ]);
}

/** A stored row's columns (signature, position, slot, block_time, vault, kind, data) as served. */
export function eventRow(r: readonly unknown[]): EventRow {
  return {
    signature: String(r[0]),
    position: Number(r[1]),
    slot: String(r[2]),
    blockTime: r[3] === null ? null : String(r[3]),
    vault: r[4] === null ? null : String(r[4]),
    kind: String(r[5]),
    data: JSON.parse(String(r[6])) as Record<string, unknown>,
  };
}

/** JSON of an event's fields, bigints as decimal strings. */
function json(data: unknown): string {
  return JSON.stringify(data, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

/** SQLite in one file, replaced atomically after each write (write, then rename). */
export class SqliteStore implements EventStore {
  private constructor(
    private readonly db: Database,
    private readonly path: string | undefined,
  ) {}

  /** Opens (or creates) the database at `path` (in memory without one) and migrates it. */
  static async open(path?: string): Promise<SqliteStore> {
    const SQL = await initSqlJs();
    const bytes = path !== undefined && existsSync(path) ? readFileSync(path) : undefined;
    const store = new SqliteStore(new SQL.Database(bytes), path);
    store.migrate();
    return store;
  }

  private userVersion(): number {
    return Number(this.db.exec("PRAGMA user_version")[0]?.values[0]?.[0] ?? 0);
  }

  async version(): Promise<number> {
    return this.userVersion();
  }

  private migrate() {
    for (let v = this.userVersion(); v < SQLITE_MIGRATIONS.length; v++) {
      this.db.run(`BEGIN; ${SQLITE_MIGRATIONS[v]}; PRAGMA user_version = ${v + 1}; COMMIT;`);
    }
    this.persist();
  }

  async cursor(): Promise<Cursor | undefined> {
    const row = this.db.exec("SELECT signature, slot FROM cursor WHERE id = 1")[0]?.values[0];
    return row ? { signature: String(row[0]), slot: BigInt(row[1] as number) } : undefined;
  }

  async record(tx: IndexedTransaction): Promise<void> {
    this.db.run("BEGIN");
    try {
      const insert = this.db.prepare(
        "INSERT OR IGNORE INTO events (signature, position, slot, block_time, vault, kind, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
      );
      try {
        for (const row of rowsOf(tx)) insert.run(row);
      } finally {
        insert.free();
      }
      this.db.run("INSERT OR REPLACE INTO cursor (id, signature, slot) VALUES (1, ?, ?)", [
        tx.signature,
        Number(tx.slot),
      ]);
      this.db.run("COMMIT");
    } catch (error) {
      this.db.run("ROLLBACK");
      throw error;
    }
    this.persist();
  }

  async events(filter: EventFilter = {}): Promise<EventRow[]> {
    const { sql, values } = eventsQuery(filter, () => "?", "rowid");
    return (this.db.exec(sql, values)[0]?.values ?? []).map(eventRow);
  }

  async eventCount(): Promise<number> {
    return Number(this.db.exec("SELECT count(*) FROM events")[0]?.values[0]?.[0] ?? 0);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /** Replaces the file with the database's bytes (write then rename: never half a file). */
  private persist() {
    if (this.path === undefined) return;
    writeFileSync(`${this.path}.tmp`, this.db.export());
    renameSync(`${this.path}.tmp`, this.path);
  }
}
