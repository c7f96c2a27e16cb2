// The governance CLI's commands against the SBF build in npm litesvm: inputs are checked before
// anything is sent, commands produce the instructions the program accepts, and the timelock flow
// (propose -> refused early -> execute after the delay, cancel) works end to end.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FailedTransactionMetadata } from "litesvm";
import {
  createNoopSigner,
  generateKeyPairSigner,
  getBase64Encoder,
  getTransactionDecoder,
  getCompiledTransactionMessageDecoder,
  type Address,
} from "@solana/kit";
import {
  BALLAST_ERROR__TIMELOCK_NOT_ELAPSED,
  CLUSTERS,
  findVaultPda,
  programErrorCode,
  PAUSE_DEPOSITS,
  PAUSE_REBALANCE,
} from "@ballast/client";
import { DEMO_PARAMS, createDemoVault, demoDeposit } from "@ballast/demo";
import { LiteChain } from "@ballast/demo/lite-chain";
import * as commands from "../src/commands.ts";
import { UsageError, type Context } from "../src/commands.ts";
import { unsignedTransactionBase64 } from "../src/main.ts";

async function setUp() {
  const payer = await generateKeyPairSigner();
  const chain = new LiteChain(payer);
  const ctx: Context = {
    authority: payer,
    payer,
    fetchVault: async (vault: Address) => chain.vault(vault),
  };
  return { payer, chain, ctx };
}

test("create-vault, add-asset and set-weights build a vault the program accepts", async () => {
  const { payer, chain, ctx } = await setUp();
  const created = await commands.createVault(ctx, {
    id: "7",
    name: "CLI Basket",
    symbol: "bCLI",
    "management-fee-bps": "25",
  });
  await chain.send(created.instructions);
  const [vault] = await findVaultPda({ creator: payer.address, vaultId: 7n });
  assert.equal(chain.vault(vault).params.managementFeeBps, 25);
  // The share token carries the name in its mint, and governance renames it.
  const shareMint = chain.vault(vault).shareMint;
  const named = chain.shareToken(shareMint);
  assert.deepEqual([named.name, named.symbol, named.uri], ["CLI Basket", "bCLI", ""]);
  const rename = commands.setShareMetadata(
    ctx,
    vault,
    { name: "CLI Blue Chips", symbol: "bBLUE", uri: "https://ballast.invalid/blue.json" },
    shareMint,
  );
  assert.equal(
    rename.summary,
    'name the share token "CLI Blue Chips" (bBLUE), https://ballast.invalid/blue.json',
  );
  await chain.send(rename.instructions);
  const renamed = chain.shareToken(shareMint);
  assert.deepEqual(
    [renamed.name, renamed.symbol, renamed.uri, renamed.updateAuthority],
    ["CLI Blue Chips", "bBLUE", "https://ballast.invalid/blue.json", shareMint],
  );
  // Two mints to add (the demo's helper makes them).
  const demo = await createDemoVault(chain, payer, 1n);
  for (const [i, asset] of demo.assets.slice(0, 2).entries()) {
    const plan = await commands.addAsset(ctx, vault, {
      mint: asset.mint,
      "feed-id": "ab".repeat(31) + String(10 + i),
      "max-weight": i === 0 ? "10000" : "8000",
    });
    await chain.send(plan.instructions);
  }
  await chain.send((await commands.setWeights(ctx, vault, "6000,4000")).instructions);
  const decoded = chain.vault(vault);
  assert.deepEqual(
    decoded.assets.slice(0, 2).map((a) => a.targetWeightBps),
    [6000, 4000],
  );
  const shown = commands.describeVault(vault, decoded).join("\n");
  assert.match(shown, /management_fee_bps\s+25 \(bps per year\)/);
  assert.match(shown, new RegExp(`asset\\s+${demo.assets[1].mint} weight 4000 bps \\[0, 8000\\]`));
  // The first asset of an empty vault starts at 100%: a range that excludes it is refused here.
  const empty = await commands.createVault(ctx, { id: "8", name: "Empty", symbol: "bE" });
  await chain.send(empty.instructions);
  const [emptyVault] = await findVaultPda({ creator: payer.address, vaultId: 8n });
  await assert.rejects(
    () =>
      commands.addAsset(ctx, emptyVault, {
        mint: demo.assets[0].mint,
        "feed-id": "cd".repeat(32),
        "max-weight": "5000",
      }),
    /starts at 10000 bps, outside \[0, 5000\]/,
  );
});

