// The crank's Orca Whirlpool leg, built without Orca's program (it is on no registry): a Whirlpool
// and its tick arrays written on the local chain (Surfpool) with Orca's own account codecs, the
// crank's `swap_v2` accounts compared with Orca's own instruction builder for the same pool, its
// quote with the constant-liquidity swap worked out by hand, and the whole `rebalance` it builds
// simulated against the real Ballast program (which refuses it: the pool is not on the vault's list).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AccountRole,
  createKeyPairSignerFromBytes,
  createNoopSigner,
  createSolanaRpc,
  generateKeyPairSigner,
  type Address,
} from "@solana/kit";
import { MEMO_PROGRAM_ADDRESS } from "@solana-program/memo";
import {
  WHIRLPOOL_PROGRAM_ADDRESS,
  getFixedTickArrayEncoder,
  getOracleAddress,
  getSwapV2Instruction,
  getTickArrayAddress,
  getWhirlpoolAddress,
  getWhirlpoolEncoder,
} from "@orca-so/whirlpools-client";
import { sqrtPriceToTickIndex } from "@orca-so/whirlpools-core";
import {
  BALLAST_ERROR__POOL_NOT_ALLOWED,
  BALLAST_PROGRAM_ADDRESS,
  CLUSTERS,
  describeProgramError,
  fetchVault,
  readableError,
  type AllowedPool,
  ADAPTER,
} from "@ballast/client";
import { deployDemo, setAccount } from "../../../migrations/deploy.ts";
import { startSurfnet } from "../../../migrations/surfnet.ts";
import { preview, rebalanceInstructions, simulate } from "../src/crank.ts";
import { legFor } from "../src/swap/index.ts";

const Q64 = 1n << 64n;
const FEE_RATE = 3_000; // hundredths of a bp: 0.3 %
const TICK_SPACING = 64;
const LIQUIDITY = 50_000_000_000n;

