// Events decoded by discriminator through their generated codecs (src/events.ts), from the logs of
// a real run: the SBF build of Ballast and the CPMM build `make amm` makes, both in litesvm, a demo
// vault created, a pool pinned, deposits, a rebalance through the pool, a fee accrual, governance
// and a withdrawal. Each event's figures are checked against the chain's own balances or the
// formulas they come from.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateKeyPairSigner, lamports } from "@solana/kit";
import { getMintDecoder } from "@solana-program/token";
import IDL from "../../../idl/ballast.json" with { type: "json" };
import {
  ADAPTER,
  CHANGE_KIND,
  CPMM_PROGRAM_ADDRESS,
  EVENT_DECODERS,
  EVENT_DISCRIMINATORS,
  PAUSE_REBALANCE,
  TRIGGER,
  activeAssets,
  cpmmSwapAccounts,
  decodeEvent,
  eventsFromLogs,
  findEvent,
  getAcceptAuthorityInstruction,
  getAddAmmInstruction,
  getCancelChangeInstruction,
  getPricedRebalanceInstruction,
  getProposeAuthorityInstruction,
  getSetGuardianInstruction,
  getSetParamsInstruction,
  getSetPauseInstruction,
  type BallastEvent,
  SHARE_TOKEN_PROGRAM_ADDRESS,
} from "@ballast/client";
import {
  DEMO_ASSETS,
  cpmmConfigAccount,
  cpmmInitializeInstruction,
  cpmmObservationData,
  cpmmPool,
  createDemoVault,
  demoAccrueFees,
  demoDeposit,
  demoWithdrawInKind,
  publishDemoPrices,
} from "../src/index.ts";
import { LiteChain } from "../src/lite-chain.ts";

const CPMM_SO = fileURLToPath(
  new URL("../../../target/deploy/raydium_cp_swap.so", import.meta.url),
);
const idlEvents = (IDL as { events: { name: string }[] }).events.map((e) => e.name);

test("every event in the IDL has a generated decoder, found by its discriminator", () => {
  assert.deepEqual(Object.keys(EVENT_DECODERS).sort(), [...idlEvents].sort());
  assert.equal(EVENT_DISCRIMINATORS.size, idlEvents.length, "discriminators are distinct");
  // Another program's `Program data:` is not an event of Ballast's; a Ballast event cut short is an
  // error (the IDL and the program disagree), not a silently wrong figure.
  assert.equal(decodeEvent(new Uint8Array(16)), undefined);
  const [hex] = [...EVENT_DISCRIMINATORS].find(([, name]) => name === "PauseSet")!;
  const discriminator = Uint8Array.from(hex.match(/../g)!.map((b) => parseInt(b, 16)));
  assert.throws(() => decodeEvent(discriminator), /PauseSet/);
});

/** The events of `logs` (one transaction's). */
const events = (logs: string[]) => eventsFromLogs(logs);
const only = <N extends BallastEvent["name"]>(logs: string[], name: N) => {
  const found = events(logs).filter((e) => e.name === name);
  assert.equal(found.length, 1, `one ${name} in ${events(logs).map((e) => e.name)}`);
  return findEvent(found, name)!;
};

