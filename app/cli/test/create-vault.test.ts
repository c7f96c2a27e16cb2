// `ballast create-vault --config` against a local Surfpool chain: the example config's mints are
// written there and its pools opened for real through the CPMM program; a dry run sends nothing, --yes
// creates the vault whose on-chain state is what the file says (read back and compared with the TOML
// as parsed here), and bad configs are refused naming the field, before anything is sent.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "smol-toml";
import {
  createKeyPairSignerFromBytes,
  createSolanaRpc,
  generateKeyPairSigner,
  some,
  none,
  type Address,
  type KeyPairSigner,
} from "@solana/kit";
import { TOKEN_PROGRAM_ADDRESS, getMintEncoder } from "@solana-program/token";
import {
  CPMM_PROGRAM_ADDRESS,
  MINT_RENT_LAMPORTS,
  PARAMETER_BOUNDS,
  activeAssets,
  associatedTokenAddress,
  createAssociatedTokenAccount,
  feedIdHex,
  fetchShareToken,
  fetchVault,
  findVaultPda,
  mintToInstruction,
  paramField,
  shareAccountAddress,
} from "@ballast/client";
import {
  cpmmConfigAccount,
  cpmmInitializeInstruction,
  cpmmObservationData,
  cpmmPool,
} from "@ballast/demo";
import { rpcChain, setAccount } from "../../../migrations/deploy.ts";
import { startSurfnet, type Surfnet } from "../../../migrations/surfnet.ts";
import { AMM_ADAPTERS, DEFAULT_PARAMS, allowedPools } from "../src/commands.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const EXAMPLE = join(ROOT, "app/cli/vault.example.toml");
const MAIN = join(ROOT, "app/cli/src/main.ts");
/** Decimals of the example's mints (USDC 6, WBTC 8, WETH 8), and whether each has a freeze authority. */
const MINTS = [
  { decimals: 6, freezes: true },
  { decimals: 8, freezes: false },
  { decimals: 8, freezes: false },
];

type Raw = {
  id: bigint;
  share_token: { name: string; symbol: string; uri: string };
  params: Record<string, bigint>;
  assets: Record<string, unknown>[];
  pools: Record<string, string>[];
};
const exampleText = readFileSync(EXAMPLE, "utf8");
const raw = parse(exampleText, { integersAsBigInt: true }) as unknown as Raw;

let chain: Surfnet;
let payer: KeyPairSigner;
const dir = mkdtempSync(join(tmpdir(), "ballast-config-"));
const payerFile = join(dir, "payer.json");

function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Not spawnSync: the embedded chain's event drain runs in this process.
    const child = spawn(
      process.execPath,
      ["--import", "tsx", MAIN, ...args, "--rpc", chain.rpcUrl, "--keypair", payerFile],
      { cwd: ROOT },
    );
    let [stdout, stderr] = ["", ""];
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

const balance = async () =>
  (await createSolanaRpc(chain.rpcUrl).getBalance(payer.address).send()).value;

before(async () => {
  chain = startSurfnet();
  payer = await createKeyPairSignerFromBytes(Uint8Array.from(chain.payerSecretKey));
  writeFileSync(payerFile, JSON.stringify(chain.payerSecretKey));
  const send = rpcChain(chain.rpcUrl, chain.wsUrl, payer).send;
  // The example's mints at their own addresses, the payer their mint authority, and funded.
  const mints = raw.assets.map((a) => a.mint as Address);
  for (const [i, mint] of mints.entries()) {
    const data = getMintEncoder().encode({
      mintAuthority: some(payer.address),
      supply: 0n,
      decimals: MINTS[i].decimals,
      isInitialized: true,
      freezeAuthority: MINTS[i].freezes ? some(payer.address) : none(),
    });
    await setAccount(
      chain.rpcUrl,
      mint,
      new Uint8Array(data),
      TOKEN_PROGRAM_ADDRESS,
      Number(MINT_RENT_LAMPORTS),
    );
    const { ata, instruction } = await createAssociatedTokenAccount(payer, payer.address, mint);
    await send([
      instruction,
      mintToInstruction(mint, ata, payer, 10n ** BigInt(MINTS[i].decimals + 6)),
    ]);
  }
  // Its pools: USDC against each other asset at AMM config 0, opened through the CPMM program.
  const config = await cpmmConfigAccount(0, payer.address);
  await setAccount(chain.rpcUrl, config.address, config.data, CPMM_PROGRAM_ADDRESS);
  for (const other of mints.slice(1)) {
    const observation = (await generateKeyPairSigner()).address;
    await setAccount(chain.rpcUrl, observation, cpmmObservationData(), CPMM_PROGRAM_ADDRESS);
    const pool = await cpmmPool(config.address, mints[0], other, observation);
    const [source0, source1] = [
      await associatedTokenAddress(payer.address, pool.token0Mint),
      await associatedTokenAddress(payer.address, pool.token1Mint),
    ];
    await send([
      await cpmmInitializeInstruction(
        pool,
        payer,
        source0,
        source1,
        1_000_000_000n,
        1_000_000_000n,
      ),
    ]);
  }
});
after(() => chain.stop());

