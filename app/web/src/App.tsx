import { useCallback, useEffect, useMemo, useState } from "react";
import { address, createSolanaRpc, type Address, type TransactionSigner } from "@solana/kit";
import {
  SHARE_DECIMALS,
  fetchShareBalance,
  inKindDeposit,
  inKindWithdrawal,
  listVaults,
  quoteDeposit,
  valueOf,
  PAUSE_DEPOSITS,
  PAUSE_REBALANCE,
} from "@ballast/client";
import type { Wallet } from "@wallet-standard/base";
import { loadConfig, type Config } from "./config.ts";
import {
  formatUnits,
  loadActivity,
  loadVault,
  parseUnits,
  perShare,
  usd,
  type Rpc,
  type VaultView,
} from "./vaults.ts";
import { connect, onWalletsChanged, usableWallets, walletSigner } from "./wallet.ts";
import { depositInKindInstructions, depositInstructions, withdrawInstructions } from "./actions.ts";
import { InsuranceCard } from "./Insurance.tsx";
import { BacktestCard, HistoryCard, PositionCard, useIndexer } from "./History.tsx";
import { readable, sendInstructions } from "./send.ts";

const short = (a: string) => `${a.slice(0, 4)}…${a.slice(-4)}`;
const tokenName = (view: VaultView, mint: string) =>
  view.assets.find((a) => a.mint === mint)?.symbol ?? short(mint);
const bps = (value: number | undefined) =>
  value === undefined ? "—" : `${(value / 100).toFixed(2)}%`;

