// Ballast's events from transaction logs (`Program data:` lines), for the web app's activity list
// and the tools. Each event is picked by its 8-byte discriminator from the checked-in IDL and
// decoded by the codec Codama generated for its struct (scripts/generate.ts): no layout is written
// by hand here.
import { getBase64Encoder, type Decoder } from "@solana/kit";
import IDL from "../../../idl/ballast.json" with { type: "json" };
import {
  BALLAST_PROGRAM_ADDRESS,
  getAmmAllowedDecoder,
  getAmmRemovedDecoder,
  getAssetAddedDecoder,
  getAssetRemovedDecoder,
  getAuctionClosedDecoder,
  getAuctionFilledDecoder,
  getAuctionOpenedDecoder,
  getAuthorityAcceptedDecoder,
  getAuthorityProposedDecoder,
  getBreakerClearedDecoder,
  getBreakerTrippedDecoder,
  getChangeCancelledDecoder,
  getChangeQueuedDecoder,
  getClaimRecordedDecoder,
  getClaimRedeemedDecoder,
  getDepositedDecoder,
  getDepositedInKindDecoder,
  getFillBegunDecoder,
  getFeesAccruedDecoder,
  getGuardianSetDecoder,
  getInsuranceEndedDecoder,
  getInsuranceRolledDecoder,
  getParamsSetDecoder,
  getPauseSetDecoder,
  getRebalancedDecoder,
  getShareMetadataSetDecoder,
  getVaultInitializedDecoder,
  getWeightsSetDecoder,
  getWithdrawnInKindDecoder,
  type AmmAllowed,
  type AmmRemoved,
  type AssetAdded,
  type AssetRemoved,
  type AuctionClosed,
  type AuctionFilled,
  type AuctionOpened,
  type AuthorityAccepted,
  type AuthorityProposed,
  type BreakerCleared,
  type BreakerTripped,
  type ChangeCancelled,
  type ChangeQueued,
  type ClaimRecorded,
  type ClaimRedeemed,
  type Deposited,
  type DepositedInKind,
  type FeesAccrued,
  type FillBegun,
  type GuardianSet,
  type InsuranceEnded,
  type InsuranceRolled,
  type ParamsSet,
  type PauseSet,
  type Rebalanced,
  type ShareMetadataSet,
  type VaultInitialized,
  type WeightsSet,
  type WithdrawnInKind,
} from "./generated/index.ts";

/** Every event of the program, by its IDL name, with its generated data type. */
export type BallastEventData = {
  AmmAllowed: AmmAllowed;
  AmmRemoved: AmmRemoved;
  AssetAdded: AssetAdded;
  AssetRemoved: AssetRemoved;
  AuctionClosed: AuctionClosed;
  AuctionFilled: AuctionFilled;
  AuctionOpened: AuctionOpened;
  AuthorityAccepted: AuthorityAccepted;
  AuthorityProposed: AuthorityProposed;
  BreakerCleared: BreakerCleared;
  BreakerTripped: BreakerTripped;
  ChangeCancelled: ChangeCancelled;
  ChangeQueued: ChangeQueued;
  ClaimRecorded: ClaimRecorded;
  ClaimRedeemed: ClaimRedeemed;
  Deposited: Deposited;
  DepositedInKind: DepositedInKind;
  FeesAccrued: FeesAccrued;
  FillBegun: FillBegun;
  GuardianSet: GuardianSet;
  InsuranceEnded: InsuranceEnded;
  InsuranceRolled: InsuranceRolled;
  ParamsSet: ParamsSet;
  PauseSet: PauseSet;
  Rebalanced: Rebalanced;
  ShareMetadataSet: ShareMetadataSet;
  VaultInitialized: VaultInitialized;
  WeightsSet: WeightsSet;
  WithdrawnInKind: WithdrawnInKind;
};
export type BallastEventName = keyof BallastEventData;

/** One decoded event: `name` narrows `data` to that event's generated type. */
export type BallastEvent = {
  [N in BallastEventName]: { name: N; data: BallastEventData[N] };
}[BallastEventName];

