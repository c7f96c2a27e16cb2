// The generated client against the SBF build (target/deploy/ballast.so) in npm litesvm.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { LiteSVM, TransactionMetadata, FailedTransactionMetadata } from "litesvm";
import { generateKeyPairSigner, lamports, type Address, type Instruction, type KeyPairSigner } from "@solana/kit";
import { TOKEN_PROGRAM_ADDRESS, getMintDecoder, getTokenDecoder } from "@solana-program/token";
import {
  BALLAST_ERROR__DEPOSIT_CAP_EXCEEDED,
  BALLAST_PROGRAM_ADDRESS,
  createAssociatedTokenAccount,
  createMintInstructions,
  describeProgramError,
  findShareMintPda,
  findVaultPda,
  getDepositInstruction,
  getInitializeVaultInstructionAsync,
  getVaultDecoder,
  mintToInstruction,
  signInstructions,
} from "../src/index.ts";

const SO_PATH = fileURLToPath(new URL("../../../target/deploy/ballast.so", import.meta.url));

/** One litesvm chain with the program loaded and a funded payer. */
class Chain {
  svm = new LiteSVM();
  constructor(readonly payer: KeyPairSigner) {
    this.svm.addProgram(BALLAST_PROGRAM_ADDRESS, readFileSync(SO_PATH));
    this.svm.airdrop(payer.address, lamports(100_000_000_000n));
  }

  async send(instructions: Instruction[]) {
    this.svm.expireBlockhash();
    const lifetime = { blockhash: this.svm.latestBlockhash(), lastValidBlockHeight: 1_000n };
    return this.svm.sendTransaction(await signInstructions(this.payer, lifetime, instructions));
  }

  async ok(instructions: Instruction[]) {
    const result = await this.send(instructions);
    if (!(result instanceof TransactionMetadata)) assert.fail(`transaction failed: ${result.toString()}\n${result.meta().logs().join("\n")}`);
    return result;
  }

  data(address: Address) {
    const account = this.svm.getAccount(address);
    if (!account.exists) assert.fail(`account ${address} does not exist`);
    return account.data;
  }

  tokenAmount(address: Address) {
    return getTokenDecoder().decode(this.data(address)).amount;
  }

  vault(address: Address) {
    return getVaultDecoder().decode(this.data(address));
  }
}

async function demoVault() {
  const payer = await generateKeyPairSigner();
  const chain = new Chain(payer);
  const mint = await generateKeyPairSigner();
  await chain.ok(createMintInstructions(payer, mint, 6, payer.address));
  const { ata: source, instruction: createSource } = await createAssociatedTokenAccount(payer, payer.address, mint.address);
  await chain.ok([createSource, mintToInstruction(mint.address, source, payer, 5_000_000n)]);

  const vaultId = 42n;
  const vault = await findVaultPda(payer.address, vaultId);
  await chain.ok([
    await getInitializeVaultInstructionAsync({
      creator: payer,
      vault,
      assetMint: mint.address,
      assetTokenProgram: TOKEN_PROGRAM_ADDRESS,
      vaultId,
      authority: payer.address,
      depositCap: 3_000_000n,
      maxDepositPerTx: 2_000_000n,
    }),
  ]);
  const [shareMint] = await findShareMintPda({ vault });
  const { ata: shares, instruction: createShares } = await createAssociatedTokenAccount(payer, payer.address, shareMint);
  await chain.ok([createShares]);
  const vaultTokenAccount = chain.vault(vault).assets[0].tokenAccount;
  const deposit = (amount: bigint, minSharesOut = 0n) =>
    getDepositInstruction({
      depositor: payer,
      vault,
      shareMint,
      assetMint: mint.address,
      vaultTokenAccount,
      depositorAssetAccount: source,
      depositorShareAccount: shares,
      assetTokenProgram: TOKEN_PROGRAM_ADDRESS,
      shareTokenProgram: TOKEN_PROGRAM_ADDRESS,
      amount,
      minSharesOut,
    });
  return { chain, payer, mint, vault, vaultId, shareMint, source, shares, vaultTokenAccount, deposit };
}

test("initialize_vault through the generated client creates the vault and its share mint", async () => {
  const { chain, payer, vault, vaultId, shareMint, mint } = await demoVault();
  const decoded = chain.vault(vault);
  assert.equal(decoded.authority, payer.address);
  assert.equal(decoded.creator, payer.address);
  assert.equal(decoded.vaultId, vaultId);
  assert.equal(decoded.shareMint, shareMint);
  assert.equal(decoded.assetCount, 1);
  assert.equal(decoded.assets[0].mint, mint.address);
  assert.equal(decoded.assets[0].targetWeightBps, 10_000);
  const share = getMintDecoder().decode(chain.data(shareMint));
  assert.equal(share.decimals, 9);
  assert.equal(share.supply, 0n);
  assert.deepEqual(share.mintAuthority, { __option: "Some", value: vault });
});

test("deposit moves tokens into the vault and mints shares at the vault price", async () => {
  const { chain, source, shares, vaultTokenAccount, shareMint, deposit } = await demoVault();
  await chain.ok([deposit(1_500_000n, 1_500_000_000n)]);
  assert.equal(chain.tokenAmount(source), 3_500_000n);
  assert.equal(chain.tokenAmount(vaultTokenAccount), 1_500_000n);
  // First deposit: 1,000 share units per token unit (virtual offset 1e9 shares / 1e6 value).
  assert.equal(chain.tokenAmount(shares), 1_500_000_000n);
  // Second deposit at the same price: 700,000 · (1.5e9 + 1e9) / (1.5e6 + 1e6) = 7e8 exactly.
  await chain.ok([deposit(700_000n)]);
  assert.equal(chain.tokenAmount(shares), 2_200_000_000n);
  assert.equal(getMintDecoder().decode(chain.data(shareMint)).supply, 2_200_000_000n);
});

test("a deposit over the cap is refused with a readable error and changes nothing", async () => {
  const { chain, source, shares, deposit } = await demoVault();
  await chain.ok([deposit(2_000_000n)]);
  const result = await chain.send([deposit(1_000_001n)]);
  assert.ok(result instanceof FailedTransactionMetadata, "over-cap deposit must fail");
  assert.match(result.meta().logs().join("\n"), new RegExp(`Error Number: ${BALLAST_ERROR__DEPOSIT_CAP_EXCEEDED}\\.`));
  assert.equal(describeProgramError(BALLAST_ERROR__DEPOSIT_CAP_EXCEEDED), "deposit would exceed the vault's deposit cap");
  assert.equal(chain.tokenAmount(source), 3_000_000n);
  assert.equal(chain.tokenAmount(shares), 2_000_000_000n);
});

test("the vault PDA helper derives the address the program initialised", async () => {
  const { chain, vault, payer } = await demoVault();
  const account = chain.svm.getAccount(vault);
  assert.ok(account.exists && account.programAddress === BALLAST_PROGRAM_ADDRESS, "the vault is owned by the program");
  assert.notEqual(await findVaultPda(payer.address, 43n), vault);
});