test(
  "create-vault --config: the dry run lists every transaction and sends nothing; --yes creates the vault the file describes",
  { timeout: 120_000 },
  async () => {
    const [vault] = await findVaultPda({ creator: payer.address, vaultId: raw.id });
    const rpc = createSolanaRpc(chain.rpcUrl);
    const paid = await balance();
    const dry = await cli(["create-vault", "--config", EXAMPLE]);
    assert.equal(dry.status, 0, dry.stderr);
    const steps = [...dry.stdout.matchAll(/^\s+\d+\. (\w+)/gm)].map((m) => m[1]);
    assert.deepEqual(steps, [
      "initialize_vault",
      "add_asset",
      "add_asset",
      "add_asset",
      "set_target_weights",
      "add_amm",
      "add_amm",
    ]);
    assert.match(dry.stdout, /share token "Ballast Example Basket" \(bEXMPL\)$/m);
    assert.match(dry.stdout, /^ {2}management_fee_bps\s+50 {2}bps per year$/m);
    assert.match(dry.stdout, /^ {2}max_ema_divergence_bps\s+500 {2}bps of EMA \(default\)$/m);
    assert.match(
      dry.stdout,
      /^dry run: nothing was sent; run again with --yes to send these transactions$/m,
    );
    assert.equal(
      (await rpc.getAccountInfo(vault).send()).value,
      null,
      "no vault after the dry run",
    );
    assert.equal(await balance(), paid, "nothing was paid for");

    const sent = await cli(["create-vault", "--config", EXAMPLE, "--yes"]);
    assert.equal(sent.status, 0, sent.stderr);
    assert.equal([...sent.stdout.matchAll(/^ {2}sent\s+\d+: \w+$/gm)].length, 7);
    const onChain = (await fetchVault(rpc, vault)).data;
    assert.equal(onChain.authority, payer.address);
    assert.equal(onChain.guardian, payer.address);
    assert.equal(
      onChain.feeRecipientShares,
      await shareAccountAddress(payer.address, onChain.shareMint),
    );
    // The share token is named as the file's [share_token] says, in its mint.
    const shareToken = await fetchShareToken(rpc, onChain.shareMint);
    assert.deepEqual(
      [shareToken.name, shareToken.symbol, shareToken.uri],
      [raw.share_token.name, raw.share_token.symbol, raw.share_token.uri],
    );
    assert.equal(onChain.vaultId, raw.id);
    // Assets, in the file's order: mint, feed, weight and range, token program, decimals.
    const assets = activeAssets(onChain);
    assert.equal(assets.length, raw.assets.length);
    raw.assets.forEach((expected, i) => {
      const slot = assets[i];
      assert.equal(slot.mint, expected.mint);
      assert.equal(feedIdHex(slot.priceFeedId), expected.feed_id);
      assert.equal(slot.targetWeightBps, Number(expected.weight_bps));
      assert.equal(slot.minWeightBps, Number(expected.min_weight_bps ?? 0n));
      assert.equal(slot.maxWeightBps, Number(expected.max_weight_bps));
      assert.equal(slot.tokenProgram, TOKEN_PROGRAM_ADDRESS);
      assert.equal(slot.decimals, MINTS[i].decimals);
    });
    assert.deepEqual(
      assets.map((a) => a.targetWeightBps),
      [4000, 3000, 3000],
    );
    // Every parameter: the file's value, or the CLI's default where the file has none.
    for (const bound of PARAMETER_BOUNDS) {
      const field = paramField(bound.name);
      const expected = raw.params[bound.name] ?? BigInt(DEFAULT_PARAMS[field]);
      assert.equal(BigInt(onChain.params[field]), expected, bound.name);
    }
    assert.equal(onChain.params.timelockSecs, 172_800);
    // The pinned pools, each for its pair through the CPMM adapter.
    assert.deepEqual(
      allowedPools(onChain).map((p) => ({
        program: p.program,
        pool: p.pool,
        mintA: p.mintA,
        mintB: p.mintB,
        adapter: p.adapter,
      })),
      raw.pools.map((p) => ({
        program: p.program,
        pool: p.pool,
        mintA: p.mint_a,
        mintB: p.mint_b,
        adapter: AMM_ADAPTERS["raydium-cpmm"],
      })),
    );
  },
);