function route(): Address | undefined {
  const match = window.location.hash.match(/^#\/vault\/(\w+)$/);
  return match ? address(match[1]) : undefined;
}

export function App() {
  const [config, setConfig] = useState<Config>();
  const [selected, setSelected] = useState<Address | undefined>(route());
  const [signer, setSigner] = useState<TransactionSigner>();
  useEffect(() => {
    loadConfig().then(setConfig);
    const onHash = () => setSelected(route());
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  const rpc = useMemo(() => (config ? createSolanaRpc(config.rpcUrl) : undefined), [config]);
  return (
    <div className="page">
      <header className="top">
        <a className="brand" href="#/">
          Ballast
        </a>
        <WalletButton signer={signer} onConnect={setSigner} />
      </header>
      <main>
        {!rpc || !config ? (
          <p>Loading…</p>
        ) : selected ? (
          <VaultPage rpc={rpc} config={config} vault={selected} signer={signer} />
        ) : (
          <VaultList rpc={rpc} config={config} />
        )}
      </main>
      <footer className="foot">RPC {config?.rpcUrl ?? "…"}</footer>
    </div>
  );
}

function WalletButton({
  signer,
  onConnect,
}: {
  signer?: TransactionSigner;
  onConnect: (s: TransactionSigner) => void;
}) {
  const [wallets, setWallets] = useState<readonly Wallet[]>(usableWallets());
  const [error, setError] = useState<string>();
  useEffect(() => onWalletsChanged(() => setWallets(usableWallets())), []);
  if (signer)
    return (
      <span className="wallet" aria-label="connected wallet">
        Connected {short(signer.address)}
      </span>
    );
  if (wallets.length === 0) return <span className="wallet muted">No Solana wallet found</span>;
  return (
    <span className="wallet">
      {wallets.map((w) => (
        <button
          key={w.name}
          onClick={() =>
            connect(w).then(
              (account) => onConnect(walletSigner(w, account)),
              (e: unknown) => setError(String(e)),
            )
          }
        >
          Connect {w.name}
        </button>
      ))}
      {error && <span role="alert">{error}</span>}
    </span>
  );
}

/** One indexer summary of a vault: its first and latest share-price readings. */
type VaultSummary = {
  vault: string;
  points: number;
  first: { sharePrice: string } | null;
  last: { sharePrice: string } | null;
};

function VaultList({ rpc, config }: { rpc: Rpc; config: Config }) {
  const [vaults, setVaults] = useState<VaultView[]>();
  const [error, setError] = useState<string>();
  const summaries = useIndexer<VaultSummary[]>(config.indexerUrl, "/vaults");
  useEffect(() => {
    listVaults(rpc)
      // A vault that cannot be read is left out, not the whole list.
      .then((list) => Promise.allSettled(list.map((v) => loadVault(rpc, v, config))))
      .then(
        (read) => setVaults(read.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []))),
        (e: unknown) => setError(readable(e)),
      );
  }, [rpc, config]);
  if (error) return <p role="alert">Could not reach the cluster: {error}</p>;
  if (!vaults) return <p>Looking for vaults…</p>;
  const change = (vault: string) => {
    const s = summaries?.find((x) => x.vault === vault);
    if (!s?.first || !s.last) return "—";
    const [first, last] = [BigInt(s.first.sharePrice), BigInt(s.last.sharePrice)];
    return signedBps(Number(((last - first) * 10_000n) / first));
  };
  return (
    <section aria-labelledby="vaults-title">
      <h1 id="vaults-title">Vaults</h1>
      {vaults.length === 0 ? (
        <p>No vault on this cluster yet.</p>
      ) : (
        <div className="scroll">
          <table className="vault-list" data-testid="vault-list">
            <thead>
              <tr>
                <th scope="col">Vault</th>
                <th scope="col">Share token</th>
                <th scope="col">Value</th>
                <th scope="col">Value per share</th>
                <th scope="col">Since first reading</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {vaults.map((v) => (
                <tr key={v.address}>
                  <td>
                    <a href={`#/vault/${v.address}`} aria-label={`Vault ${v.address}`}>
                      {short(v.address)}
                    </a>
                  </td>
                  <td data-testid="list-share-token">
                    {v.shareToken.name} ({v.shareToken.symbol})
                  </td>
                  <td>{usd(v.totalValue)}</td>
                  <td>{v.sharePrice === undefined ? "—" : perShare(v.sharePrice)}</td>
                  <td data-testid="share-price-change">{change(v.address)}</td>
                  <td>{status(v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** How often an open vault page re-reads the chain. */
const REFRESH_MS = 10_000;

function VaultPage({
  rpc,
  config,
  vault,
  signer,
}: {
  rpc: Rpc;
  config: Config;
  vault: Address;
  signer?: TransactionSigner;
}) {
  const [view, setView] = useState<VaultView>();
  const [error, setError] = useState<string>();
  const [myShares, setMyShares] = useState<bigint>(0n);
  const refresh = useCallback(async () => {
    try {
      const next = await loadVault(rpc, vault, config);
      setView(next);
      if (signer) {
        setMyShares(await fetchShareBalance(rpc, signer.address, next.vault.shareMint));
      }
    } catch (e) {
      setError(readable(e));
    }
  }, [rpc, vault, config, signer]);
  // Live: prices move and cranks rebalance while the page is open.
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  if (error) return <p role="alert">{error}</p>;
  if (!view) return <p>Loading vault…</p>;
  return (
    <section aria-labelledby="vault-title">
      <h1 id="vault-title">
        <span data-testid="share-token-name">{view.shareToken.name}</span>{" "}
        <span className="symbol" data-testid="share-token-symbol">
          {view.shareToken.symbol}
        </span>
      </h1>
      <p className="subtitle">Vault {short(view.address)}</p>
      <dl className="stats">
        <div>
          <dt>Total value</dt>
          <dd data-testid="total-value">{usd(view.totalValue)}</dd>
        </div>
        <div>
          <dt>Value per share</dt>
          <dd data-testid="share-price">
            {view.sharePrice === undefined ? "—" : perShare(view.sharePrice)}
          </dd>
        </div>
        <div>
          <dt>Shares outstanding</dt>
          <dd>{formatUnits(view.supply, SHARE_DECIMALS, 3)}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd data-testid="status">{status(view)}</dd>
        </div>
        <div>
          <dt>Fees</dt>
          <dd>
            {bps(view.vault.params.managementFeeBps)} / yr,{" "}
            {bps(view.vault.params.performanceFeeBps)} of gains
          </dd>
        </div>
        {signer && (
          <div>
            <dt>Your shares</dt>
            <dd data-testid="my-shares">{formatUnits(myShares, SHARE_DECIMALS, 4)}</dd>
          </div>
        )}
      </dl>
      <Composition view={view} />
      {signer && (
        <PositionCard
          indexerUrl={config.indexerUrl}
          view={view}
          owner={signer.address}
          shares={myShares}
        />
      )}
      <HistoryCard indexerUrl={config.indexerUrl} view={view} />
      <BacktestCard backtest={config.backtest} />
      {view.hedge && <InsuranceCard view={view} />}
      {view.auction && <AuctionCard view={view} auction={view.auction} />}
      <Activity rpc={rpc} view={view} />
      {view.vault.pending.kind !== 0 && (
        <p className="notice">
          A governance change is queued until{" "}
          {new Date(Number(view.vault.pending.executableAt) * 1000).toLocaleString()}.
        </p>
      )}
      {signer ? (
        <div className="forms">
          <DepositForm rpc={rpc} view={view} signer={signer} onDone={refresh} />
          <InKindDepositForm rpc={rpc} view={view} signer={signer} onDone={refresh} />
          <WithdrawForm
            rpc={rpc}
            view={view}
            signer={signer}
            myShares={myShares}
            onDone={refresh}
          />
        </div>
      ) : (
        <p className="notice">Connect a wallet to deposit or withdraw.</p>
      )}
    </section>
  );
}

/** Pauses and the circuit breaker in plain words (withdrawals always work). */
function status(view: VaultView): string {
  const paused = view.vault.paused;
  const parts = [
    paused & PAUSE_DEPOSITS ? "Deposits paused" : "",
    paused & PAUSE_REBALANCE ? "Rebalancing paused" : "",
    view.vault.breakerTrippedAt !== 0n
      ? "Circuit breaker tripped: deposits and rebalancing wait"
      : "",
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "Open";
}

/** The asset's base drift band (the tighter of the absolute and relative bands, as the program
 * applies them; volatility widens both on chain) and whether its drift is outside it. */
function bandCell(view: VaultView, a: VaultView["assets"][number]): string {
  const p = view.vault.params;
  const relative = Math.max(1, Math.floor((a.targetBps * p.relativeDriftBandBps) / 10_000));
  // An insured vault's hedge trades outside its Whalley–Wilmott band (at least 10 bps), no relative band.
  const hedgeBand =
    view.hedge && view.hedge.bandBps > 0 ? Math.max(view.hedge.bandBps, 10) : undefined;
  const band = hedgeBand ?? (a.targetBps > 0 ? Math.min(p.driftBandBps, relative) : p.driftBandBps);
  const outside = a.weightBps !== undefined && Math.abs(a.weightBps - a.targetBps) >= band;
  return `±${bps(band)}${outside ? " · outside" : ""}`;
}

function Composition({ view }: { view: VaultView }) {
  const rowHeight = 34;
  return (
    <figure className="composition">
      <figcaption>
        Composition: current weight (solid) against target (outline)
        {view.cppi
          ? " — CPPI targets at the vault's value now: the first asset is the safe one, governance's weights split the rest"
          : ""}
      </figcaption>
      <svg
        role="img"
        aria-label="current and target weights per asset"
        viewBox={`0 0 640 ${view.assets.length * rowHeight + 8}`}
        width="100%"
      >
        {view.assets.map((a, i) => {
          const y = i * rowHeight + 4;
          return (
            <g key={a.mint}>
              <text x="0" y={y + 18} fontSize="12">
                {tokenName(view, a.mint)}
              </text>
              <rect
                x="80"
                y={y + 4}
                width={((a.weightBps ?? 0) / 10_000) * 540}
                height="20"
                className="current"
              />
              <rect
                x="80"
                y={y + 4}
                width={(a.targetBps / 10_000) * 540}
                height="20"
                className="target"
              />
            </g>
          );
        })}
      </svg>
      <table>
        <thead>
          <tr>
            <th scope="col">Asset</th>
            <th scope="col">Holding</th>
            <th scope="col">Value</th>
            <th scope="col">Weight</th>
            <th scope="col">{view.cppi ? "Target (CPPI)" : "Target"}</th>
            <th scope="col">Drift</th>
            <th scope="col">Band</th>
          </tr>
        </thead>
        <tbody>
          {view.assets.map((a) => (
            <tr key={a.mint} data-testid="asset-row">
              <td title={a.mint}>{tokenName(view, a.mint)}</td>
              <td>{formatUnits(a.balance, a.decimals)}</td>
              <td>{usd(a.value)}</td>
              <td>{bps(a.weightBps)}</td>
              <td>{bps(a.targetBps)}</td>
              <td>{a.weightBps === undefined ? "—" : bps(a.weightBps - a.targetBps)}</td>
              <td data-testid="band">{bandCell(view, a)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function useSend(rpc: Rpc, signer: TransactionSigner, onDone: () => void) {
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState(false);
  const run = async (build: () => Promise<Parameters<typeof sendInstructions>[2]>) => {
    setBusy(true);
    try {
      const signature = await sendInstructions(rpc, signer, await build(), setStatus);
      setStatus(`Confirmed: ${short(signature)}`);
      onDone();
    } catch (e) {
      setStatus(e instanceof Error ? e.message : readable(e));
    } finally {
      setBusy(false);
    }
  };
  return { status, busy, run };
}

function Slippage({
  value,
  onChange,
  id,
}: {
  value: string;
  onChange: (v: string) => void;
  id: string;
}) {
  return (
    <label htmlFor={id}>
      Slippage tolerance (%)
      <input id={id} inputMode="decimal" value={value} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

function slippageBps(text: string): bigint {
  const pct = Number(text);
  if (!Number.isFinite(pct) || pct < 0 || pct > 50)
    throw new Error("slippage must be between 0 and 50%");
  return BigInt(Math.round(pct * 100));
}

function DepositForm({
  rpc,
  view,
  signer,
  onDone,
}: {
  rpc: Rpc;
  view: VaultView;
  signer: TransactionSigner;
  onDone: () => void;
}) {
  const [index, setIndex] = useState(0);
  const [amount, setAmount] = useState("");
  const [slippage, setSlippage] = useState("0.5");
  const { status, busy, run } = useSend(rpc, signer, onDone);
  const asset = view.assets[index];
  let preview: { shares: bigint; min: bigint } | undefined;
  let problem: string | undefined;
  try {
    if (amount) {
      if (!asset.price || view.assets.some((a) => !a.price))
        throw new Error("prices are not available");
      const units = parseUnits(amount, asset.decimals);
      const value = valueOf(units, asset.price.low, asset.decimals);
      const total = view.assets.reduce(
        (s, a) => s + valueOf(a.balance, a.price!.high, a.decimals, true),
        0n,
      );
      const p = view.vault.params;
      const shares = quoteDeposit(
        value,
        total,
        view.supply,
        BigInt(p.depositCap),
        BigInt(p.maxDepositPerTx),
        0n,
      );
      preview = { shares, min: (shares * (10_000n - slippageBps(slippage))) / 10_000n };
    }
  } catch (e) {
    problem = e instanceof Error ? e.message : String(e);
  }
  return (
    <form
      className="card"
      aria-labelledby="deposit-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (preview)
          run(() =>
            depositInstructions(
              view,
              signer,
              index,
              parseUnits(amount, asset.decimals),
              preview!.min,
            ),
          );
      }}
    >
      <h2 id="deposit-title">Deposit</h2>
      <label htmlFor="deposit-asset">
        Asset
        <select id="deposit-asset" value={index} onChange={(e) => setIndex(Number(e.target.value))}>
          {view.assets.map((a, i) => (
            <option key={a.mint} value={i}>
              {tokenName(view, a.mint)}
            </option>
          ))}
        </select>
      </label>
      <label htmlFor="deposit-amount">
        Amount
        <input
          id="deposit-amount"
          inputMode="decimal"
          placeholder="0.0"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
      </label>
      <Slippage id="deposit-slippage" value={slippage} onChange={setSlippage} />
      <p className="preview" data-testid="deposit-preview" aria-live="polite">
        {problem
          ? problem
          : preview
            ? `You receive about ${formatUnits(preview.shares, SHARE_DECIMALS, 4)} shares (at least ${formatUnits(preview.min, SHARE_DECIMALS, 4)})`
            : "Enter an amount to preview"}
      </p>
      <button
        type="submit"
        disabled={
          !preview ||
          busy ||
          (view.vault.paused & PAUSE_DEPOSITS) !== 0 ||
          view.vault.breakerTrippedAt !== 0n
        }
      >
        Deposit
      </button>
      {status && (
        <p role="status" data-testid="deposit-status">
          {status}
        </p>
      )}
    </form>
  );
}

function WithdrawForm({
  rpc,
  view,
  signer,
  myShares,
  onDone,
}: {
  rpc: Rpc;
  view: VaultView;
  signer: TransactionSigner;
  myShares: bigint;
  onDone: () => void;
}) {
  const [amount, setAmount] = useState("");
  const [slippage, setSlippage] = useState("0.5");
  const { status, busy, run } = useSend(rpc, signer, onDone);
  let preview: { shares: bigint; amounts: bigint[]; mins: bigint[] } | undefined;
  let problem: string | undefined;
  try {
    if (amount) {
      const shares = parseUnits(amount, SHARE_DECIMALS);
      if (shares > myShares) throw new Error("more shares than you hold");
      const amounts = view.assets.map((a) => inKindWithdrawal(shares, a.balance, view.supply));
      const keep = 10_000n - slippageBps(slippage);
      preview = { shares, amounts, mins: amounts.map((x) => (x * keep) / 10_000n) };
    }
  } catch (e) {
    problem = e instanceof Error ? e.message : String(e);
  }
  return (
    <form
      className="card"
      aria-labelledby="withdraw-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (preview) run(() => withdrawInstructions(view, signer, preview!.shares, preview!.mins));
      }}
    >
      <h2 id="withdraw-title">Withdraw (every asset, pro rata)</h2>
      <label htmlFor="withdraw-shares">
        Shares
        <input
          id="withdraw-shares"
          inputMode="decimal"
          placeholder="0.0"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
      </label>
      <Slippage id="withdraw-slippage" value={slippage} onChange={setSlippage} />
      <p className="preview" data-testid="withdraw-preview" aria-live="polite">
        {problem
          ? problem
          : preview
            ? `You receive ${view.assets.map((a, i) => `${formatUnits(preview!.amounts[i], a.decimals)} ${tokenName(view, a.mint)}`).join(", ")}`
            : "Withdrawals always work, even when the vault is paused."}
      </p>
      <button type="submit" disabled={!preview || busy}>
        Withdraw
      </button>
      {status && (
        <p role="status" data-testid="withdraw-status">
          {status}
        </p>
      )}
    </form>
  );
}

function InKindDepositForm({
  rpc,
  view,
  signer,
  onDone,
}: {
  rpc: Rpc;
  view: VaultView;
  signer: TransactionSigner;
  onDone: () => void;
}) {
  const [amounts, setAmounts] = useState<string[]>(view.assets.map(() => ""));
  const [slippage, setSlippage] = useState("0.5");
  const { status, busy, run } = useSend(rpc, signer, onDone);
  let preview: { shares: bigint; amountsIn: bigint[]; min: bigint; max: bigint[] } | undefined;
  let problem: string | undefined;
  try {
    if (amounts.some((a) => a !== "")) {
      const max = view.assets.map((a, i) => (amounts[i] ? parseUnits(amounts[i], a.decimals) : 0n));
      const quote = inKindDeposit(
        max,
        view.assets.map((a) => a.balance),
        view.supply,
      );
      preview = {
        ...quote,
        max,
        min: (quote.shares * (10_000n - slippageBps(slippage))) / 10_000n,
      };
    }
  } catch (e) {
    problem =
      e instanceof Error
        ? e.message === "EmptyVault"
          ? "the vault holds nothing yet: make a single-asset deposit first"
          : e.message === "ZeroShares"
            ? "too little to mint a share unit"
            : e.message
        : String(e);
  }
  return (
    <form
      className="card"
      aria-labelledby="in-kind-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (preview) run(() => depositInKindInstructions(view, signer, preview!.max, preview!.min));
      }}
    >
      <h2 id="in-kind-title">Deposit every asset (in kind)</h2>
      {view.assets.map((a, i) => (
        <label key={a.mint} htmlFor={`in-kind-${i}`}>
          Up to this much {tokenName(view, a.mint)}
          <input
            id={`in-kind-${i}`}
            inputMode="decimal"
            placeholder="0.0"
            value={amounts[i]}
            onChange={(e) => setAmounts(amounts.map((x, j) => (j === i ? e.target.value : x)))}
          />
        </label>
      ))}
      <Slippage id="in-kind-slippage" value={slippage} onChange={setSlippage} />
      <p className="preview" data-testid="in-kind-preview" aria-live="polite">
        {problem
          ? problem
          : preview
            ? `Takes ${view.assets.map((a, i) => `${formatUnits(preview!.amountsIn[i], a.decimals)} ${tokenName(view, a.mint)}`).join(", ")} for about ${formatUnits(preview.shares, SHARE_DECIMALS, 4)} shares; the rest stays in your wallet`
            : "Brings every asset in the vault's current proportions; no price needed."}
      </p>
      <button
        type="submit"
        disabled={!preview || busy || (view.vault.paused & PAUSE_DEPOSITS) !== 0}
      >
        Deposit in kind
      </button>
      {status && (
        <p role="status" data-testid="in-kind-status">
          {status}
        </p>
      )}
    </form>
  );
}

/** The vault's rebalance auction: what it sells for what, how much is left, and its price. */
function AuctionCard({
  view,
  auction,
}: {
  view: VaultView;
  auction: NonNullable<VaultView["auction"]>;
}) {
  const a = auction.data;
  const [sell, buy] = [view.assets[a.sell], view.assets[a.buy]];
  const name = (asset: VaultView["assets"][number]) => tokenName(view, asset.mint);
  const expires = new Date(Number(a.expiresAt) * 1000).toLocaleTimeString();
  const state = a.remaining === 0n ? "Filled" : auction.live ? "Open" : "Expired";
  return (
    <section className="card" aria-labelledby="auction-title" data-testid="auction">
      <h2 id="auction-title">Rebalance auction</h2>
      <p data-testid="auction-state">
        {state}: selling {formatUnits(a.amount, sell.decimals)} {name(sell)} for {name(buy)},{" "}
        {formatUnits(a.remaining, sell.decimals)} left after {a.fills}{" "}
        {a.fills === 1 ? "fill" : "fills"}
        {a.received > 0n ? ` (${formatUnits(a.received, buy.decimals)} ${name(buy)} received)` : ""}
      </p>
      <p>
        Price: the oracle rate {signedBps(a.premiumBps)} at opening, falling to{" "}
        {signedBps(-a.discountBps)} at {expires}
        {auction.live ? `; now ${signedBps(auction.askFactorBps - 10_000)}` : ""}. Any solver may
        fill it; the program checks what the vault receives.
      </p>
    </section>
  );
}

/** `bps` as a signed percentage of the oracle rate ("+1.00%", "−0.50%"). */
function signedBps(bps: number): string {
  return `${bps < 0 ? "−" : "+"}${(Math.abs(bps) / 100).toFixed(2)}%`;
}

function Activity({ rpc, view }: { rpc: Rpc; view: VaultView }) {
  const [items, setItems] = useState<Awaited<ReturnType<typeof loadActivity>>>();
  useEffect(() => {
    loadActivity(rpc, view.address).then(setItems, () => setItems([]));
  }, [rpc, view]);
  const decimals = (mint: string) => view.assets.find((a) => a.mint === mint)?.decimals ?? 0;
  const describe = (e: Awaited<ReturnType<typeof loadActivity>>[number]["event"]) => {
    switch (e.name) {
      case "Deposited": {
        const d = e.data;
        return `Deposit of ${formatUnits(d.amount, decimals(d.assetMint))} ${tokenName(view, d.assetMint)} for ${formatUnits(d.sharesOut, SHARE_DECIMALS, 4)} shares`;
      }
      case "DepositedInKind":
        return `In-kind deposit for ${formatUnits(e.data.sharesOut, SHARE_DECIMALS, 4)} shares`;
      case "WithdrawnInKind":
        return `Withdrawal of ${formatUnits(e.data.shares, SHARE_DECIMALS, 4)} shares`;
      case "Rebalanced": {
        const r = e.data;
        return `Rebalance: ${formatUnits(r.amountIn, decimals(r.sellMint))} ${tokenName(view, r.sellMint)} into ${formatUnits(r.amountOut, decimals(r.buyMint))} ${tokenName(view, r.buyMint)}, drift ${bps(r.driftBeforeBps)} → ${bps(r.driftAfterBps)}`;
      }
      case "AuctionOpened": {
        const o = e.data;
        return `Auction opened: ${formatUnits(o.amount, decimals(o.sellMint))} ${tokenName(view, o.sellMint)} for ${tokenName(view, o.buyMint)}, drift ${bps(o.driftBps)}`;
      }
      case "AuctionFilled": {
        const f = e.data;
        return `Auction fill: ${formatUnits(f.amountIn, decimals(f.sellMint))} ${tokenName(view, f.sellMint)} into ${formatUnits(f.amountOut, decimals(f.buyMint))} ${tokenName(view, f.buyMint)} at the oracle rate ${signedBps(f.askFactorBps - 10_000)}, drift ${bps(f.driftBeforeBps)} → ${bps(f.driftAfterBps)}`;
      }
      case "AuctionClosed":
        return `Auction closed after ${e.data.fills} ${e.data.fills === 1 ? "fill" : "fills"}`;
    }
  };
  return (
    <section className="card activity" aria-labelledby="activity-title">
      <h2 id="activity-title">Recent activity</h2>
      {!items ? (
        <p>Loading…</p>
      ) : items.length === 0 ? (
        <p>Nothing yet.</p>
      ) : (
        <ul data-testid="activity">
          {items.map((item, i) => (
            <li key={`${item.signature}-${i}`} data-signature={item.signature}>
              {describe(item.event)}
              {item.time ? ` · ${new Date(Number(item.time) * 1000).toLocaleTimeString()}` : ""}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
