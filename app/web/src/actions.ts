// The depositor's transactions, built on the generated client: a priced deposit of one asset and
// an in-kind withdrawal, each creating the wallet's token accounts it needs (idempotently).
import type { Address, Instruction, TransactionSigner } from "@solana/kit";
import {
  associatedTokenAddress,
  createAssociatedTokenAccount,
  createShareAccount,
  getInKindDepositInstruction,
  getInKindWithdrawInstruction,
  getPricedDepositInstruction,
  shareAccountAddress,
} from "@ballast/client";
import type { VaultView } from "./vaults.ts";

export async function depositInstructions(
  view: VaultView,
  signer: TransactionSigner,
  index: number,
  amount: bigint,
  minSharesOut: bigint,
): Promise<Instruction[]> {
  const asset = view.assets[index];
  const { ata: shares, instruction: createShares } = await createShareAccount(
    signer,
    signer.address,
    view.vault.shareMint,
  );
  const source = await associatedTokenAddress(signer.address, asset.mint, asset.tokenProgram);
  const priceAccounts = view.assets.map((a) => {
    if (!a.priceAccount)
      throw new Error("this vault has an asset without a configured price account");
    return a.priceAccount;
  });
  const deposit = getPricedDepositInstruction(
    {
      depositor: signer,
      vault: view.address,
      shareMint: view.vault.shareMint,
      feeRecipientShares: view.vault.feeRecipientShares,
      assetMint: asset.mint,
      vaultTokenAccount: asset.tokenAccount,
      depositorAssetAccount: source,
      depositorShareAccount: shares,
      assetTokenProgram: asset.tokenProgram,
      amount,
      minSharesOut,
    },
    { assets: view.assets, priceAccounts },
  );
  return [createShares, deposit];
}

export async function withdrawInstructions(
  view: VaultView,
  signer: TransactionSigner,
  shares: bigint,
  minAmountsOut: bigint[],
): Promise<Instruction[]> {
  const destinations: Address[] = [];
  const creates: Instruction[] = [];
  for (const asset of view.assets) {
    const { ata, instruction } = await createAssociatedTokenAccount(
      signer,
      signer.address,
      asset.mint,
      asset.tokenProgram,
    );
    destinations.push(ata);
    creates.push(instruction);
  }
  const withdraw = getInKindWithdrawInstruction(
    {
      owner: signer,
      vault: view.address,
      shareMint: view.vault.shareMint,
      feeRecipientShares: view.vault.feeRecipientShares,
      ownerShareAccount: await shareAccountAddress(signer.address, view.vault.shareMint),
      shares,
      minAmountsOut,
    },
    { assets: view.assets, userTokenAccounts: destinations },
  );
  return [...creates, withdraw];
}

export async function depositInKindInstructions(
  view: VaultView,
  signer: TransactionSigner,
  maxAmounts: bigint[],
  minSharesOut: bigint,
): Promise<Instruction[]> {
  const { ata: shares, instruction: createShares } = await createShareAccount(
    signer,
    signer.address,
    view.vault.shareMint,
  );
  const sources: Address[] = [];
  for (const asset of view.assets)
    sources.push(await associatedTokenAddress(signer.address, asset.mint, asset.tokenProgram));
  const deposit = getInKindDepositInstruction(
    {
      depositor: signer,
      vault: view.address,
      shareMint: view.vault.shareMint,
      feeRecipientShares: view.vault.feeRecipientShares,
      depositorShareAccount: shares,
      maxAmounts,
      minSharesOut,
    },
    { assets: view.assets, userTokenAccounts: sources },
  );
  return [createShares, deposit];
}