test(
  "a bad config is refused naming the field, with nothing sent",
  { timeout: 120_000 },
  async () => {
    const variant = (name: string, from: string, to: string) => {
      assert.ok(exampleText.includes(from), `the example has ${from}`);
      const path = join(dir, `${name}.toml`);
      writeFileSync(path, exampleText.replace(from, to).replace("id = 1\n", "id = 9\n"));
      return path;
    };
    const paid = await balance();
    const refused = async (path: string, message: string) => {
      const run = await cli(["create-vault", "--config", path, "--yes"]);
      assert.equal(run.status, 2, run.stdout);
      assert.equal(run.stderr.trim(), `error: ${message}`);
      assert.equal(run.stdout, "", "no plan printed, nothing sent");
    };
    await refused(
      variant("fee", "management_fee_bps = 50", "management_fee_bps = 501"),
      "params.management_fee_bps: 501 is outside [0, 500] (bps per year)",
    );
    await refused(
      variant("typo", "management_fee_bps = 50", "managment_fee_bps = 50"),
      `params.managment_fee_bps: unknown key (expected one of ${PARAMETER_BOUNDS.map((b) => b.name).join(", ")})`,
    );
    await refused(
      variant(
        "cap",
        "max_deposit_per_tx = 100_000_000_000",
        "max_deposit_per_tx = 2_000_000_000_000",
      ),
      "params.max_deposit_per_tx: must not exceed deposit_cap",
    );
    await refused(
      variant("weights", "weight_bps = 4_000", "weight_bps = 3_000"),
      "assets.weight_bps: weights must sum to 10,000 bps, they sum to 9000",
    );
    await refused(
      variant("text", "weight_bps = 4_000", 'weight_bps = "4000"'),
      'assets[0].weight_bps: must be an integer, got "4000"',
    );
    await refused(
      variant("symbol", 'symbol = "bEXMPL"', 'symbol = "bEXAMPLE-XL"'),
      "share_token.symbol: must be 1 to 10 bytes of UTF-8, got 11",
    );
    await refused(
      variant("nameless", 'name = "Ballast Example Basket"\n', ""),
      "share_token.name: is required",
    );
    await refused(
      variant("feed", 'feed_id = "eaa0', 'feed_id = "zz'),
      "assets[0].feed_id: must be 32 bytes of hex (the Pyth price feed id)",
    );
    await refused(
      variant(
        "pair",
        'mint_b = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"',
        'mint_b = "So11111111111111111111111111111111111111112"',
      ),
      "pools[0].mint_b: So11111111111111111111111111111111111111112 is not one of the assets",
    );
    // Read from the chain: USDC's freeze authority, a pool its program does not own.
    await refused(
      variant("freeze", "allow_freeze_authority = true", "allow_freeze_authority = false"),
      `assets[0].allow_freeze_authority: EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v has a freeze authority (${payer.address}): set allow_freeze_authority = true to accept it`,
    );
    await refused(
      variant(
        "pool",
        'pool = "5njHogJuBnPWJPxvvi3KPWbM2sRNWuzkVvyfNiDKMprP"',
        `pool = "${raw.assets[0].mint}"`,
      ),
      `pools[0].pool: ${raw.assets[0].mint} is owned by ${TOKEN_PROGRAM_ADDRESS}, not ${CPMM_PROGRAM_ADDRESS}`,
    );
    assert.equal(await balance(), paid, "nothing was paid for");
    const [vault] = await findVaultPda({ creator: payer.address, vaultId: 9n });
    assert.equal((await createSolanaRpc(chain.rpcUrl).getAccountInfo(vault).send()).value, null);
  },
);

test(
  "a config naming another authority ends by proposing it; the same id again is refused",
  { timeout: 120_000 },
  async () => {
    const squads = (await generateKeyPairSigner()).address;
    const path = join(dir, "handover.toml");
    writeFileSync(
      path,
      exampleText
        .replace("id = 1\n", "id = 2\n")
        .replace('# authority = "…"', `authority = "${squads}"`),
    );
    const sent = await cli(["create-vault", "--config", path, "--yes"]);
    assert.equal(sent.status, 0, sent.stderr);
    assert.match(sent.stdout, new RegExp(`^\\s+8\\. propose_authority ${squads} `, "m"));
    const [vault] = await findVaultPda({ creator: payer.address, vaultId: 2n });
    const onChain = (await fetchVault(createSolanaRpc(chain.rpcUrl), vault)).data;
    assert.equal(
      onChain.authority,
      payer.address,
      "the creator holds it until the new authority accepts",
    );
    assert.equal(onChain.pendingAuthority, squads);
    assert.equal(onChain.guardian, squads, "guardian defaults to the named authority");
    assert.equal(onChain.feeRecipientShares, await shareAccountAddress(squads, onChain.shareMint));

    const again = await cli(["create-vault", "--config", path]);
    assert.equal(again.status, 2);
    assert.equal(
      again.stderr.trim(),
      `error: id: vault ${vault} (id 2 of this keypair) already exists`,
    );
  },
);
