// The demo vault, built the same way by the TS tests (litesvm) and by `make demo` (Surfpool):
// three demo mints priced by local Pyth accounts, a vault holding them at 40/30/30, and the payer
// funded with each. `Chain` hides where the transactions go.
import {
  generateKeyPairSigner,
  type Address,
  type Instruction,
  type KeyPairSigner,
} from "@solana/kit";
import { TOKEN_PROGRAM_ADDRESS } from "@solana-program/token";
import {
  createAssociatedTokenAccount,
  createMintInstructions,
  createShareAccount,
  demoFeedId,
  encodePriceUpdateV2,
  EXAMPLE_PARAMS,
  findShareMintPda,
  findVaultPda,
  findVaultTokenAccountPda,
  getAddAssetInstructionAsync,
  getInitializeVaultInstructionAsync,
  getInKindDepositInstruction,
  getInKindWithdrawInstruction,
  getPricedAccrueFeesInstruction,
  getPricedDepositInstruction,
  getPricedRollInsuranceInstructions,
  getPricedViewInsuranceInstruction,
  getSetTargetWeightsInstruction,
  mintToInstruction,
  shareAccountAddress,
  type VaultParamsArgs,
} from "@ballast/client";

export type Chain = {
  send(instructions: Instruction[]): Promise<void>;
  /** Writes a Pyth `PriceUpdateV2` account (owner: the Pyth receiver). */
  setPriceAccount(account: Address, data: Uint8Array): Promise<void>;
  /** The chain's clock, Unix seconds. */
  now(): Promise<bigint>;
};

/** What wallets show for the demo vault's share token (the share mint's Token-2022 metadata). */
export const DEMO_SHARE_METADATA = {
  name: "Ballast Demo Basket",
  symbol: "bDEMO",
  uri: "",
} as const;

/** Parameters of the demo vault: `Params::EXAMPLE` with a 10M USD cap (1M per deposit), 2-minute
 * prices (15 s for deposits and trades; the local publisher ticks every 5 s), a one-hour timelock,
 * trades of up to 20 % of the vault at most once a minute, and 5× the vault per day of turnover. */
export const DEMO_PARAMS: VaultParamsArgs = {
  ...EXAMPLE_PARAMS,
  depositCap: 10_000_000_000_000n,
  maxDepositPerTx: 1_000_000_000_000n,
  maxPriceAgeSecs: 120,
  timelockSecs: 3_600,
  maxTradeBps: 2_000,
  minRebalanceIntervalSecs: 60,
  turnoverCapBps: 50_000,
  freshPriceAgeSecs: 15,
};

/**
 * The live demo's vault (`make demo`, `make soak`): DEMO_PARAMS with bands narrow enough (1 % of
 * the vault or 4 % of the target) and no volatility widening, so that the demo's mean-reverting
 * prices (`LIVE_DEMO_PRICES`) cross them every few minutes and someone watching sees the vault
 * rebalance. (With half a σ of widening, a 30-minute soak rebalanced only while filling the empty
 * dBTC slot in its first 8 minutes: the widening, ~100 bps at this volatility, kept the drift inside.)
 * docs/benchmarks.md has what the program did.
 */
export const LIVE_DEMO_PARAMS: VaultParamsArgs = {
  ...DEMO_PARAMS,
  driftBandBps: 100,
  relativeDriftBandBps: 400,
  volBandKPct: 0,
};

/**
 * The insured demo vault (`make demo DEMO_ARGS=--insured`, docs/option-replication.md): the live
 * demo's vault with option-based insurance to 0.97 USD per share at `expiresAt` (Unix seconds; the
 * demo takes a day ahead, so the put is near the money and the hedge moves as prices walk): dUSD
 * is the safe asset, dSOL and dBTC the basket; the hedge assumes 60 % volatility (an implied
 * volatility: floor and cap equal) and trades outside the Whalley–Wilmott band for risk aversion 1.
 */
