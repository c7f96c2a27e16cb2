// Sets up the demo on any RPC endpoint where the Ballast program is deployed and whose RPC accepts
// Surfpool's `surfnet_setAccount` (the local price publisher writes Pyth PriceUpdateV2 accounts with
// it): three demo mints, the payer funded with each, the demo vault at 40/30/30, and deposits.
//   make demo                                   (runs this against an embedded Surfpool chain)
//   npx tsx migrations/deploy.ts RPC_URL WS_URL KEYPAIR_JSON
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  createKeyPairSignerFromBytes,
  createSolanaRpc,
  createSolanaRpcSubscriptions,
  sendAndConfirmTransactionFactory,
  generateKeyPairSigner,
  type Address,
  type Instruction,
  type KeyPairSigner,
} from "@solana/kit";
import { fetchToken } from "@solana-program/token";
import {
  CPMM_PROGRAM_ADDRESS,
  PYTH_RECEIVER_PROGRAM_ADDRESS,
  clusterUnixTime,
  findShareMintPda,
  getAddAmmInstruction,
  type CpmmPool,
  feedIdHex,
  fetchShareToken,
  signInstructions,
  type VaultParamsArgs,
  ADAPTER,
} from "@ballast/client";
import {
  cpmmConfigAccount,
  cpmmInitializeInstruction,
  cpmmObservationData,
  cpmmPool,
  createDemoVault,
  DEMO_ASSETS,
  DEMO_PARAMS,
  demoAccrueFees,
  demoDeposit,
  demoRollInsurance,
  demoDepositInKind,
  demoWithdrawInKind,
  type Chain,
  type DemoVault,
} from "@ballast/demo";

export const DEMO_VAULT_ID = 1n;
/** First deposits: 250 dUSD and 1 dSOL. */
export const DEMO_DEPOSITS = [
  { asset: 0, amount: 250_000_000n },
  { asset: 1, amount: 1_000_000_000n },
];

export type DemoSummary = Record<string, string>;

/** Writes an account with Surfpool's `surfnet_setAccount` cheatcode (local chains only). */
export async function setAccount(
  rpcUrl: string,
  account: Address,
  data: Uint8Array,
  owner: Address,
  lamports = 100_000_000,
): Promise<void> {
  const body = {
    jsonrpc: "2.0",
    id: 1,
    method: "surfnet_setAccount",
    params: [account, { lamports, data: Buffer.from(data).toString("hex"), owner }],
  };
  const response = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const reply = (await response.json()) as { error?: { message: string } };
  if (reply.error) throw new Error(`surfnet_setAccount: ${reply.error.message}`);
}

/** Moves a Surfpool chain's clock forward by `seconds` (`surfnet_timeTravel`); an idle Surfpool
 * chain's clock otherwise stands still. */
export async function advanceClock(rpcUrl: string, chain: Chain, seconds: number): Promise<void> {
  const target = (Number(await chain.now()) + seconds) * 1000;
  const body = {
    jsonrpc: "2.0",
    id: 1,
    method: "surfnet_timeTravel",
    params: [{ absoluteTimestamp: target }],
  };
  const response = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const reply = (await response.json()) as { error?: { message: string; data?: string } };
  if (reply.error)
    throw new Error(`surfnet_timeTravel: ${reply.error.data ?? reply.error.message}`);
}

/** A `Chain` over JSON-RPC: transactions confirmed, prices written with `surfnet_setAccount`. */
export function rpcChain(rpcUrl: string, wsUrl: string, payer: KeyPairSigner): Chain {
  const rpc = createSolanaRpc(rpcUrl);
  const sendAndConfirm = sendAndConfirmTransactionFactory({
    rpc,
    rpcSubscriptions: createSolanaRpcSubscriptions(wsUrl),
  });
  return {
    async send(instructions: Instruction[]) {
      const { value: lifetime } = await rpc.getLatestBlockhash().send();
      await sendAndConfirm(await signInstructions(payer, lifetime, instructions), {
        commitment: "confirmed",
      });
    },
    async setPriceAccount(account: Address, data: Uint8Array) {
      await setAccount(rpcUrl, account, data, PYTH_RECEIVER_PROGRAM_ADDRESS, 10_000_000);
    },
    now: () => clusterUnixTime(rpc),
  };
}

/** The web app's run-time config for the demo chain: RPC, where each feed's prices are, token symbols. */
export function webConfig(rpcUrl: string, demo: DemoVault) {
  return {
    rpcUrl,
    priceAccounts: Object.fromEntries(
      demo.assets.map((a) => [feedIdHex(a.feedId), a.priceAccount]),
    ),
    tokens: Object.fromEntries(demo.assets.map((a) => [a.mint, { symbol: a.symbol }])),
  };
}

/**
 * A Raydium CPMM pool for every pair of demo assets at the demo prices (100,000 USD of depth on each
 * side), seeded by the payer and allow-listed for its pair (CPMM deployed beforehand from
 * target/deploy/raydium_cp_swap.so) while the vault has no holders yet. Every pair: the planner
 * sells the largest surplus for the largest deficit, and after the first trade that is dSOL for
 * dBTC, a pair without dUSD.
 */