test("bad input is refused with a readable message before anything is sent", async () => {
  const { chain, payer, ctx } = await setUp();
  const demo = await createDemoVault(chain, payer, 1n);
  const refuses = async (run: () => Promise<unknown>, message: RegExp) =>
    assert.rejects(run, (e: unknown) => e instanceof UsageError && message.test(e.message));
  await refuses(
    () => commands.setWeights(ctx, demo.vault, "5000,4000,500"),
    /sum to 10,000 bps, they sum to 9500/,
  );
  await refuses(() => commands.setWeights(ctx, demo.vault, "5000,5000"), /expected 3 weights/);
  await refuses(() => commands.setWeights(ctx, demo.vault, "50%,25,25"), /non-negative integer/);
  await refuses(
    () => commands.setParams(ctx, demo.vault, { "management-fee-bps": "501" }),
    /management_fee_bps = 501 is outside \[0, 500\]/,
  );
  await refuses(
    () =>
      commands.setParams(ctx, demo.vault, {
        "max-deposit-per-tx": String(BigInt(DEMO_PARAMS.depositCap) + 1n),
      }),
    /must not exceed deposit_cap/,
  );
  await refuses(
    () => commands.addAsset(ctx, demo.vault, { mint: demo.assets[0].mint, "feed-id": "xyz" }),
    /32 bytes of hex/,
  );
  await refuses(
    () => commands.removeAsset(ctx, demo.vault, { mint: demo.assets[0].mint }),
    /set its weight to 0 first/,
  );
  // The share token's fields, against the program's bounds (bytes of UTF-8).
  await refuses(
    async () => commands.createVault(ctx, { id: "9", symbol: "bX" }),
    /--name is required/,
  );
  await refuses(
    async () =>
      commands.setShareMetadata(
        ctx,
        demo.vault,
        { name: "é".repeat(17), symbol: "b" },
        demo.shareMint,
      ),
    /--name must be 1 to 32 bytes of UTF-8, got 34/,
  );
  await refuses(
    async () =>
      commands.setShareMetadata(
        ctx,
        demo.vault,
        { name: "N", symbol: "SYMBOLTOOLONG" },
        demo.shareMint,
      ),
    /--symbol must be 1 to 10 bytes of UTF-8, got 13/,
  );
  await refuses(
    async () => commands.pause(ctx, demo.vault, {}, true),
    /--deposits and\/or --rebalance/,
  );
  await refuses(
    async () => commands.proposeAuthority(ctx, demo.vault, { "new-authority": "not-an-address" }),
    /base58 address/,
  );
  await refuses(
    () => commands.removeAmm(ctx, demo.vault, { program: demo.assets[0].mint }),
    /not on the allow-list/,
  );
});

test("a loosening change waits for the timelock; tightening, pause and the authority transfer apply at once", async () => {
  const { chain, payer, ctx } = await setUp();
  const demo = await createDemoVault(chain, payer, 1n);
  await chain.send([demoDeposit(demo, payer, 0, 1_000_000n)]); // holders now: the timelock applies

  const looser = await commands.setParams(ctx, demo.vault, { "performance-fee-bps": "1500" });
  assert.match(looser.summary, /loosening: queued for 3600 s/);
  await chain.send(looser.instructions);
  assert.equal(chain.vault(demo.vault).params.performanceFeeBps, 1000);
  const early = await chain.trySend(commands.execute(demo.vault).instructions);
  assert.ok(early instanceof FailedTransactionMetadata);
  assert.equal(
    programErrorCode(early.err()) ?? programErrorCode(early.toString()),
    BALLAST_ERROR__TIMELOCK_NOT_ELAPSED,
  );
  chain.warp(3_600n);
  await chain.send(commands.execute(demo.vault).instructions);
  assert.equal(chain.vault(demo.vault).params.performanceFeeBps, 1500);

  const tighter = await commands.setParams(ctx, demo.vault, {
    "deposit-cap": "1000000000",
    "max-deposit-per-tx": "1000000000",
  });
  assert.match(tighter.summary, /tightening: applies at once/);
  await chain.send(tighter.instructions);
  assert.equal(chain.vault(demo.vault).params.depositCap, 1_000_000_000n);

  await chain.send((await commands.setWeights(ctx, demo.vault, "5000,2500,2500")).instructions);
  assert.equal(chain.vault(demo.vault).pending.kind, 2);
  await chain.send(commands.cancel(ctx, demo.vault).instructions);
  assert.equal(chain.vault(demo.vault).pending.kind, 0);

  await chain.send(
    commands.pause(ctx, demo.vault, { deposits: true, rebalance: true }, true).instructions,
  );
  assert.equal(chain.vault(demo.vault).paused, PAUSE_DEPOSITS | PAUSE_REBALANCE);
  await chain.send(commands.pause(ctx, demo.vault, {}, false).instructions);
  assert.equal(chain.vault(demo.vault).paused, 0);

  // The allow-list: a pool joins behind the timelock (the vault has holders), leaves at once.
  const token = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA" as Address;
  const pool = (await generateKeyPairSigner()).address;
  const [mintA, mintB] = [demo.assets[0].mint, demo.assets[1].mint];
  const listed = () =>
    commands
      .allowedPools(chain.vault(demo.vault))
      .some((p) => p.program === token && p.pool === pool);
  const refuses = async (run: () => Promise<unknown>, message: RegExp) =>
    assert.rejects(run, (e: unknown) => e instanceof UsageError && message.test(e.message));
  await refuses(
    () =>
      commands.addAmm(ctx, demo.vault, { program: token, pool, "mint-a": mintA, "mint-b": mintA }),
    /must differ/,
  );
  await refuses(
    () =>
      commands.addAmm(ctx, demo.vault, {
        program: token,
        adapter: "route",
        "mint-a": mintA,
        "mint-b": mintB,
        "max-slippage-bps": "100000",
      }),
    /below the vault's/,
  );
  await chain.send(
    (
      await commands.addAmm(ctx, demo.vault, {
        program: token,
        pool,
        "mint-a": mintA,
        "mint-b": mintB,
      })
    ).instructions,
  );
  assert.equal(chain.vault(demo.vault).pending.kind, 4);
  chain.warp(3_600n);
  await chain.send(commands.execute(demo.vault).instructions);
  assert.ok(listed());
  assert.match(
    commands.describeVault(demo.vault, chain.vault(demo.vault)).join("\n"),
    new RegExp(`allowed pool\\s+${token} pool ${pool}`),
  );
  await chain.send(
    (await commands.removeAmm(ctx, demo.vault, { program: token, pool })).instructions,
  );
  assert.ok(!listed());

  const next = await generateKeyPairSigner();
  await chain.send(
    commands.proposeAuthority(ctx, demo.vault, { "new-authority": next.address }).instructions,
  );
  chain.svm.airdrop(next.address, 1_000_000_000n as never);
  const nextChain = Object.assign(Object.create(Object.getPrototypeOf(chain)), chain, {
    payer: next,
  }) as LiteChain;
  await nextChain.send(
    commands.acceptAuthority({ ...ctx, authority: next, payer: next }, demo.vault).instructions,
  );
  assert.equal(chain.vault(demo.vault).authority, next.address);
});

