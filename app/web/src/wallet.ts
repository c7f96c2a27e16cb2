// Wallets through wallet-standard: any installed wallet that can connect and sign Solana
// transactions. The page never sees a private key; it asks the wallet to sign.
import { getWallets } from "@wallet-standard/app";
import type { Wallet, WalletAccount } from "@wallet-standard/base";
import { StandardConnect, type StandardConnectFeature } from "@wallet-standard/features";
import {
  SolanaSignTransaction,
  type SolanaSignTransactionFeature,
} from "@solana/wallet-standard-features";
import {
  address,
  getTransactionDecoder,
  getTransactionEncoder,
  type Transaction,
  type TransactionPartialSigner,
} from "@solana/kit";

export function usableWallets(): Wallet[] {
  return getWallets()
    .get()
    .filter(
      (w) =>
        StandardConnect in w.features &&
        SolanaSignTransaction in w.features &&
        w.chains.some((c) => c.startsWith("solana:")),
    );
}

export function onWalletsChanged(listener: () => void): () => void {
  const wallets = getWallets();
  const off = [wallets.on("register", listener), wallets.on("unregister", listener)];
  return () => off.forEach((f) => f());
}

export async function connect(wallet: Wallet): Promise<WalletAccount> {
  const { accounts } = await (
    wallet.features[StandardConnect] as StandardConnectFeature[typeof StandardConnect]
  ).connect();
  const account = accounts[0];
  if (!account) throw new Error(`${wallet.name} did not share an account`);
  return account;
}

/** A kit signer that asks the wallet to sign each transaction. */
export function walletSigner(wallet: Wallet, account: WalletAccount): TransactionPartialSigner {
  const feature = wallet.features[
    SolanaSignTransaction
  ] as SolanaSignTransactionFeature[typeof SolanaSignTransaction];
  const signer = address(account.address);
  return {
    address: signer,
    async signTransactions(transactions: readonly Transaction[]) {
      const outputs = await feature.signTransaction(
        ...transactions.map((t) => ({
          account,
          transaction: new Uint8Array(getTransactionEncoder().encode(t)),
        })),
      );
      return outputs.map(({ signedTransaction }) => {
        const signature = getTransactionDecoder().decode(signedTransaction).signatures[signer];
        if (!signature) throw new Error("the wallet did not sign");
        return { [signer]: signature };
      });
    },
  };
}
