// The indexer's HTTP API (JSON): what the web app reads for a vault's history.
//   GET /health                         the cursor and how many events are stored
//   GET /vaults/<vault>/events[?kind=K] the vault's events in chain order (K: an event's name)
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { EventStore } from "./store.ts";

export type IndexerApi = { url: string; close(): Promise<void> };

export function serveIndexer(store: EventStore, port = 0): Promise<IndexerApi> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://indexer");
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, {
        "content-type": "application/json",
        "access-control-allow-origin": "*",
      });
      res.end(JSON.stringify(body));
    };
    const vault = url.pathname.match(/^\/vaults\/([1-9A-HJ-NP-Za-km-z]{32,44})\/events$/);
    if (req.method !== "GET") return reply(405, { error: "GET only" });
    if (url.pathname === "/health") {
      const cursor = store.cursor();
      return reply(200, {
        cursor: cursor ? { signature: cursor.signature, slot: cursor.slot.toString() } : null,
        events: store.events().length,
      });
    }
    if (vault) {
      const kind = url.searchParams.get("kind") ?? undefined;
      return reply(200, store.events({ vault: vault[1], kind }));
    }
    return reply(404, { error: `no route ${url.pathname}` });
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
