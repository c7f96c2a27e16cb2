// The indexer's HTTP API (JSON): what the web app reads for a vault's history.
//   GET /health                         the cursor and how many events are stored
//   GET /vaults/<vault>/events[?kind=K] the vault's events in chain order (K: an event's name)
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { EventStore } from "./store.ts";

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
  const vault = url.pathname.match(/^\/vaults\/([1-9A-HJ-NP-Za-km-z]{32,44})\/events$/);
  if (vault)
    return [
      200,
      await store.events({ vault: vault[1], kind: url.searchParams.get("kind") ?? undefined }),
    ];
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