test("a demo vault's life decodes event by event, with the chain's figures", async () => {
  const payer = await generateKeyPairSigner();
  const chain = new LiteChain(payer);
  chain.svm.addProgram(CPMM_PROGRAM_ADDRESS, readFileSync(CPMM_SO));
  const d = await createDemoVault(chain, payer, 42n);
  const [usd, sol, btc] = d.assets;

  // Creation: the vault, its three assets, its weights.
  const created = chain.logs.flatMap(events);
  const init = findEvent(created, "VaultInitialized")!;
  assert.equal(init.vault, d.vault);
  assert.equal(init.shareMint, d.shareMint);
  assert.equal(init.vaultId, 42n);
  assert.deepEqual(init.params, chain.vault(d.vault).params);
  const named = findEvent(created, "ShareMetadataSet")!;
  assert.deepEqual(
    [named.vault, named.name, named.symbol, named.uri],
    [d.vault, "Ballast Demo Basket", "bDEMO", ""],
  );
  const mint = chain.shareToken(d.shareMint);
  assert.deepEqual([mint.name, mint.symbol, mint.uri], [named.name, named.symbol, named.uri]);
  const added = created.filter((e) => e.name === "AssetAdded").map((e) => e.data);
  assert.deepEqual(
    added.map((a) => [a.mint, a.tokenAccount]),
    d.assets.map((a) => [a.mint, a.tokenAccount]),
  );
  assert.deepEqual(findEvent(created, "WeightsSet")!.weights, [4_000, 3_000, 3_000]);

  // A CPMM pool for dUSD/dBTC at the demo prices (100,000 USD a side), pinned while the vault is empty.
  const config = await cpmmConfigAccount(0, payer.address);
  chain.setAccount(config.address, config.data, CPMM_PROGRAM_ADDRESS);
  const observation = (await generateKeyPairSigner()).address;
  chain.setAccount(observation, cpmmObservationData(), CPMM_PROGRAM_ADDRESS);
  const pool = await cpmmPool(config.address, usd.mint, btc.mint, observation);
  const depth = (i: number) =>
    (100_000n * 10n ** BigInt(DEMO_ASSETS[i].decimals) * 100_000_000n) / DEMO_ASSETS[i].price;
  const usdFirst = pool.token0Mint === usd.mint;
  const [a0, a1] = usdFirst ? [usd, btc] : [btc, usd];
  const [n0, n1] = usdFirst ? [depth(0), depth(2)] : [depth(2), depth(0)];
  await chain.send([await cpmmInitializeInstruction(pool, payer, a0.wallet, a1.wallet, n0, n1)]);
  await chain.send([
    getAddAmmInstruction({
      authority: payer,
      vault: d.vault,
      shareMint: d.shareMint,
      ammProgram: CPMM_PROGRAM_ADDRESS,
      adapter: ADAPTER.raydiumCpmm,
      pool: pool.state,
      mintA: pool.token0Mint,
      mintB: pool.token1Mint,
      maxSlippageBps: 0,
    }),
  ]);
  const allowed = only(chain.logs.at(-1)!, "AmmAllowed");
  assert.deepEqual(
    [allowed.program, allowed.pool, allowed.adapter],
    [CPMM_PROGRAM_ADDRESS, pool.state, ADAPTER.raydiumCpmm],
  );
  chain.warp(2n); // the pool opens a second after it is created
  await publishDemoPrices(chain, d);

  // Deposits: 1,000 dUSD at 1 USD (no confidence) is 1,000 USD of value and, first, 1,000 shares;
  // then 4 dSOL at 149.85 (150 less 10 bps) is 599.4 USD.
  await chain.send([demoDeposit(d, payer, 0, 1_000_000_000n)]);
  const first = only(chain.logs.at(-1)!, "Deposited");
  assert.deepEqual(
    [first.depositor, first.assetMint, first.amount, first.value, first.feeValue, first.sharesOut],
    [payer.address, usd.mint, 1_000_000_000n, 1_000_000_000n, 0n, 1_000_000_000_000n],
  );
  assert.deepEqual([first.totalValueBefore, first.shareSupplyBefore], [0n, 0n]);
  await chain.send([demoDeposit(d, payer, 1, 4_000_000_000n)]);
  const second = only(chain.logs.at(-1)!, "Deposited");
  assert.deepEqual([second.assetMint, second.value], [sol.mint, 599_400_000n]);
  assert.equal(second.shareSupplyBefore, 1_000_000_000_000n);
  assert.equal(chain.tokenAmount(d.payerShares), 1_000_000_000_000n + second.sharesOut);

  // A rebalance through the pinned pool: dBTC is empty, dUSD the largest surplus.
  const vault = chain.vault(d.vault);
  const before = {
    usd: chain.tokenAmount(usd.tokenAccount),
    btc: chain.tokenAmount(btc.tokenAccount),
    shares: chain.tokenAmount(d.payerShares),
    poolUsd: chain.tokenAmount(usdFirst ? pool.token0Vault : pool.token1Vault),
    poolBtc: chain.tokenAmount(usdFirst ? pool.token1Vault : pool.token0Vault),
  };
  await chain.send([
    getPricedRebalanceInstruction(
      {
        cranker: payer,
        vault: d.vault,
        shareMint: d.shareMint,
        crankerBounty: d.payerShares,
        bountyMint: d.shareMint,
        ammProgram: CPMM_PROGRAM_ADDRESS,
        bountyTokenProgram: SHARE_TOKEN_PROGRAM_ADDRESS,
        minOut: 0n,
        pair: null,
        route: new Uint8Array(),
      },
      {
        assets: activeAssets(vault),
        priceAccounts: d.assets.map((a) => a.priceAccount),
        swapAccounts: cpmmSwapAccounts(
          pool,
          vault.swapAuthority,
          usd.mint,
          usd.tokenAccount,
          btc.tokenAccount,
        ),
      },
    ),
  ]);
  const r = only(chain.logs.at(-1)!, "Rebalanced");
  assert.deepEqual(
    [r.cranker, r.ammProgram, r.sellMint, r.buyMint, r.trigger, r.bountyMint],
    [payer.address, CPMM_PROGRAM_ADDRESS, usd.mint, btc.mint, TRIGGER.band, d.shareMint],
  );
  assert.equal(r.amountIn, before.usd - chain.tokenAmount(usd.tokenAccount));
  assert.equal(r.amountOut, chain.tokenAmount(btc.tokenAccount) - before.btc);
  // A fee-free constant-product pool pays reserve_out · in / (reserve_in + in), rounded down.
  assert.equal(r.amountOut, (before.poolBtc * r.amountIn) / (before.poolUsd + r.amountIn));
  assert.ok(r.minOut > 0n && r.minOut <= r.amountOut, `min_out ${r.minOut}`);
  assert.ok(r.driftAfterBps < r.driftBeforeBps, `drift ${r.driftBeforeBps} -> ${r.driftAfterBps}`);
  assert.equal(r.bountyAmount, chain.tokenAmount(d.payerShares) - before.shares);

  // A day later, the observer's fee accrual mints the management fee to the fee recipient.
  chain.warp(86_400n);
  await publishDemoPrices(chain, d);
  await chain.send([demoAccrueFees(d)]);
  const fees = only(chain.logs.at(-1)!, "FeesAccrued");
  assert.equal(fees.vault, d.vault);
  assert.equal(
    fees.managementShares + fees.performanceShares,
    chain.tokenAmount(d.feeShares),
    "every fee share minted is in the fee recipient's account",
  );
  // The moment's supply is the mint's after the fee shares; priced (fresh prices), so a value.
  assert.equal(fees.shareSupply, chain.mintSupply(d.shareMint));
  assert.equal(fees.totalValue.__option, "Some");

  // Governance: pause, guardian, a tightening and a queued loosening, the authority handed over.
  await chain.send([
    getSetPauseInstruction({ signer: payer, vault: d.vault, paused: PAUSE_REBALANCE }),
  ]);
  assert.deepEqual((({ by, paused }) => ({ by, paused }))(only(chain.logs.at(-1)!, "PauseSet")), {
    by: payer.address,
    paused: PAUSE_REBALANCE,
  });
  const guardian = (await generateKeyPairSigner()).address;
  await chain.send([getSetGuardianInstruction({ authority: payer, vault: d.vault, guardian })]);
  assert.equal(only(chain.logs.at(-1)!, "GuardianSet").guardian, guardian);
  const params = chain.vault(d.vault).params;
  const tighter = { ...params, maxDepositPerTx: params.maxDepositPerTx - 1n };
  await chain.send([
    getSetParamsInstruction({
      authority: payer,
      vault: d.vault,
      shareMint: d.shareMint,
      params: tighter,
    }),
  ]);
  assert.deepEqual(only(chain.logs.at(-1)!, "ParamsSet").params, tighter);
  const looser = { ...tighter, depositCap: tighter.depositCap + 1n };
  await chain.send([
    getSetParamsInstruction({
      authority: payer,
      vault: d.vault,
      shareMint: d.shareMint,
      params: looser,
    }),
  ]);
  const queued = only(chain.logs.at(-1)!, "ChangeQueued");
  assert.equal(queued.kind, CHANGE_KIND.params);
  assert.equal(queued.executableAt, (await chain.now()) + BigInt(params.timelockSecs));
  await chain.send([getCancelChangeInstruction({ authority: payer, vault: d.vault })]);
  assert.equal(only(chain.logs.at(-1)!, "ChangeCancelled").kind, CHANGE_KIND.params);
  const next = await generateKeyPairSigner();
  chain.svm.airdrop(next.address, lamports(1_000_000_000n));
  await chain.send([
    getProposeAuthorityInstruction({
      authority: payer,
      vault: d.vault,
      newAuthority: next.address,
    }),
  ]);
  assert.equal(only(chain.logs.at(-1)!, "AuthorityProposed").proposed, next.address);
  await chain.send([getAcceptAuthorityInstruction({ newAuthority: next, vault: d.vault })]);
  const accepted = only(chain.logs.at(-1)!, "AuthorityAccepted");
  assert.deepEqual([accepted.previous, accepted.authority], [payer.address, next.address]);

  // A withdrawal in kind: what left each vault account, and the shares burnt.
  const supply = getMintDecoder().decode(chain.data(d.shareMint)).supply;
  const held = d.assets.map((a) => chain.tokenAmount(a.tokenAccount));
  await chain.send([demoWithdrawInKind(d, payer, 100_000_000_000n)]);
  const w = only(chain.logs.at(-1)!, "WithdrawnInKind");
  assert.equal(w.shares, 100_000_000_000n);
  assert.deepEqual(
    w.amounts,
    d.assets.map((a, i) => held[i] - chain.tokenAmount(a.tokenAccount)),
  );
  assert.deepEqual(w.claimed, [0n, 0n, 0n]);
  assert.equal(getMintDecoder().decode(chain.data(d.shareMint)).supply, supply - w.shares);

  // Fifteen of the program's events, each decoded by its own codec.
  const names = new Set(chain.logs.flatMap(events).map((e) => e.name));
  assert.deepEqual([...names].sort(), [
    "AmmAllowed",
    "AssetAdded",
    "AuthorityAccepted",
    "AuthorityProposed",
    "ChangeCancelled",
    "ChangeQueued",
    "Deposited",
    "FeesAccrued",
    "GuardianSet",
    "ParamsSet",
    "PauseSet",
    "Rebalanced",
    "ShareMetadataSet",
    "VaultInitialized",
    "WeightsSet",
    "WithdrawnInKind",
  ]);
});
