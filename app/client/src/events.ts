// Ballast's events from transaction logs (`Program data:` lines), for the web app's activity list
// and the tools. Discriminators come from the checked-in IDL; layouts follow programs/ballast/src/events.rs.
import { getAddressDecoder, getBase64Encoder, type Address } from "@solana/kit";
import IDL from "../../../idl/ballast.json" with { type: "json" };

export type VaultEvent =
  | {
      kind: "deposit";
      vault: Address;
      depositor: Address;
      mint: Address;
      amount: bigint;
      sharesOut: bigint;
    }
  | {
      kind: "depositInKind";
      vault: Address;
      depositor: Address;
      amounts: bigint[];
      sharesOut: bigint;
    }
  | { kind: "withdrawal"; vault: Address; owner: Address; shares: bigint; amounts: bigint[] }
  | {
      kind: "rebalance";
      vault: Address;
      cranker: Address;
      /** The program the swap went through (AMM or route). */
      ammProgram: Address;
      sellMint: Address;
      buyMint: Address;
      amountIn: bigint;
      amountOut: bigint;
      /** The least output the program accepted. */
      minOut: bigint;
      driftBeforeBps: number;
      driftAfterBps: number;
      /** 1: a drift band, 2: the maximum-interval schedule. */
      trigger: number;
      /** What the crank was paid: the share mint or the bounty asset's mint, and the amount in its units. */
      bountyMint: Address;
      bountyAmount: bigint;
    };

const discriminator = (name: string) => {
  const event = (IDL as { events: { name: string; discriminator: number[] }[] }).events.find(
    (e) => e.name === name,
  );
  if (!event) throw new Error(`event ${name} is not in the IDL`);
  return event.discriminator;
};
const KNOWN = {
  Deposited: discriminator("Deposited"),
  DepositedInKind: discriminator("DepositedInKind"),
  WithdrawnInKind: discriminator("WithdrawnInKind"),
  Rebalanced: discriminator("Rebalanced"),
};

/** A little borsh reader over one event's bytes. */
class Reader {
  private offset = 8;
  private view: DataView;
  constructor(private bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  address(): Address {
    const a = getAddressDecoder().decode(this.bytes.subarray(this.offset, this.offset + 32));
    this.offset += 32;
    return a;
  }
  u64(): bigint {
    const v = this.view.getBigUint64(this.offset, true);
    this.offset += 8;
    return v;
  }
  u8(): number {
    const v = this.view.getUint8(this.offset);
    this.offset += 1;
    return v;
  }
  u32(): number {
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }
  u64s(): bigint[] {
    return Array.from({ length: this.u32() }, () => this.u64());
  }
}

const matches = (bytes: Uint8Array, d: number[]) => d.every((b, i) => bytes[i] === b);

/** One event's bytes (discriminator included), or `undefined` for events the activity list skips. */
export function decodeEvent(bytes: Uint8Array): VaultEvent | undefined {
  const r = new Reader(bytes);
  if (matches(bytes, KNOWN.Deposited)) {
    const [vault, depositor, mint, amount] = [r.address(), r.address(), r.address(), r.u64()];
    r.u64(); // value
    r.u64(); // fee_value
    return { kind: "deposit", vault, depositor, mint, amount, sharesOut: r.u64() };
  }
  if (matches(bytes, KNOWN.DepositedInKind))
    return {
      kind: "depositInKind",
      vault: r.address(),
      depositor: r.address(),
      amounts: r.u64s(),
      sharesOut: r.u64(),
    };
  if (matches(bytes, KNOWN.WithdrawnInKind))
    return {
      kind: "withdrawal",
      vault: r.address(),
      owner: r.address(),
      shares: r.u64(),
      amounts: r.u64s(),
    };
  if (matches(bytes, KNOWN.Rebalanced)) {
    const [vault, cranker, ammProgram] = [r.address(), r.address(), r.address()];
    const [sellMint, buyMint, amountIn, amountOut, minOut] = [
      r.address(),
      r.address(),
      r.u64(),
      r.u64(),
      r.u64(),
    ];
    r.u64(); // value before
    r.u64(); // value after
    const [driftBeforeBps, driftAfterBps, trigger] = [r.u32(), r.u32(), r.u8()];
    return {
      kind: "rebalance",
      vault,
      cranker,
      ammProgram,
      sellMint,
      buyMint,
      amountIn,
      amountOut,
      minOut,
      driftBeforeBps,
      driftAfterBps,
      trigger,
      bountyMint: r.address(),
      bountyAmount: r.u64(),
    };
  }
  return undefined;
}

/** Every decodable Ballast event in a transaction's log messages. */
export function eventsFromLogs(logs: readonly string[]): VaultEvent[] {
  return logs
    .filter((l) => l.startsWith("Program data: "))
    .map((l) =>
      decodeEvent(new Uint8Array(getBase64Encoder().encode(l.slice("Program data: ".length)))),
    )
    .filter((e): e is VaultEvent => e !== undefined);
}