test("--print-tx encodes an unsigned transaction that names the multisig as its signer", async () => {
  const { chain, payer, ctx } = await setUp();
  const demo = await createDemoVault(chain, payer, 1n);
  const squadsVault = (await generateKeyPairSigner()).address;
  // As main.ts does with --print-tx --authority: the multisig signs as a no-op signer.
  const plan = commands.pause(
    { ...ctx, authority: createNoopSigner(squadsVault) },
    demo.vault,
    { deposits: true },
    true,
  );
  const base64 = unsignedTransactionBase64(
    squadsVault,
    { blockhash: chain.svm.latestBlockhash(), lastValidBlockHeight: 1n },
    plan.instructions,
  );
  const transaction = getTransactionDecoder().decode(getBase64Encoder().encode(base64));
  assert.deepEqual(Object.keys(transaction.signatures), [squadsVault]);
  assert.equal(transaction.signatures[squadsVault], null, "nothing is signed");
  const message = getCompiledTransactionMessageDecoder().decode(transaction.messageBytes);
  assert.equal(message.staticAccounts[0], squadsVault);
  assert.equal((message as unknown as { instructions: unknown[] }).instructions.length, 1);
});

test("with --cluster, add-amm's native adapters call that cluster's program (given or left out) and no other", async () => {
  const { chain, payer, ctx } = await setUp();
  const demo = await createDemoVault(chain, payer, 1n);
  const [mintA, mintB] = [demo.assets[0].mint, demo.assets[1].mint];
  const pool = (await generateKeyPairSigner()).address;
  const mainnet = { ...ctx, cluster: CLUSTERS["mainnet-beta"] };
  const cpmm = CLUSTERS["mainnet-beta"].programs.raydiumCpmm[0];
  const planned = await commands.addAmm(mainnet, demo.vault, {
    pool,
    "mint-a": mintA,
    "mint-b": mintB,
  });
  assert.ok(planned.summary.includes(`pool ${pool} of ${cpmm}`), planned.summary);
  assert.ok(
    planned.instructions[0].accounts?.some((a) => a.address === cpmm),
    "the instruction names Raydium's CPMM",
  );
  const whirlpool = await commands.addAmm(mainnet, demo.vault, {
    adapter: "orca-whirlpool",
    pool,
    "mint-a": mintA,
    "mint-b": mintB,
  });
  assert.ok(
    whirlpool.summary.includes(`of ${CLUSTERS["mainnet-beta"].programs.orcaWhirlpool}`),
    whirlpool.summary,
  );
  const fork = CLUSTERS.localnet.programs.raydiumCpmm[0];
  await assert.rejects(
    () =>
      commands.addAmm(mainnet, demo.vault, {
        program: fork,
        pool,
        "mint-a": mintA,
        "mint-b": mintB,
      }),
    (e: unknown) =>
      e instanceof UsageError &&
      e.message === `the raydium-cpmm adapter on mainnet-beta calls ${cpmm}, not ${fork}`,
  );
  // Without --cluster, --program is required as before.
  await assert.rejects(
    () => commands.addAmm(ctx, demo.vault, { pool, "mint-a": mintA, "mint-b": mintB }),
    (e: unknown) => e instanceof UsageError && /--program/.test(e.message),
  );
});
