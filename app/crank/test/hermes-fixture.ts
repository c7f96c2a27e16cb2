// A stand-in for Hermes in the tests: a local HTTP server answering `GET /v2/updates/price/latest`
// the way Hermes does, with an accumulator update built here. No recorded Hermes response ships in
// Pyth's npm packages, so the update is constructed in Pyth's wire format (checked against Pyth's
// own parser in the tests). Its guardian signatures are random bytes: nobody signed it, so a real
// receiver would refuse it, which is why the tests check the instructions built, not their effect.
import { createServer, type Server } from "node:http";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";

export type FeedPrice = {
  feedId: Uint8Array;
  price: bigint;
  conf: bigint;
  exponent: number;
  publishTime: bigint;
};

const be = (bytes: number, value: bigint | number) => {
  const out = Buffer.alloc(bytes);
  if (bytes === 8) out.writeBigInt64BE(BigInt(value));
  else if (bytes === 4) out.writeUInt32BE(Number(value));
  else if (bytes === 2) out.writeUInt16BE(Number(value));
  else out.writeUInt8(Number(value));
  return out;
};

/** Pyth's `PriceFeedMessage` (variant 0), big-endian as Pythnet writes it. */
function priceFeedMessage(f: FeedPrice): Buffer {
  const exponent = Buffer.alloc(4);
  exponent.writeInt32BE(f.exponent);
  return Buffer.concat([
    be(1, 0),
    Buffer.from(f.feedId),
    be(8, f.price),
    be(8, f.conf),
    exponent,
    be(8, f.publishTime),
    be(8, f.publishTime - 1n),
    be(8, f.price),
    be(8, f.conf),
  ]);
}

/** A Wormhole VAA (v1) carrying Pyth's merkle-root payload ("AUWV"), with `signatures` fake signatures. */
function vaa(guardianSetIndex: number, signatures: number): Buffer {
  const sigs = Array.from({ length: signatures }, (_, i) =>
    Buffer.concat([be(1, i), randomBytes(65)]),
  );
  const payload = Buffer.concat([
    Buffer.from("AUWV"),
    be(1, 0),
    be(8, 1n),
    be(4, 10_000),
    randomBytes(20),
  ]);
  const body = Buffer.concat([
    be(4, 1_700_000_000),
    be(4, 0),
    be(2, 26),
    randomBytes(32),
    be(8, 1n),
    be(1, 1),
    payload,
  ]);
  return Buffer.concat([be(1, 1), be(4, guardianSetIndex), be(1, signatures), ...sigs, body]);
}

/** An accumulator update ("PNAU" v1.0) for `feeds`, one merkle proof of two nodes each. */
export function accumulatorUpdate(
  feeds: FeedPrice[],
  guardianSetIndex = 4,
  signatures = 13,
): string {
  const v = vaa(guardianSetIndex, signatures);
  const updates = feeds.map((f) => {
    const message = priceFeedMessage(f);
    return Buffer.concat([be(2, message.length), message, be(1, 2), randomBytes(40)]);
  });
  return Buffer.concat([
    Buffer.from("PNAU"),
    be(1, 1),
    be(1, 0),
    be(1, 0),
    be(1, 0),
    be(2, v.length),
    v,
    be(1, feeds.length),
    ...updates,
  ]).toString("base64");
}

/** A local Hermes: answers the latest-updates endpoint for the feeds it knows, records each request. */
export async function startHermes(
  feeds: FeedPrice[],
): Promise<{ url: string; requests: URL[]; server: Server }> {
  const requests: URL[] = [];
  const known = new Map(feeds.map((f) => [Buffer.from(f.feedId).toString("hex"), f]));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://hermes.local");
    requests.push(url);
    if (url.pathname !== "/v2/updates/price/latest")
      return void res.writeHead(404).end("not found");
    const ids = url.searchParams.getAll("ids[]").map((id) => id.replace(/^0x/, ""));
    const missing = ids.find((id) => !known.has(id));
    // Hermes answers an unknown id with 404 and this text.
    if (missing)
      return void res
        .writeHead(404, { "content-type": "text/plain" })
        .end(`Price ids not found: ${missing}`);
    const data = accumulatorUpdate(ids.map((id) => known.get(id)!));
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ binary: { encoding: "base64", data: [data] } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}
