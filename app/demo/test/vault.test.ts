// The generated client and the thin layer over it, against the SBF build (target/deploy/ballast.so)
// in npm litesvm, with Pyth PriceUpdateV2 accounts written into the chain. The expected figures are
// the same hand-computed ones the Rust VM tests assert.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FailedTransactionMetadata, TransactionMetadata } from "litesvm";
import { generateKeyPairSigner } from "@solana/kit";
import { LiteChain } from "../src/lite-chain.ts";
import { getMintDecoder } from "@solana-program/token";
import {
  BALLAST_ERROR__PER_TRANSACTION_CAP_EXCEEDED,
  BALLAST_PROGRAM_ADDRESS,
  PRICE_UPDATE_V2_SIZE,
  describeProgramError,
  eventsFromLogs,
  findEvent,
  findVaultPda,
} from "@ballast/client";
import {
  DEMO_PARAMS,
  createDemoVault,
  demoDeposit,
  demoDepositInKind,
  demoWithdrawInKind,
} from "../src/index.ts";

async function demo() {
  const payer = await generateKeyPairSigner();
  const chain = new LiteChain(payer);
  return { chain, payer, demo: await createDemoVault(chain, payer, 42n) };
}

test("the demo vault is created, priced and weighted through the generated client", async () => {
  const { chain, payer, demo: d } = await demo();
  const vault = chain.vault(d.vault);
  assert.equal(vault.authority, payer.address);
  assert.equal(vault.shareMint, d.shareMint);
  assert.equal(vault.assetCount, 3);
  assert.deepEqual(
    vault.assets.slice(0, 3).map((a) => a.targetWeightBps),
    [4_000, 3_000, 3_000],
  );
  assert.deepEqual(
    vault.assets.slice(0, 3).map((a) => a.mint),
    d.assets.map((a) => a.mint),
  );
  assert.deepEqual(vault.params, DEMO_PARAMS);
  assert.equal(chain.data(d.assets[0].priceAccount).length, PRICE_UPDATE_V2_SIZE);
  const share = getMintDecoder().decode(chain.data(d.shareMint));
  assert.equal(share.decimals, 9);
  // The share mint is its own authority (it signs only mint_to); the vault's signature cannot mint.
  assert.deepEqual(share.mintAuthority, { __option: "Some", value: d.shareMint });
  assert.deepEqual(share.freezeAuthority, { __option: "None" });
});

test("deposits are valued by Pyth: the asset at the low side, the vault at the high side", async () => {
  const { chain, payer, demo: d } = await demo();
  await chain.send([demoDeposit(d, payer, 0, 1_000_000_000n, 1_000_000_000_000n)]);
  assert.equal(chain.tokenAmount(d.payerShares), 1_000_000_000_000n);
  // 2 dSOL at 150 USD, 10 bps confidence: credited at 149.85 -> 299.7 USD -> 299.7 shares.
  await chain.send([demoDeposit(d, payer, 1, 2_000_000_000n)]);
  assert.equal(chain.tokenAmount(d.payerShares), 1_299_700_000_000n);
  assert.equal(chain.tokenAmount(d.assets[1].tokenAccount), 2_000_000_000n);
  assert.equal(chain.vault(d.vault).depositCount, 2n);
});

test("events decode from the logs: what the web app's activity list shows", async () => {
  const { chain, payer, demo: d } = await demo();
  const result = await chain.trySend([demoDeposit(d, payer, 0, 1_000_000_000n)]);
  assert.ok(result instanceof TransactionMetadata, "deposit");
  const events = eventsFromLogs(result.logs());
  // A deposit accrues fees first (every event is decoded now, not only the activity list's four).
  assert.deepEqual(
    events.map((e) => e.name),
    ["FeesAccrued", "Deposited"],
  );
  const deposit = findEvent(events, "Deposited")!;
  assert.deepEqual(
    [deposit.vault, deposit.depositor, deposit.assetMint, deposit.amount, deposit.sharesOut],
    [d.vault, payer.address, d.assets[0].mint, 1_000_000_000n, 1_000_000_000_000n],
  );
  const out = await chain.trySend([demoWithdrawInKind(d, payer, 1_000_000_000n)]);
  assert.ok(out instanceof TransactionMetadata, "withdrawal");
  const withdrawal = findEvent(eventsFromLogs(out.logs()), "WithdrawnInKind");
  assert.ok(withdrawal && withdrawal.shares === 1_000_000_000n && withdrawal.amounts.length === 3);
});

test("in-kind deposit and withdrawal move every asset pro rata", async () => {
  const { chain, payer, demo: d } = await demo();
  await chain.send([
    demoDeposit(d, payer, 0, 1_000_000_000n),
    demoDeposit(d, payer, 1, 2_000_000_000n),
  ]);
  await chain.send([
    demoDepositInKind(d, payer, [100_000_000n, 1_000_000_000n, 0n], 130_070_000_000n),
  ]);
  assert.deepEqual(
    d.assets.map((a) => chain.tokenAmount(a.tokenAccount)),
    [1_100_000_000n, 2_200_000_000n, 0n],
  );
  assert.equal(chain.tokenAmount(d.payerShares), 1_429_770_000_000n);
  await chain.send([
    demoWithdrawInKind(d, payer, 500_000_000_000n, [384_408_395n, 768_816_790n, 0n]),
  ]);
  assert.deepEqual(
    d.assets.map((a) => chain.tokenAmount(a.tokenAccount)),
    [1_100_000_000n - 384_408_395n, 2_200_000_000n - 768_816_790n, 0n],
  );
  assert.equal(getMintDecoder().decode(chain.data(d.shareMint)).supply, 929_770_000_000n);
});

test("a deposit over the per-transaction cap is refused with a readable error and changes nothing", async () => {
  const { chain, payer, demo: d } = await demo();
  // 17 dBTC at the low side (59,970 USD) is 1.019M USD, over the 1M per-transaction cap.
  const result = await chain.trySend([demoDeposit(d, payer, 2, 1_700_000_000n)]);
  assert.ok(result instanceof FailedTransactionMetadata, "an over-cap deposit must fail");
  assert.match(
    result.meta().logs().join("\n"),
    new RegExp(`Error Number: ${BALLAST_ERROR__PER_TRANSACTION_CAP_EXCEEDED}\\.`),
  );
  assert.equal(
    describeProgramError(BALLAST_ERROR__PER_TRANSACTION_CAP_EXCEEDED),
    "deposit exceeds the per-transaction cap",
  );
  assert.equal(chain.tokenAmount(d.assets[2].tokenAccount), 0n);
  assert.equal(chain.tokenAmount(d.assets[2].wallet), 10_000_000_000n);
});

test("the vault PDA helper derives the address the program initialised", async () => {
  const { chain, payer, demo: d } = await demo();
  const account = chain.svm.getAccount(d.vault);
  assert.ok(
    account.exists && account.programAddress === BALLAST_PROGRAM_ADDRESS,
    "the vault is owned by the program",
  );
  assert.equal((await findVaultPda({ creator: payer.address, vaultId: 42n }))[0], d.vault);
  assert.notEqual((await findVaultPda({ creator: payer.address, vaultId: 43n }))[0], d.vault);
});
