// The vault's share token: a Token-2022 mint (PDA of the vault) that carries its own name, symbol
// and URI (metadata pointer + token-metadata extensions), so wallets name it. Share accounts are
// therefore Token-2022 accounts; docs/vault.md ("Share token metadata") says why.
import { fetchEncodedAccount, type Address, type TransactionSigner } from "@solana/kit";
import {
  TOKEN_2022_PROGRAM_ADDRESS,
  fetchMaybeToken,
  getMintDecoder,
  type Extension,
} from "@solana-program/token-2022";
import {
  MAX_SHARE_NAME_LEN,
  MAX_SHARE_SYMBOL_LEN,
  MAX_SHARE_URI_LEN,
} from "./generated/constants.ts";
import { associatedTokenAddress, createAssociatedTokenAccount } from "./tokens.ts";

/** The program every vault's share mint lives under (`initialize_vault` creates it there). */
export const SHARE_TOKEN_PROGRAM_ADDRESS = TOKEN_2022_PROGRAM_ADDRESS;

/** A character the program refuses in the fields (`share_metadata.rs`: controls, and
 * `is_invisible_format`): one a wallet shows as nothing, or that reorders what follows. */
const hidden = (c: number) =>
  c <= 0x1f ||
  (c >= 0x7f && c <= 0x9f) ||
  c === 0xad ||
  c === 0x34f ||
  c === 0x61c ||
  (c >= 0x200b && c <= 0x200f) ||
  (c >= 0x202a && c <= 0x202e) ||
  (c >= 0x2060 && c <= 0x2069) ||
  c === 0xfeff;

/**
 * What `initialize_vault` and `set_share_metadata` would refuse with `ShareMetadataInvalid`, per
 * field (lengths in UTF-8 bytes, the program's bounds from the IDL); empty when they are accepted.
 */
export function shareMetadataProblems(m: { name: string; symbol: string; uri: string }) {
  const bytes = (s: string) => new TextEncoder().encode(s).length;
  const problems: { field: "name" | "symbol" | "uri"; problem: string }[] = [];
  const check = (field: "name" | "symbol" | "uri", min: number, max: number) => {
    const n = bytes(m[field]);
    if (n < min || n > max)
      problems.push({ field, problem: `must be ${min} to ${max} bytes of UTF-8, got ${n}` });
    else if ([...m[field]].some((ch) => hidden(ch.codePointAt(0) ?? 0)))
      problems.push({ field, problem: "must not hold control or invisible characters" });
  };
  check("name", 1, MAX_SHARE_NAME_LEN);
  check("symbol", 1, MAX_SHARE_SYMBOL_LEN);
  check("uri", 0, MAX_SHARE_URI_LEN);
  return problems;
}

/** `owner`'s associated account of a vault's share mint (a Token-2022 account). */
export function shareAccountAddress(owner: Address, shareMint: Address): Promise<Address> {
  return associatedTokenAddress(owner, shareMint, SHARE_TOKEN_PROGRAM_ADDRESS);
}

/** Creates `owner`'s associated share account if it does not exist yet (idempotent). */
export function createShareAccount(payer: TransactionSigner, owner: Address, shareMint: Address) {
  return createAssociatedTokenAccount(payer, owner, shareMint, SHARE_TOKEN_PROGRAM_ADDRESS);
}

/** The share token as a wallet reads it: supply (share units) and the mint's own metadata. */
export type ShareToken = {
  supply: bigint;
  name: string;
  symbol: string;
  uri: string;
  /** Who may change the fields: the share mint itself (only governance's `set_share_metadata` signs for it). */
  updateAuthority: Address | undefined;
};

type TokenMetadataExtension = Extract<Extension, { __kind: "TokenMetadata" }>;
type MetadataPointerExtension = Extract<Extension, { __kind: "MetadataPointer" }>;
const some = <T>(o: { __option: "Some"; value: T } | { __option: "None" }) =>
  o.__option === "Some" ? o.value : undefined;

/**
 * Decodes the share mint `shareMint`'s bytes with Token-2022's decoder (extensions included), and
 * refuses a mint that is not a Ballast share mint's shape: the pointer, the metadata's mint and its
 * update authority must all name `shareMint` itself (what `initialize_vault` writes), so a name
 * copied into some other mint is not shown as a vault's.
 */
export function decodeShareToken(data: Uint8Array, shareMint: Address): ShareToken {
  const mint = getMintDecoder().decode(data);
  const extensions = mint.extensions.__option === "Some" ? mint.extensions.value : [];
  const metadata = extensions.find(
    (e): e is TokenMetadataExtension => e.__kind === "TokenMetadata",
  );
  const pointer = extensions.find(
    (e): e is MetadataPointerExtension => e.__kind === "MetadataPointer",
  );
  if (!metadata || !pointer) throw new Error(`${shareMint} carries no token metadata`);
  const updateAuthority = some(metadata.updateAuthority);
  if (
    some(pointer.metadataAddress) !== shareMint ||
    metadata.mint !== shareMint ||
    updateAuthority !== shareMint
  )
    throw new Error(`${shareMint} is not a share mint that names itself`);
  return {
    supply: mint.supply,
    name: metadata.name,
    symbol: metadata.symbol,
    uri: metadata.uri,
    updateAuthority,
  };
}

/** Reads the share mint as a wallet does (a Token-2022 account, checked by `decodeShareToken`). */
export async function fetchShareToken(
  rpc: Parameters<typeof fetchMaybeToken>[0],
  shareMint: Address,
): Promise<ShareToken> {
  const account = await fetchEncodedAccount(rpc, shareMint);
  if (!account.exists) throw new Error(`share mint ${shareMint} does not exist`);
  if (account.programAddress !== SHARE_TOKEN_PROGRAM_ADDRESS)
    throw new Error(`${shareMint} is not a Token-2022 mint`);
  return decodeShareToken(account.data, shareMint);
}

/** Shares held by `owner`'s associated share account (0 when it does not exist). */
export async function fetchShareBalance(
  rpc: Parameters<typeof fetchMaybeToken>[0],
  owner: Address,
  shareMint: Address,
): Promise<bigint> {
  const account = await fetchMaybeToken(rpc, await shareAccountAddress(owner, shareMint));
  return account.exists ? account.data.amount : 0n;
}
