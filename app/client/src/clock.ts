// The cluster's clock, as programs see it: a local Surfpool chain's runs ahead of the wall clock, so
// whatever the chain judges by time (a pool's opening, price freshness) is judged by this.
import { address, getBase64Encoder, type Rpc, type GetAccountInfoApi } from "@solana/kit";

const CLOCK_SYSVAR = address("SysvarC1ock11111111111111111111111111111111");

/** Unix seconds of the Clock sysvar (slot, epoch_start_timestamp, epoch, leader_schedule_epoch, unix_timestamp: i64 at 32). */
export async function clusterUnixTime(rpc: Rpc<GetAccountInfoApi>): Promise<bigint> {
  const clock = (await rpc.getAccountInfo(CLOCK_SYSVAR, { encoding: "base64" }).send()).value;
  if (!clock) throw new Error("the cluster has no Clock sysvar");
  const bytes = getBase64Encoder().encode(clock.data[0]);
  return new DataView(bytes.buffer, bytes.byteOffset).getBigInt64(32, true);
}