async function createDemoPools(
  rpcUrl: string,
  chain: Chain,
  payer: KeyPairSigner,
  demo: DemoVault,
): Promise<CpmmPool[]> {
  const config = await cpmmConfigAccount(0, payer.address);
  await setAccount(rpcUrl, config.address, config.data, CPMM_PROGRAM_ADDRESS);
  const pools: CpmmPool[] = [];
  const depth = (i: number) =>
    (100_000n * 10n ** BigInt(DEMO_ASSETS[i].decimals) * 100_000_000n) / DEMO_ASSETS[i].price;
  for (const [i, a] of demo.assets.entries()) {
    for (const [j, b] of demo.assets.entries()) {
      if (j <= i) continue;
      const observation = (await generateKeyPairSigner()).address;
      await setAccount(rpcUrl, observation, cpmmObservationData(), CPMM_PROGRAM_ADDRESS);
      const pool = await cpmmPool(config.address, a.mint, b.mint, observation);
      const [first, second] =
        pool.token0Mint === a.mint
          ? [[a, i] as const, [b, j] as const]
          : [[b, j] as const, [a, i] as const];
      await chain.send([
        await cpmmInitializeInstruction(
          pool,
          payer,
          first[0].wallet,
          second[0].wallet,
          depth(first[1]),
          depth(second[1]),
        ),
      ]);
      pools.push(pool);
    }
  }
  // Governance pins each pool for its pair: `rebalance` trades through no other.
  const [shareMint] = await findShareMintPda({ vault: demo.vault });
  for (const pool of pools) {
    const pin = {
      adapter: ADAPTER.raydiumCpmm,
      pool: pool.state,
      mintA: pool.token0Mint,
      mintB: pool.token1Mint,
      maxSlippageBps: 0,
    };
    await chain.send([
      getAddAmmInstruction({
        authority: payer,
        vault: demo.vault,
        shareMint,
        ammProgram: CPMM_PROGRAM_ADDRESS,
        ...pin,
      }),
    ]);
  }
  // A new pool opens one second after it is created.
  await advanceClock(rpcUrl, chain, 2);
  return pools;
}

export async function deployDemo(
  rpcUrl: string,
  wsUrl: string,
  payer: KeyPairSigner,
  params: VaultParamsArgs = DEMO_PARAMS,
): Promise<{ demo: DemoVault; pools: CpmmPool[]; summary: DemoSummary }> {
  const rpc = createSolanaRpc(rpcUrl);
  const chain = rpcChain(rpcUrl, wsUrl, payer);
  const demo = await createDemoVault(chain, payer, DEMO_VAULT_ID, params);
  const pools = await createDemoPools(rpcUrl, chain, payer, demo);
  // The price account must be the Pyth receiver's (the cheatcode wrote owner and data).
  const written = (
    await rpc.getAccountInfo(demo.assets[0].priceAccount, { encoding: "base64" }).send()
  ).value;
  if (written?.owner !== PYTH_RECEIVER_PROGRAM_ADDRESS)
    throw new Error("the price account was not written");
  for (const { asset, amount } of DEMO_DEPOSITS)
    await chain.send([demoDeposit(demo, payer, asset, amount)]);
  // Every depositor path once: an in-kind deposit (10 dUSD and what matches it), the crank's fee
  // accrual, and an in-kind withdrawal of 1 share.
  await chain.send([demoDepositInKind(demo, payer, [10_000_000n, 10_000_000_000n, 0n])]);
  await chain.send([demoAccrueFees(demo)]);
  await chain.send([demoWithdrawInKind(demo, payer, 1_000_000_000n)]);
  // An insured vault (`insuredDemoParams`): governance strikes the period at today's prices.
  if (BigInt(params.insuranceFloorSharePrice) !== 0n)
    await chain.send(demoRollInsurance(demo, payer));

  const summary: DemoSummary = { "payer / governance": payer.address, vault: demo.vault };
  for (const asset of demo.assets) {
    const held = (await fetchToken(rpc, asset.tokenAccount)).data.amount;
    summary[`vault ${asset.symbol}`] =
      `${asset.tokenAccount} (holds ${held} units, ${asset.decimals} decimals; mint ${asset.mint})`;
  }
  const shareToken = await fetchShareToken(rpc, demo.shareMint);
  summary["share token (Token-2022, 9 decimals)"] =
    `"${shareToken.name}" (${shareToken.symbol}), mint ${demo.shareMint} (supply ${shareToken.supply})`;
  summary["payer's shares"] =
    `${demo.payerShares} (${(await fetchToken(rpc, demo.payerShares)).data.amount} share units)`;
  summary["fee recipient's shares"] =
    `${demo.feeShares} (${(await fetchToken(rpc, demo.feeShares)).data.amount} share units)`;
  summary["CPMM pools (dUSD/dSOL, dUSD/dBTC, dSOL/dBTC)"] = pools.map((p) => p.state).join(", ");
  return { demo, pools, summary };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [rpcUrl, wsUrl, keypairPath] = process.argv.slice(2);
  if (!rpcUrl || !wsUrl || !keypairPath) {
    console.error("usage: tsx migrations/deploy.ts RPC_URL WS_URL KEYPAIR_JSON");
    process.exit(2);
  }
  const payer = await createKeyPairSignerFromBytes(
    Uint8Array.from(JSON.parse(readFileSync(keypairPath, "utf8"))),
  );
  const { summary } = await deployDemo(rpcUrl, wsUrl, payer);
  for (const [name, value] of Object.entries(summary)) console.log(`${name.padEnd(32)} ${value}`);
}
