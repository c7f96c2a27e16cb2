// Raydium CPMM pools in Raydium's own layout (its program is on no registry, so the accounts are
// written here field by field in the order of its Rust structs: `PoolState` 637 bytes, `AmmConfig`
// 236), decoded by the client, and quoted with its fee rules; figures worked out by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSigner, getAddressEncoder, type Address } from "@solana/kit";
import { CLUSTERS, cpmmQuote, decodeCpmmPool } from "../src/index.ts";

const RAYDIUM = CLUSTERS["mainnet-beta"].programs.raydiumCpmm[0];

/** Little-endian bytes of `fields` in order: a number of bytes and a value (bigint) or an address. */
function bytes(fields: [number, bigint | Address][]): Uint8Array {
  const out: number[] = [];
  for (const [size, value] of fields) {
    if (typeof value === "string") out.push(...getAddressEncoder().encode(value));
    else for (let i = 0; i < size; i++) out.push(Number((value >> BigInt(8 * i)) & 0xffn));
  }
  return new Uint8Array(out);
}
const key = async () => (await generateKeyPairSigner()).address;
/** An SPL token account holding `amount` (the amount is the u64 at byte 64 of 165). */
const tokenAccount = (amount: bigint) =>
  bytes([
    [64, 0n],
    [8, amount],
    [93, 0n],
  ]);

async function raydiumPool(o: {
  creatorFeeOn: number;
  enableCreatorFee: boolean;
  held: [bigint, bigint, bigint];
}) {
  const k = await Promise.all(Array.from({ length: 10 }, key));
  const [protocol, fund, creator] = o.held;
  // PoolState: discriminator, 10 pubkeys, auth_bump, status, lp/mint0/mint1 decimals, lp_supply,
  // protocol_fees 0/1, fund_fees 0/1, open_time, recent_epoch, creator_fee_on, enable_creator_fee,
  // padding1 [u8; 6], creator_fees 0/1, padding [u64; 28].
  const pool = bytes([
    [8, 0n],
    ...k.map((a): [number, Address] => [32, a]),
    [1, 255n],
    [1, 0n],
    [1, 9n],
    [1, 6n],
    [1, 9n],
    [8, 0n],
    [8, protocol],
    [8, 0n],
    [8, fund],
    [8, 0n],
    [8, 1_700_000_000n],
    [8, 0n],
    [1, BigInt(o.creatorFeeOn)],
    [1, o.enableCreatorFee ? 1n : 0n],
    [6, 0n],
    [8, creator],
    [8, 0n],
    [224, 0n],
  ]);
  // AmmConfig: discriminator, bump, disable_create_pool, index u16, trade/protocol/fund fee rates,
  // create_pool_fee, protocol_owner, fund_owner, creator_fee_rate, padding [u64; 15].
  const config = bytes([
    [8, 0n],
    [1, 254n],
    [1, 0n],
    [2, 0n],
    [8, 2_500n],
    [8, 120_000n],
    [8, 40_000n],
    [8, 0n],
    [32, k[0]],
    [32, k[0]],
    [8, 1_000n],
    [120, 0n],
  ]);
  return { k, pool, config };
}

test("a pool in Raydium's layout decodes to its accounts, its reserves net of held fees and its rates", async () => {
  const { k, pool, config } = await raydiumPool({
    creatorFeeOn: 0,
    enableCreatorFee: true,
    held: [3_000n, 1_000n, 1_000n],
  });
  assert.equal(pool.length, 637);
  assert.equal(config.length, 236);
  const state = await decodeCpmmPool(RAYDIUM, k[9], {
    pool,
    config,
    vault0: tokenAccount(1_000_005_000n),
    vault1: tokenAccount(2_000_000_000n),
  });
  assert.deepEqual(
    [
      state.pool.config,
      state.pool.token0Vault,
      state.pool.token1Vault,
      state.pool.token0Mint,
      state.pool.token1Mint,
      state.pool.token0Program,
      state.pool.token1Program,
      state.pool.observation,
    ],
    [k[0], k[2], k[3], k[5], k[6], k[7], k[8], k[9]],
  );
  assert.deepEqual(state.fees, {
    layout: "raydium",
    tradeFeeRate: 2_500n,
    creatorFeeRate: 1_000n,
    creatorFeeOn: 0,
  });
  assert.equal(
    state.reserve0,
    1_000_000_000n,
    "protocol, fund and creator fees held in the vault are not the curve's",
  );
  assert.equal(state.openTime, 1_700_000_000n);
  assert.ok(state.swapsEnabled);
  // The crates.io build's 242-byte config under Raydium's id is refused, not misread.
  await assert.rejects(
    () =>
      decodeCpmmPool(RAYDIUM, k[9], {
        pool,
        config: new Uint8Array(242),
        vault0: tokenAccount(1n),
        vault1: tokenAccount(1n),
      }),
    /AmmConfig of 242 bytes is not Raydium's \(236\)/,
  );
  await assert.rejects(
    () =>
      decodeCpmmPool(k[1], k[9], {
        pool,
        config,
        vault0: tokenAccount(1n),
        vault1: tokenAccount(1n),
      }),
    /is no Raydium CPMM build this client knows/,
  );
});

test("Raydium's quote: 0.25 % trade fee rounded up on the input, the creator fee on the input or the output as the pool says", async () => {
  const quote = async (creatorFeeOn: number, enableCreatorFee: boolean, sellToken0 = true) => {
    const { k, pool, config } = await raydiumPool({
      creatorFeeOn,
      enableCreatorFee,
      held: [0n, 0n, 0n],
    });
    const [v0, v1] = sellToken0
      ? [1_000_000_000n, 2_000_000_000n]
      : [2_000_000_000n, 1_000_000_000n];
    const state = await decodeCpmmPool(RAYDIUM, k[9], {
      pool,
      config,
      vault0: tokenAccount(v0),
      vault1: tokenAccount(v1),
    });
    return cpmmQuote(state, sellToken0 ? state.pool.token0Mint : state.pool.token1Mint, 1_000_000n);
  };
  // 1,000,000 in against reserves 1e9 / 2e9: fee 2,500 → 997,500 in → 1,993,011 out.
  assert.equal(await quote(0, false), 1_993_011n);
  // Creator fee 0.1 % on both tokens (taken from the input): fee 3,500 → 1,991,015.
  assert.equal(await quote(0, true), 1_991_015n);
  // Only on token 1, selling token 0: the creator fee comes off the output, 1,993,011 − 1,994 = 1,991,017.
  assert.equal(await quote(2, true), 1_991_017n);
  // Only on token 0, selling token 1: also off the output.
  assert.equal(await quote(1, true, false), 1_991_017n);
});