export function insuredDemoParams(expiresAt: bigint): VaultParamsArgs {
  return {
    ...LIVE_DEMO_PARAMS,
    insuranceFloorSharePrice: 970_000_000_000n,
    insuranceExpiresAt: expiresAt,
    insuranceVolMinBps: 6_000,
    insuranceVolMaxBps: 6_000,
    insuranceRiskAversion: 100,
  };
}

/** The live demo's price walk: per-tick volatility (bps) per demo asset and the pull back to the start. */
export const LIVE_DEMO_PRICES = { volBps: [0, 60, 45], reversion: 0.01 } as const;

/** Demo assets: price in USD with 8 decimals (Pyth's usual exponent), confidence in bps. */
export const DEMO_ASSETS = [
  {
    symbol: "dUSD",
    decimals: 6,
    price: 100_000_000n,
    confBps: 0n,
    weightBps: 4_000,
    funding: 1_000_000n,
  },
  {
    symbol: "dSOL",
    decimals: 9,
    price: 15_000_000_000n,
    confBps: 10n,
    weightBps: 3_000,
    funding: 10_000n,
  },
  {
    symbol: "dBTC",
    decimals: 8,
    price: 6_000_000_000_000n,
    confBps: 5n,
    weightBps: 3_000,
    funding: 100n,
  },
] as const;

export type DemoAsset = {
  symbol: string;
  mint: Address;
  decimals: number;
  tokenAccount: Address;
  priceAccount: Address;
  feedId: Uint8Array;
  /** The payer's token account for this asset. */
  wallet: Address;
};

export type DemoVault = {
  vault: Address;
  shareMint: Address;
  feeShares: Address;
  payerShares: Address;
  assets: DemoAsset[];
};

export async function createDemoVault(
  chain: Chain,
  payer: KeyPairSigner,
  vaultId: bigint,
  params: VaultParamsArgs = DEMO_PARAMS,
): Promise<DemoVault> {
  const [vault] = await findVaultPda({ creator: payer.address, vaultId });
  const [shareMint] = await findShareMintPda({ vault });
  // Fees go to their own key so that the payer's shares and the fee shares stay apart.
  const feeRecipient = (await generateKeyPairSigner()).address;
  await chain.send([
    await getInitializeVaultInstructionAsync({
      creator: payer,
      vault,
      feeRecipient,
      vaultId,
      authority: payer.address,
      guardian: payer.address,
      params,
      shareMetadata: DEMO_SHARE_METADATA,
    }),
  ]);
  const assets: DemoAsset[] = [];
  for (const [i, spec] of DEMO_ASSETS.entries()) {
    const mint = await generateKeyPairSigner();
    await chain.send(createMintInstructions(payer, mint, spec.decimals, payer.address));
    const { ata: wallet, instruction } = await createAssociatedTokenAccount(
      payer,
      payer.address,
      mint.address,
    );
    const unit = 10n ** BigInt(spec.decimals);
    await chain.send([
      instruction,
      mintToInstruction(mint.address, wallet, payer, spec.funding * unit),
    ]);
    const feedId = demoFeedId(100 + i);
    await chain.send([
      await getAddAssetInstructionAsync({
        authority: payer,
        payer,
        vault,
        shareMint,
        mint: mint.address,
        priceFeedId: feedId,
        minWeightBps: 0,
        maxWeightBps: 10_000,
        allowFreezeAuthority: false,
      }),
    ]);
    const [tokenAccount] = await findVaultTokenAccountPda({ vault, mint: mint.address });
    const priceAccount = (await generateKeyPairSigner()).address;
    assets.push({
      symbol: spec.symbol,
      mint: mint.address,
      decimals: spec.decimals,
      tokenAccount,
      priceAccount,
      feedId,
      wallet,
    });
  }
  await chain.send([
    getSetTargetWeightsInstruction({
      authority: payer,
      vault,
      shareMint,
      weights: DEMO_ASSETS.map((a) => a.weightBps),
    }),
  ]);
  const { ata: payerShares, instruction: createShares } = await createShareAccount(
    payer,
    payer.address,
    shareMint,
  );
  await chain.send([createShares]);
  const demo = {
    vault,
    shareMint,
    feeShares: await shareAccountAddress(feeRecipient, shareMint),
    payerShares,
    assets,
  };
  await publishDemoPrices(chain, demo);
  return demo;
}