test(
  "the crank's Whirlpool leg: Orca's swap_v2 accounts for the pool, tick arrays in the swap's direction, Orca's quote",
  { timeout: 120_000 },
  async () => {
    const chain = startSurfnet();
    try {
      const payer = await createKeyPairSignerFromBytes(Uint8Array.from(chain.payerSecretKey));
      const { demo } = await deployDemo(chain.rpcUrl, chain.wsUrl, payer);
      const rpc = createSolanaRpc(chain.rpcUrl);
      const vault = (await fetchVault(rpc, demo.vault)).data;
      const prices = demo.assets.map((a) => a.priceAccount);
      const plan = await preview(rpc, payer.address, demo.vault, vault, prices);
      assert.deepEqual([plan.refusal, plan.sell, plan.buy], [0, 0, 2], "sell dUSD, buy dBTC");
      const [usd, btc] = [vault.assets[0], vault.assets[2]];

      // A dUSD/dBTC Whirlpool (A = dUSD) at the oracle's price: 1 dUSD = 1e6 units buys 1/60,000 dBTC = 1,666.67 units.
      const sqrtPrice = BigInt(Math.floor(Math.sqrt(1_666.666_666 / 1e6) * 2 ** 64));
      const tickCurrentIndex = sqrtPriceToTickIndex(sqrtPrice);
      const [pool] = await getWhirlpoolAddress(usd.mint, btc.mint, TICK_SPACING);
      const [vaultA, vaultB, config] = await Promise.all(
        [0, 1, 2].map(async () => (await generateKeyPairSigner()).address),
      );
      const zeros = (n: number) => new Uint8Array(n);
      const whirlpool = getWhirlpoolEncoder().encode({
        whirlpoolsConfig: config,
        whirlpoolBump: new Uint8Array([255]),
        tickSpacing: TICK_SPACING,
        feeTierIndexSeed: new Uint8Array([TICK_SPACING, 0]),
        feeRate: FEE_RATE,
        protocolFeeRate: 300,
        liquidity: LIQUIDITY,
        sqrtPrice,
        tickCurrentIndex,
        protocolFeeOwedA: 0,
        protocolFeeOwedB: 0,
        tokenMintA: usd.mint,
        tokenVaultA: vaultA,
        feeGrowthGlobalA: 0,
        tokenMintB: btc.mint,
        tokenVaultB: vaultB,
        feeGrowthGlobalB: 0,
        rewardLastUpdatedTimestamp: 0,
        rewardInfos: [0, 1, 2].map(() => ({
          mint: config,
          vault: config,
          extension: zeros(32),
          emissionsPerSecondX64: 0,
          growthGlobalX64: 0,
        })),
      });
      await setAccount(chain.rpcUrl, pool, new Uint8Array(whirlpool), WHIRLPOOL_PROGRAM_ADDRESS);
      // Selling A moves the price down: the arrays at and below the current tick, 88 ticks × 64 apart.
      const span = 88 * TICK_SPACING;
      const first = Math.floor(tickCurrentIndex / span) * span;
      const starts = [first, first - span, first - 2 * span];
      assert.deepEqual(starts, [-67_584, -73_216, -78_848]);
      const tickArrays: Address[] = [];
      for (const start of starts) {
        const [address] = await getTickArrayAddress(pool, start, WHIRLPOOL_PROGRAM_ADDRESS);
        const ticks = Array.from({ length: 88 }, () => ({
          initialized: false,
          liquidityNet: 0,
          liquidityGross: 0,
          feeGrowthOutsideA: 0,
          feeGrowthOutsideB: 0,
          rewardGrowthsOutside: [0, 0, 0],
        }));
        await setAccount(
          chain.rpcUrl,
          address,
          new Uint8Array(
            getFixedTickArrayEncoder().encode({ startTickIndex: start, ticks, whirlpool: pool }),
          ),
          WHIRLPOOL_PROGRAM_ADDRESS,
        );
        tickArrays.push(address);
      }

      const entry: AllowedPool = {
        program: WHIRLPOOL_PROGRAM_ADDRESS,
        pool,
        mintA: usd.mint,
        mintB: btc.mint,
        adapter: ADAPTER.orcaWhirlpool,
        pad: 0,
        maxSlippageBps: 0,
        reserved: new Uint8Array(4),
      };
      const leg = await legFor(
        { rpc, vault, entry, plan, sell: usd, buy: btc, now: 0n },
        CLUSTERS.localnet,
      );
      assert.ok(!("skip" in leg), "skip" in leg ? leg.skip : "");

      // Orca's own builder for the same swap: the same 15 accounts, in order, with the same roles,
      // except that the vault's swap authority does not sign at the top level (Ballast signs by CPI).
      const [oracle] = await getOracleAddress(pool, WHIRLPOOL_PROGRAM_ADDRESS);
      const orca = getSwapV2Instruction({
        tokenProgramA: usd.tokenProgram,
        tokenProgramB: btc.tokenProgram,
        memoProgram: MEMO_PROGRAM_ADDRESS,
        tokenAuthority: createNoopSigner(vault.swapAuthority),
        whirlpool: pool,
        tokenMintA: usd.mint,
        tokenMintB: btc.mint,
        tokenOwnerAccountA: usd.tokenAccount,
        tokenVaultA: vaultA,
        tokenOwnerAccountB: btc.tokenAccount,
        tokenVaultB: vaultB,
        tickArray0: tickArrays[0],
        tickArray1: tickArrays[1],
        tickArray2: tickArrays[2],
        oracle,
        amount: plan.amountIn,
        otherAmountThreshold: plan.minOut,
        sqrtPriceLimit: 0n,
        amountSpecifiedIsInput: true,
        aToB: true,
        remainingAccountsInfo: null,
      });
      assert.equal(leg.ammProgram, WHIRLPOOL_PROGRAM_ADDRESS);
      assert.deepEqual(
        leg.accounts.map((a) => a.address),
        orca.accounts.map((a) => a.address),
      );
      assert.deepEqual(
        leg.accounts.map((a) => a.role),
        orca.accounts.map((a) =>
          a.address === vault.swapAuthority ? AccountRole.READONLY : a.role,
        ),
      );
      assert.equal(
        orca.accounts[3].role,
        AccountRole.READONLY_SIGNER,
        "Orca's builder has the token authority sign",
      );

      // The quote: constant liquidity across the three empty arrays. After the 0.3 % fee (rounded up),
      // √P' = L·√P / (L + Δx·√P) and out = L·(√P − √P'), in Q64.64.
      const dx = plan.amountIn - (plan.amountIn * BigInt(FEE_RATE) + 999_999n) / 1_000_000n;
      const next =
        (LIQUIDITY * sqrtPrice * Q64 + (LIQUIDITY * Q64 + dx * sqrtPrice) - 1n) /
        (LIQUIDITY * Q64 + dx * sqrtPrice);
      const byHand = (LIQUIDITY * (sqrtPrice - next)) / Q64;
      assert.ok(
        leg.quote >= byHand - 1n && leg.quote <= byHand,
        `Orca's quote ${leg.quote}, by hand ${byHand}`,
      );
      console.log(
        `# Whirlpool quote ${leg.quote} dBTC units for ${plan.amountIn} dUSD units (by hand ${byHand}, min_out ${leg.minOut})`,
      );

      // The rebalance the crank would send carries exactly these accounts after the priced ones; the
      // real Ballast program refuses it by its own name: the vault has not allow-listed this pool.
      const { createBountyAccount, rebalance } = await rebalanceInstructions(
        payer,
        demo.vault,
        vault,
        prices,
        leg,
      );
      assert.equal(rebalance.programAddress, BALLAST_PROGRAM_ADDRESS);
      assert.deepEqual(rebalance.accounts.slice(-15), leg.accounts);
      const result = await simulate(rpc, payer.address, [createBountyAccount, rebalance]);
      assert.equal(
        readableError(result.err, result.logs ?? undefined),
        `refused by the program: ${describeProgramError(BALLAST_ERROR__POOL_NOT_ALLOWED)} (${BALLAST_ERROR__POOL_NOT_ALLOWED})`,
      );
    } finally {
      chain.stop();
    }
  },
);