/** The generated decoder of each event's struct (the bytes after the discriminator). */
export const EVENT_DECODERS: { [N in BallastEventName]: () => Decoder<BallastEventData[N]> } = {
  AmmAllowed: getAmmAllowedDecoder,
  AmmRemoved: getAmmRemovedDecoder,
  AssetAdded: getAssetAddedDecoder,
  AssetRemoved: getAssetRemovedDecoder,
  AuctionClosed: getAuctionClosedDecoder,
  AuctionFilled: getAuctionFilledDecoder,
  AuctionOpened: getAuctionOpenedDecoder,
  AuthorityAccepted: getAuthorityAcceptedDecoder,
  AuthorityProposed: getAuthorityProposedDecoder,
  BreakerCleared: getBreakerClearedDecoder,
  BreakerTripped: getBreakerTrippedDecoder,
  ChangeCancelled: getChangeCancelledDecoder,
  ChangeQueued: getChangeQueuedDecoder,
  ClaimRecorded: getClaimRecordedDecoder,
  ClaimRedeemed: getClaimRedeemedDecoder,
  Deposited: getDepositedDecoder,
  DepositedInKind: getDepositedInKindDecoder,
  FeesAccrued: getFeesAccruedDecoder,
  FillBegun: getFillBegunDecoder,
  GuardianSet: getGuardianSetDecoder,
  InsuranceEnded: getInsuranceEndedDecoder,
  InsuranceRolled: getInsuranceRolledDecoder,
  ParamsSet: getParamsSetDecoder,
  PauseSet: getPauseSetDecoder,
  Rebalanced: getRebalancedDecoder,
  ShareMetadataSet: getShareMetadataSetDecoder,
  VaultInitialized: getVaultInitializedDecoder,
  WeightsSet: getWeightsSetDecoder,
  WithdrawnInKind: getWithdrawnInKindDecoder,
};

const DISCRIMINATOR_BYTES = 8;
const hex = (bytes: ArrayLike<number>) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

/** The IDL's events: discriminator (hex) -> name. */
export const EVENT_DISCRIMINATORS: ReadonlyMap<string, string> = new Map(
  (IDL as { events: { name: string; discriminator: number[] }[] }).events.map((e) => [
    hex(e.discriminator),
    e.name,
  ]),
);

const isEventName = (name: string): name is BallastEventName => name in EVENT_DECODERS;

/**
 * One event's bytes (discriminator included), or `undefined` when the discriminator is not one of
 * Ballast's events (another program's `Program data:`). Throws when the bytes do not fit the
 * event's generated layout: the IDL and the program disagree.
 */
export function decodeEvent(bytes: Uint8Array): BallastEvent | undefined {
  if (bytes.length < DISCRIMINATOR_BYTES) return undefined;
  const name = EVENT_DISCRIMINATORS.get(hex(bytes.subarray(0, DISCRIMINATOR_BYTES)));
  if (name === undefined || !isEventName(name)) return undefined;
  const misfit = (cause?: unknown) =>
    new Error(`event ${name}: its ${bytes.length} bytes do not fit the IDL's layout`, { cause });
  let read: [unknown, number];
  try {
    read = EVENT_DECODERS[name]().read(bytes, DISCRIMINATOR_BYTES);
  } catch (error) {
    throw misfit(error);
  }
  if (read[1] !== bytes.length) throw misfit();
  return { name, data: read[0] } as BallastEvent;
}

const PROGRAM_DATA = "Program data: ";
const INVOKE = /^Program (\w+) invoke \[\d+\]$/;
const RETURNED = /^Program (\w+) (success|failed)/;

/**
 * Every event `program` (Ballast) wrote in a transaction's log messages, in order. A `Program data:`
 * line belongs to the program the log's invoke/success lines say is running: any program may write
 * bytes that look like a Ballast event (a transaction that merely lists Ballast's id is returned by
 * `getSignaturesForAddress` too), so lines written while another program runs are ignored, never
 * decoded. A log the node truncated ("Log truncated") can no longer be attributed past the cut.
 */
export function eventsFromLogs(
  logs: readonly string[],
  program: string = BALLAST_PROGRAM_ADDRESS,
): BallastEvent[] {
  const running: string[] = [];
  const events: BallastEvent[] = [];
  for (const line of logs) {
    const invoke = INVOKE.exec(line);
    if (invoke) running.push(invoke[1]);
    else if (RETURNED.test(line)) running.pop();
    else if (line.startsWith(PROGRAM_DATA) && running.at(-1) === program) {
      const bytes = new Uint8Array(getBase64Encoder().encode(line.slice(PROGRAM_DATA.length)));
      const event = decodeEvent(bytes);
      if (event) events.push(event);
    }
  }
  return events;
}

/** The first event named `name` in `events`, with its data typed. */
export function findEvent<N extends BallastEventName>(
  events: readonly BallastEvent[],
  name: N,
  where: (data: BallastEventData[N]) => boolean = () => true,
): BallastEventData[N] | undefined {
  for (const e of events) {
    if (e.name === name && where(e.data as BallastEventData[N]))
      return e.data as BallastEventData[N];
  }
  return undefined;
}
