// Pyth `PriceUpdateV2` accounts (the pull oracle's posted prices), encoded in the receiver program's
// layout. Tests load them into litesvm and the demo's price publisher writes them into Surfpool; on a
// real cluster the crank posts Wormhole-verified updates through Pyth's own receiver packages.
import { address, getAddressEncoder, type Address } from "@solana/kit";

/** The Pyth Solana receiver program, owner of every `PriceUpdateV2` account. */
export const PYTH_RECEIVER_PROGRAM_ADDRESS = address("rec5EKMGg6MxZYaMdyBfgwp4d5rB9T1VQH5pJv5LtFJ");
/** `PriceUpdateV2::LEN` in pyth-solana-receiver-sdk (the verification level is sized for its larger variant). */
export const PRICE_UPDATE_V2_SIZE = 134;
/** Anchor discriminator: the first 8 bytes of sha256("account:PriceUpdateV2"). */
const DISCRIMINATOR = [34, 241, 35, 99, 157, 126, 244, 205];
/** Borsh variant index of `VerificationLevel::Full` (the only level Ballast accepts). */
const FULLY_VERIFIED = 1;

export type PriceUpdate = {
  /** The 32-byte Pyth feed id the vault's asset slot pins. */
  feedId: Uint8Array;
  /** Mantissa; USD per whole token = price · 10^exponent. */
  price: bigint;
  /** Confidence interval (one side), same exponent. */
  conf: bigint;
  exponent: number;
  /** Unix seconds. */
  publishTime: bigint;
  emaPrice?: bigint;
  writeAuthority?: Address;
};

export function encodePriceUpdateV2(u: PriceUpdate): Uint8Array {
  if (u.feedId.length !== 32) throw new Error("a Pyth feed id is 32 bytes");
  const bytes = new Uint8Array(PRICE_UPDATE_V2_SIZE);
  const view = new DataView(bytes.buffer);
  bytes.set(DISCRIMINATOR, 0);
  bytes.set(getAddressEncoder().encode(u.writeAuthority ?? PYTH_RECEIVER_PROGRAM_ADDRESS), 8);
  bytes[40] = FULLY_VERIFIED;
  bytes.set(u.feedId, 41);
  view.setBigInt64(73, u.price, true);
  view.setBigUint64(81, u.conf, true);
  view.setInt32(89, u.exponent, true);
  view.setBigInt64(93, u.publishTime, true);
  view.setBigInt64(101, u.publishTime - 1n, true); // prev_publish_time
  view.setBigInt64(109, u.emaPrice ?? u.price, true);
  view.setBigUint64(117, u.conf, true); // ema_conf
  view.setBigUint64(125, 0n, true); // posted_slot
  return bytes;
}

/** A feed id made of one repeated byte: enough for tests and the demo's local feeds. */
export function demoFeedId(n: number): Uint8Array {
  return new Uint8Array(32).fill(n);
}

/** The fields a reader needs from a `PriceUpdateV2` account (no checks: the program does those). */
export function decodePriceUpdateV2(data: Uint8Array): {
  price: bigint;
  conf: bigint;
  exponent: number;
  publishTime: bigint;
  emaPrice: bigint;
} {
  if (data.length < PRICE_UPDATE_V2_SIZE - 1 || DISCRIMINATOR.some((b, i) => data[i] !== b))
    throw new Error("not a PriceUpdateV2 account");
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return {
    price: view.getBigInt64(73, true),
    conf: view.getBigUint64(81, true),
    exponent: view.getInt32(89, true),
    publishTime: view.getBigInt64(93, true),
    emaPrice: view.getBigInt64(109, true),
  };
}

/** Lower-case hex of a feed id, the key the apps' config uses. */
export function feedIdHex(feedId: ArrayLike<number>): string {
  return Array.from(feedId, (b) => b.toString(16).padStart(2, "0")).join("");
}
