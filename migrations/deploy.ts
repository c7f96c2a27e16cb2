// Sets up the demo on any RPC endpoint where the Ballast program is deployed: a test mint ("dUSD",
// 6 decimals), the payer funded with it, a demo vault holding it, and a first deposit.
//   make demo                                   (runs this against an embedded Surfpool chain)
//   npx tsx migrations/deploy.ts RPC_URL WS_URL KEYPAIR_JSON   (any chain; the payer pays and governs)
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  createKeyPairSignerFromBytes,
  createSolanaRpc,
  createSolanaRpcSubscriptions,
  generateKeyPairSigner,
  sendAndConfirmTransactionFactory,
  type Instruction,
  type KeyPairSigner,
} from "@solana/kit";
import { TOKEN_PROGRAM_ADDRESS, fetchMint, fetchToken } from "@solana-program/token";
import {
  createAssociatedTokenAccount,
  createMintInstructions,
  fetchVault,
  findShareMintPda,
  findVaultPda,
  getDepositInstruction,
  getInitializeVaultInstructionAsync,
  mintToInstruction,
  signInstructions,
} from "../app/client/src/index.ts";

const DECIMALS = 6;
const UNIT = 10n ** BigInt(DECIMALS);
export const DEMO = {
  vaultId: 1n,
  funding: 1_000_000n * UNIT,
  depositCap: 10_000_000n * UNIT,
  maxDepositPerTx: 1_000_000n * UNIT,
  firstDeposit: 250n * UNIT,
};

export type DemoSummary = Record<string, string>;

export async function deployDemo(rpcUrl: string, wsUrl: string, payer: KeyPairSigner): Promise<DemoSummary> {
  const rpc = createSolanaRpc(rpcUrl);
  const sendAndConfirm = sendAndConfirmTransactionFactory({ rpc, rpcSubscriptions: createSolanaRpcSubscriptions(wsUrl) });
  const send = async (instructions: Instruction[]) => {
    const { value: lifetime } = await rpc.getLatestBlockhash().send();
    await sendAndConfirm(await signInstructions(payer, lifetime, instructions), { commitment: "confirmed" });
  };

  const mint = await generateKeyPairSigner();
  await send(createMintInstructions(payer, mint, DECIMALS, payer.address));
  const { ata: wallet, instruction: createWallet } = await createAssociatedTokenAccount(payer, payer.address, mint.address);
  await send([createWallet, mintToInstruction(mint.address, wallet, payer, DEMO.funding)]);

  const vault = await findVaultPda(payer.address, DEMO.vaultId);
  await send([
    await getInitializeVaultInstructionAsync({
      creator: payer,
      vault,
      assetMint: mint.address,
      assetTokenProgram: TOKEN_PROGRAM_ADDRESS,
      vaultId: DEMO.vaultId,
      authority: payer.address,
      depositCap: DEMO.depositCap,
      maxDepositPerTx: DEMO.maxDepositPerTx,
    }),
  ]);
  const [shareMint] = await findShareMintPda({ vault });
  const vaultTokenAccount = (await fetchVault(rpc, vault)).data.assets[0].tokenAccount;
  const { ata: shares, instruction: createShares } = await createAssociatedTokenAccount(payer, payer.address, shareMint);
  await send([
    createShares,
    getDepositInstruction({
      depositor: payer,
      vault,
      shareMint,
      assetMint: mint.address,
      vaultTokenAccount,
      depositorAssetAccount: wallet,
      depositorShareAccount: shares,
      assetTokenProgram: TOKEN_PROGRAM_ADDRESS,
      shareTokenProgram: TOKEN_PROGRAM_ADDRESS,
      amount: DEMO.firstDeposit,
      minSharesOut: 1n,
    }),
  ]);

  const held = (await fetchToken(rpc, vaultTokenAccount)).data.amount;
  const supply = (await fetchMint(rpc, shareMint)).data.supply;
  const owned = (await fetchToken(rpc, shares)).data.amount;
  return {
    "payer / governance": payer.address,
    "asset mint (dUSD, 6 decimals)": mint.address,
    vault,
    "vault dUSD account": `${vaultTokenAccount} (holds ${held / UNIT} dUSD)`,
    "share mint (9 decimals)": `${shareMint} (supply ${supply})`,
    "payer's shares": `${shares} (${owned} share units)`,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [rpcUrl, wsUrl, keypairPath] = process.argv.slice(2);
  if (!rpcUrl || !wsUrl || !keypairPath) {
    console.error("usage: tsx migrations/deploy.ts RPC_URL WS_URL KEYPAIR_JSON");
    process.exit(2);
  }
  const payer = await createKeyPairSignerFromBytes(Uint8Array.from(JSON.parse(readFileSync(keypairPath, "utf8"))));
  for (const [name, value] of Object.entries(await deployDemo(rpcUrl, wsUrl, payer))) console.log(`${name.padEnd(32)} ${value}`);
}
