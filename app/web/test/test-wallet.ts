// A wallet-standard wallet for the end-to-end test, and only for it: Playwright injects it into the
// page before the app loads, with the demo payer's key in `window.__BALLAST_TEST_WALLET_KEY__`.
// It signs exactly what the app asks, like a user clicking "approve" in a real wallet.
import { registerWallet } from "@wallet-standard/wallet";
import type { Wallet, WalletAccount } from "@wallet-standard/base";
import {
  createKeyPairFromBytes,
  getAddressFromPublicKey,
  getAddressEncoder,
  getTransactionDecoder,
  getTransactionEncoder,
  signBytes,
} from "@solana/kit";

declare global {
  interface Window {
    __BALLAST_TEST_WALLET_KEY__: number[];
  }
}

const ICON =
  "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCAxIDEiLz4=" as const;

async function start() {
  const keys = await createKeyPairFromBytes(Uint8Array.from(window.__BALLAST_TEST_WALLET_KEY__));
  const address = await getAddressFromPublicKey(keys.publicKey);
  const account: WalletAccount = {
    address,
    publicKey: new Uint8Array(getAddressEncoder().encode(address)),
    chains: ["solana:localnet"],
    features: ["solana:signTransaction"],
  };
  const wallet: Wallet = {
    version: "1.0.0",
    name: "Ballast Test Wallet",
    icon: ICON,
    chains: ["solana:localnet"],
    accounts: [account],
    features: {
      "standard:connect": { version: "1.0.0", connect: async () => ({ accounts: [account] }) },
      "standard:events": { version: "1.0.0", on: () => () => {} },
      "solana:signTransaction": {
        version: "1.0.0",
        supportedTransactionVersions: ["legacy", 0],
        signTransaction: async (...inputs: { transaction: Uint8Array }[]) =>
          Promise.all(
            inputs.map(async ({ transaction }) => {
              const decoded = getTransactionDecoder().decode(transaction);
              const signature = await signBytes(keys.privateKey, decoded.messageBytes);
              const signed = {
                ...decoded,
                signatures: { ...decoded.signatures, [address]: signature },
              };
              return { signedTransaction: new Uint8Array(getTransactionEncoder().encode(signed)) };
            }),
          ),
      },
    },
  };
  registerWallet(wallet);
}

start();
