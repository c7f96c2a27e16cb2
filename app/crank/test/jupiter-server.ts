// A stand-in for a network service, not for any program: a local HTTP server answering Jupiter's
// swap API (`GET /quote`, `POST /swap-instructions`) in its real JSON format, with one route
// through a real Raydium CPMM pool on the local chain. Quotes use the pool's state as it is on chain
// (the client's `cpmmQuote`), the swap instruction is the CPMM's own `swap_base_input` for the
// wallet's associated input account, as Jupiter builds it for `userPublicKey`. Every request is kept
// for the test to inspect.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  QuoteResponseToJSON,
  SwapInstructionsResponseToJSON,
  type QuoteResponse,
  type SwapInstructionsResponse,
} from "@jup-ag/api";
import {
  address,
  createNoopSigner,
  createSolanaRpc,
  getBase64Decoder,
  isSignerRole,
  isWritableRole,
  type Address,
} from "@solana/kit";
import { TOKEN_PROGRAM_ADDRESS, findAssociatedTokenPda } from "@solana-program/token";
import { cpmmQuote, fetchCpmmPool, type CpmmPool } from "@ballast/client";
import { cpmmSwapInstruction } from "@ballast/client";

export type JupiterStandIn = {
  url: string;
  requests: { path: string; query?: Record<string, string>; body?: unknown }[];
  server: Server;
};

export async function serveJupiter(rpcUrl: string, pool: CpmmPool): Promise<JupiterStandIn> {
  const rpc = createSolanaRpc(rpcUrl);
  const requests: JupiterStandIn["requests"] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const reply = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    try {
      if (req.method === "GET" && url.pathname === "/quote") {
        const query = Object.fromEntries(url.searchParams);
        requests.push({ path: "/quote", query });
        const state = await fetchCpmmPool(rpc, pool.program, pool.state);
        const [inputMint, outputMint, amount, slippageBps] = [
          address(query.inputMint),
          address(query.outputMint),
          BigInt(query.amount),
          Number(query.slippageBps ?? 50),
        ];
        const out = cpmmQuote(state, inputMint, amount);
        const quote: QuoteResponse = {
          inputMint,
          inAmount: String(amount),
          outputMint,
          outAmount: String(out),
          otherAmountThreshold: String((out * BigInt(10_000 - slippageBps)) / 10_000n),
          swapMode: "ExactIn",
          slippageBps,
          priceImpactPct: "0",
          contextSlot: 1,
          routePlan: [
            {
              percent: 100,
              swapInfo: {
                ammKey: pool.state,
                label: "Raydium CP",
                inputMint,
                outputMint,
                inAmount: String(amount),
                outAmount: String(out),
              },
            },
          ],
        };
        // The wire format: the API package's own serialisation of its model.
        return reply(200, QuoteResponseToJSON(quote));
      }
      if (req.method === "POST" && url.pathname === "/swap-instructions") {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const body = JSON.parse(Buffer.concat(chunks).toString()) as {
          userPublicKey: string;
          quoteResponse: {
            inputMint: string;
            outputMint: string;
            inAmount: string;
            otherAmountThreshold: string;
          };
          destinationTokenAccount?: string;
        };
        requests.push({ path: "/swap-instructions", body });
        const user = address(body.userPublicKey);
        const q = body.quoteResponse;
        const ata = async (mint: string) =>
          (
            await findAssociatedTokenPda({
              owner: user,
              mint: address(mint),
              tokenProgram: TOKEN_PROGRAM_ADDRESS,
            })
          )[0];
        const destination: Address = body.destinationTokenAccount
          ? address(body.destinationTokenAccount)
          : await ata(q.outputMint);
        const ix = cpmmSwapInstruction(
          pool,
          createNoopSigner(user),
          address(q.inputMint),
          await ata(q.inputMint),
          destination,
          BigInt(q.inAmount),
          BigInt(q.otherAmountThreshold),
        );
        const response: SwapInstructionsResponse = {
          computeBudgetInstructions: [],
          setupInstructions: [],
          swapInstruction: {
            programId: ix.programAddress,
            accounts: (ix.accounts ?? []).map((a) => ({
              pubkey: a.address,
              isSigner: isSignerRole(a.role),
              isWritable: isWritableRole(a.role),
            })),
            data: getBase64Decoder().decode(ix.data ?? new Uint8Array()),
          },
          otherInstructions: [],
          addressLookupTableAddresses: [],
        };
        return reply(200, SwapInstructionsResponseToJSON(response));
      }
      reply(404, { error: `no route ${req.method} ${url.pathname}` });
    } catch (error) {
      reply(500, { error: error instanceof Error ? error.message : String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}
