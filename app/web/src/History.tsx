// The vault's record from the indexer (app/indexer, its /history and /positions routes): the share
// price over time as a chart (uPlot) with its readings as a table, what rebalancing and fees cost,
// the breaker's record, and the connected depositor's position. Figures the chain holds (shares,
// the value per share now) come from the chain; the past comes from the indexer.
import { useEffect, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { SHARE_DECIMALS, SHARE_PRICE_SCALE, TRIP_REASON } from "@ballast/client";
import type { Position, VaultHistory } from "@ballast/indexer";
import type { Backtest } from "@ballast/demo/backtest";
import { formatUnits, perShare, usd, type VaultView } from "./vaults.ts";

/** How often the record is read again (the indexer follows the chain every few seconds). */
const REFRESH_MS = 10_000;

const when = (at: string | null) =>
  at === null ? "—" : new Date(Number(at) * 1000).toLocaleString();

/** `path` of the indexer's API, read again every REFRESH_MS; undefined until the first answer or
 * without an indexer. */
export function useIndexer<T>(indexerUrl: string | undefined, path: string): T | undefined {
  const [data, setData] = useState<T>();
  useEffect(() => {
    // Another vault or owner: never show the previous one's figures meanwhile.
    setData(undefined);
    if (!indexerUrl) return;
    let live = true;
    const read = () =>
      fetch(`${indexerUrl}${path}`)
        .then((r) => (r.ok ? (r.json() as Promise<T>) : undefined))
        .then((d) => live && d !== undefined && setData(d))
        .catch(() => undefined);
    read();
    const timer = setInterval(read, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [indexerUrl, path]);
  return data;
}

function SharePriceChart({ points }: { points: VaultHistory["points"] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element || points.length === 0) return;
    const times = points.map((p) => Number(p.at));
    const data: uPlot.AlignedData = [
      times,
      // USD per whole share: the price has 12 decimals.
      points.map((p) => Number(p.sharePrice) / 1e12),
    ];
    // The readings' own span, at least a minute (readings in one block share a time).
    const [first, last] = [times[0], times[times.length - 1]];
    const span: [number, number] = last - first < 60 ? [first - 30, last + 30] : [first, last];
    const plot = new uPlot(
      {
        width: element.clientWidth,
        height: 220,
        scales: { x: { time: true, range: span } },
        series: [
          {},
          {
            label: "Value per share",
            stroke: "#0b4f6c",
            width: 2,
            points: { show: true, size: 6 },
          },
        ],
        axes: [{}, { size: 70, values: (_, ticks) => ticks.map((t) => `$${t.toFixed(4)}`) }],
        legend: { show: false },
      },
      data,
      element,
    );
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: element.clientWidth, height: 220 }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [points]);
  const [first, last] = [points[0], points.at(-1)];
  const label =
    first && last
      ? `Value per share from ${perShare(BigInt(first.sharePrice))} to ${perShare(BigInt(last.sharePrice))} over ${points.length} readings`
      : "No readings yet";
  return <div ref={box} className="chart" role="img" aria-label={label} data-testid="chart" />;
}

/** The vault's share price history, costs and breaker record. */
export function HistoryCard({
  indexerUrl,
  view,
}: {
  indexerUrl: string | undefined;
  view: VaultView;
}) {
  const history = useIndexer<VaultHistory>(indexerUrl, `/vaults/${view.address}/history`);
  if (!indexerUrl) return null;
  if (!history)
    return (
      <section className="card history" aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <p>Loading…</p>
      </section>
    );
  const r = history.rebalances;
  const cost = BigInt(r.tradeCost) + BigInt(r.bountyValue);
  // Parts per million of the value held, shown as a percentage.
  const costPct =
    view.totalValue && view.totalValue > 0n
      ? Number((cost * 1_000_000n) / view.totalValue) / 10_000
      : undefined;
  return (
    <section className="card history" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <SharePriceChart points={history.points} />
      <dl className="stats" data-testid="costs">
        <div>
          <dt>Rebalances</dt>
          <dd data-testid="rebalance-count">
            {r.count}
            {r.auctionFills > 0 ? ` (${r.auctionFills} by auction)` : ""}
          </dd>
        </div>
        <div>
          <dt>Drift removed</dt>
          <dd>
            {r.count === 0
              ? "—"
              : `${(r.driftBeforeBps / r.count / 100).toFixed(2)}% → ${(r.driftAfterBps / r.count / 100).toFixed(2)}% on average`}
          </dd>
        </div>
        <div>
          <dt>Trading cost (fees and price impact)</dt>
          <dd data-testid="trade-cost">{usd(BigInt(r.tradeCost))}</dd>
        </div>
        <div>
          <dt>Crank bounties</dt>
          <dd data-testid="bounties">{usd(BigInt(r.bountyValue))}</dd>
        </div>
        <div>
          <dt>Rebalancing cost, of the value held</dt>
          <dd data-testid="cost-share">{costPct === undefined ? "—" : `${costPct.toFixed(3)}%`}</dd>
        </div>
        <div>
          <dt>Fees charged</dt>
          <dd data-testid="fees-value">{usd(BigInt(history.fees.value))}</dd>
        </div>
      </dl>
      <details>
        <summary>Share price readings ({history.points.length})</summary>
        <table data-testid="readings">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Value per share</th>
              <th scope="col">Vault value</th>
            </tr>
          </thead>
          <tbody>
            {history.points.map((p) => (
              <tr key={p.signature} data-testid="reading">
                <td>{when(p.at)}</td>
                <td>{perShare(BigInt(p.sharePrice))}</td>
                <td>{usd(BigInt(p.value))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <h3>Circuit breaker</h3>
      {history.breaker.length === 0 ? (
        <p data-testid="breaker-history">Never tripped.</p>
      ) : (
        <ul data-testid="breaker-history">
          {history.breaker.map((b) => (
            <li key={`${b.signature}-${b.event}`}>
              {b.event === "tripped"
                ? b.reason === TRIP_REASON.poorFills
                  ? `Tripped: poor fills in a row, the last lost ${((b.moveBps ?? 0) / 100).toFixed(2)}%`
                  : `Tripped: a price moved ${((b.moveBps ?? 0) / 100).toFixed(2)}%`
                : `Cleared${b.byGovernance ? " by governance" : " after the warm-up"}`}
              {b.at ? ` · ${when(b.at)}` : ""}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The connected depositor's position: shares and their value now from the chain, what went in and
 * came out from the indexer, and the difference. */
export function PositionCard({
  indexerUrl,
  view,
  owner,
  shares,
}: {
  indexerUrl: string | undefined;
  view: VaultView;
  owner: string;
  shares: bigint;
}) {
  const position = useIndexer<Position>(indexerUrl, `/vaults/${view.address}/positions/${owner}`);
  if (!indexerUrl) return null;
  const worth =
    view.sharePrice === undefined ? undefined : (shares * view.sharePrice) / SHARE_PRICE_SCALE;
  const [deposited, withdrawn] = position
    ? [BigInt(position.deposited), BigInt(position.withdrawn)]
    : [undefined, undefined];
  const profit =
    worth !== undefined && deposited !== undefined && withdrawn !== undefined
      ? worth + withdrawn - deposited
      : undefined;
  return (
    <section className="card position" aria-labelledby="position-title">
      <h2 id="position-title">Your position</h2>
      <dl className="stats">
        <div>
          <dt>Shares</dt>
          <dd>{formatUnits(shares, SHARE_DECIMALS, 4)}</dd>
        </div>
        <div>
          <dt>Worth now</dt>
          <dd data-testid="position-value">{usd(worth)}</dd>
        </div>
        <div>
          <dt>Deposited</dt>
          <dd data-testid="position-deposited">{usd(deposited)}</dd>
        </div>
        <div>
          <dt>Withdrawn</dt>
          <dd data-testid="position-withdrawn">{usd(withdrawn)}</dd>
        </div>
        <div>
          <dt>Profit or loss</dt>
          <dd data-testid="position-profit">{usd(profit)}</dd>
        </div>
      </dl>
      <p className="muted">
        Deposits count at the value the vault credited before its deposit fee; in-kind deposits and
        withdrawals at the share price of the reading before them
        {position && position.unpriced > 0
          ? ` (${position.unpriced} before the first reading are left out)`
          : ""}
        ; shares moved between wallets outside the vault are not counted as deposits.
      </p>
    </section>
  );
}

/** A fraction as a percentage with `digits` decimals. */
const pct = (fraction: number, digits = 2) => `${(fraction * 100).toFixed(digits)}%`;
const dollars = (value: number) =>
  `$${value.toLocaleString("en-US", { maximumFractionDigits: 0 })}`;

/** The simulator's backtest of the vault's own parameters, beside its live record. */
export function BacktestCard({ backtest }: { backtest: Backtest | undefined }) {
  if (!backtest) return null;
  const m = backtest.metrics;
  return (
    <section className="card backtest" aria-labelledby="backtest-title">
      <h2 id="backtest-title">Backtest of these parameters</h2>
      <p className="muted">
        ballast-sim, {backtest.run}, starting at {dollars(backtest.initialUsd)}.
      </p>
      <dl className="stats" data-testid="backtest">
        <div>
          <dt>Rebalances</dt>
          <dd data-testid="backtest-rebalances">{m.rebalances}</dd>
        </div>
        <div>
          <dt>Rebalancing cost, of the starting value</dt>
          <dd data-testid="backtest-cost">{pct(m.total_cost_usd / backtest.initialUsd, 3)}</dd>
        </div>
        <div>
          <dt>Mean drift from target</dt>
          <dd data-testid="backtest-drift">{pct(m.mean_tracking_error_bps / 10_000)}</dd>
        </div>
        <div>
          <dt>Value at the end</dt>
          <dd data-testid="backtest-value">{dollars(m.final_value_usd)}</dd>
        </div>
        <div>
          <dt>Buy and hold / rebalanced every minute for free</dt>
          <dd>
            {dollars(m.buy_and_hold_usd)} / {dollars(m.constant_mix_usd)}
          </dd>
        </div>
        <div>
          <dt>Largest fall</dt>
          <dd>{pct(m.max_drawdown)}</dd>
        </div>
      </dl>
    </section>
  );
}