/** Publishes every demo asset's price now, each scaled by `factorsBps[i]` / 10,000 (default 1). */
export async function publishDemoPrices(
  chain: Chain,
  demo: DemoVault,
  factorsBps: readonly bigint[] = [],
): Promise<void> {
  const now = await chain.now();
  for (const [i, spec] of DEMO_ASSETS.entries()) {
    const price = (spec.price * (factorsBps[i] ?? 10_000n)) / 10_000n;
    const data = encodePriceUpdateV2({
      feedId: demo.assets[i].feedId,
      price,
      conf: (price * spec.confBps) / 10_000n,
      exponent: -8,
      publishTime: now,
    });
    await chain.setPriceAccount(demo.assets[i].priceAccount, data);
  }
}

/** The demo vault's assets with their price accounts: what the priced instructions read. */
const priced = (demo: DemoVault) => ({
  assets: demo.assets,
  priceAccounts: demo.assets.map((a) => a.priceAccount),
});

/** The demo vault's assets with the payer's wallets: what the in-kind instructions move. */
const inKind = (demo: DemoVault) => ({
  assets: demo.assets,
  userTokenAccounts: demo.assets.map((a) => a.wallet),
});

/** `deposit` of `amount` of asset `index` from the payer. */
export function demoDeposit(
  demo: DemoVault,
  payer: KeyPairSigner,
  index: number,
  amount: bigint,
  minSharesOut = 0n,
) {
  const asset = demo.assets[index];
  return getPricedDepositInstruction(
    {
      depositor: payer,
      vault: demo.vault,
      shareMint: demo.shareMint,
      feeRecipientShares: demo.feeShares,
      assetMint: asset.mint,
      vaultTokenAccount: asset.tokenAccount,
      depositorAssetAccount: asset.wallet,
      depositorShareAccount: demo.payerShares,
      assetTokenProgram: TOKEN_PROGRAM_ADDRESS,
      amount,
      minSharesOut,
    },
    priced(demo),
  );
}

/** `deposit_in_kind` by the payer of at most `maxAmounts` (slot order). */
export function demoDepositInKind(
  demo: DemoVault,
  payer: KeyPairSigner,
  maxAmounts: bigint[],
  minSharesOut = 0n,
) {
  return getInKindDepositInstruction(
    {
      depositor: payer,
      vault: demo.vault,
      shareMint: demo.shareMint,
      feeRecipientShares: demo.feeShares,
      depositorShareAccount: demo.payerShares,
      maxAmounts,
      minSharesOut,
    },
    inKind(demo),
  );
}

/** `withdraw_in_kind` of `shares` by the payer into its wallets. */
export function demoWithdrawInKind(
  demo: DemoVault,
  payer: KeyPairSigner,
  shares: bigint,
  minAmountsOut: bigint[] = demo.assets.map(() => 0n),
) {
  return getInKindWithdrawInstruction(
    {
      owner: payer,
      vault: demo.vault,
      shareMint: demo.shareMint,
      feeRecipientShares: demo.feeShares,
      ownerShareAccount: demo.payerShares,
      shares,
      minAmountsOut,
    },
    inKind(demo),
  );
}

/** `accrue_fees` (permissionless). */
export function demoAccrueFees(demo: DemoVault) {
  return getPricedAccrueFeesInstruction(
    { vault: demo.vault, shareMint: demo.shareMint, feeRecipientShares: demo.feeShares },
    priced(demo),
  );
}

/** `roll_insurance` by the payer (the demo's authority), with its compute-unit limit. */
export function demoRollInsurance(demo: DemoVault, payer: KeyPairSigner) {
  return getPricedRollInsuranceInstructions(
    { authority: payer, vault: demo.vault, shareMint: demo.shareMint },
    priced(demo),
  );
}

/** `view_insurance` (simulate it): the insured demo vault's hedge as return data. */
export function demoViewInsurance(demo: DemoVault) {
  return getPricedViewInsuranceInstruction(
    { vault: demo.vault, shareMint: demo.shareMint },
    priced(demo),
  );
}
