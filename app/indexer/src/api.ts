// The indexer's HTTP API (JSON): what the web app reads for a vault's history.
//   GET /health                         the cursor and how many events are stored
//   GET /vaults                         every vault seen: its first and latest share price point
//   GET /vaults/<vault>/events[?kind=K] the vault's events in chain order (K: an event's name)
//   GET /vaults/<vault>/history         share price and value over time, rebalancing and fee costs,
//                                       the breaker's record (src/history.ts)
//   GET /vaults/<vault>/positions/<owner>  one depositor's deposits and withdrawals, valued
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { historyOf, positionOf, type PricePoint } from "./history.ts";
import type { EventStore } from "./store.ts";

const ADDRESS = "[1-9A-HJ-NP-Za-km-z]{32,44}";

/** Each vault seen, with its first and latest price points (none before its first priced accrual). */
async function vaults(store: EventStore) {
  const byVault = new Map<string, Awaited<ReturnType<EventStore["events"]>>>();
  for (const row of await store.events())
    if (row.vault !== null) {
      const rows = byVault.get(row.vault);
      if (rows) rows.push(row);
      else byVault.set(row.vault, [row]);
    }
  return [...byVault].map(([vault, rows]) => {
    const points: PricePoint[] = historyOf(rows).points;
    return { vault, points: points.length, first: points[0] ?? null, last: points.at(-1) ?? null };
  });
}

export type IndexerApi = { url: string; close(): Promise<void> };

/** The route's status and JSON body. */
async function answer(
  method: string | undefined,
  path: string | undefined,
  store: EventStore,
): Promise<[number, unknown]> {
  const url = new URL(path ?? "/", "http://indexer");
  if (method !== "GET") return [405, { error: "GET only" }];
  if (url.pathname === "/health") {
    const cursor = await store.cursor();
    return [
      200,
      {
        cursor: cursor ? { signature: cursor.signature, slot: cursor.slot.toString() } : null,
        events: await store.eventCount(),
      },
    ];
  }
  if (url.pathname === "/vaults") return [200, await vaults(store)];
  const events = url.pathname.match(new RegExp(`^/vaults/(${ADDRESS})/events$`));
  if (events)
    return [
      200,
      await store.events({ vault: events[1], kind: url.searchParams.get("kind") ?? undefined }),
    ];
  const history = url.pathname.match(new RegExp(`^/vaults/(${ADDRESS})/history$`));
  if (history) return [200, historyOf(await store.events({ vault: history[1] }))];
  const position = url.pathname.match(new RegExp(`^/vaults/(${ADDRESS})/positions/(${ADDRESS})$`));
  if (position) return [200, positionOf(await store.events({ vault: position[1] }), position[2])];
  return [404, { error: `no route ${url.pathname}` }];
}

export function serveIndexer(store: EventStore, port = 0): Promise<IndexerApi> {
  const server = createServer((req, res) => {
    void answer(req.method, req.url, store).then(
      ([status, body]) => {
        res.writeHead(status, {
          "content-type": "application/json",
          "access-control-allow-origin": "*",
        });
        res.end(JSON.stringify(body));
      },
      (error: unknown) => {
        res.writeHead(500, {
          "content-type": "application/json",
          "access-control-allow-origin": "*",
        });
        res.end(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
      },
    );
  });
  return new Promise((resolve) => {
    server.listen(port, "127.0.0.1", () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${bound}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
