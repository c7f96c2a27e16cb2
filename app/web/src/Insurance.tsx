// The insured vault's card: the floor and expiry, the program's hedge now (delta, gamma, vega, the
// band in force) and the payoff at expiry against the basket index, with the floor marked.
import type { VaultView } from "./vaults.ts";

const ONE = 1e12;
const real = (x: bigint) => Number(x) / ONE;

/** Value per share at expiry against the index, for the struck period: n · max(I, K). */
export function payoffAt(index: number, strike: number, unitsPerShare: number): number {
  return unitsPerShare * Math.max(index, strike);
}

export function InsuranceCard({ view }: { view: VaultView }) {
  const hedge = view.hedge;
  const period = view.vault.insurance;
  if (!hedge) return null;
  const strike = real(period.strike);
  const units = real(period.unitsPerShare);
  const floor = real(period.floorSharePrice);
  const expires = new Date(Number(period.expiresAt) * 1000);
  return (
    <section className="card" aria-labelledby="insurance-title" data-testid="insurance">
      <h2 id="insurance-title">Insurance</h2>
      <p data-testid="insurance-floor">
        Protects ${floor.toFixed(4)} per share at {expires.toLocaleString()}: the vault replicates
        the basket plus a put on it struck at {strike.toFixed(4)} (the index was 1.0 at the strike),
        by delta hedging.
      </p>
      <dl className="stats">
        <div>
          <dt>Index</dt>
          <dd data-testid="insurance-index">{real(hedge.index).toFixed(4)}</dd>
        </div>
        <div>
          <dt>Delta</dt>
          <dd data-testid="insurance-delta">{real(hedge.delta).toFixed(4)}</dd>
        </div>
        <div>
          <dt>Gamma</dt>
          <dd data-testid="insurance-gamma">{real(hedge.gamma).toFixed(4)}</dd>
        </div>
        <div>
          <dt>Vega</dt>
          <dd data-testid="insurance-vega">{real(hedge.vega).toFixed(4)}</dd>
        </div>
        <div>
          <dt>Volatility assumed</dt>
          <dd>{(real(hedge.vol) * 100).toFixed(1)}%</dd>
        </div>
        <div>
          <dt>Basket target</dt>
          <dd data-testid="insurance-target">{(hedge.basketBps / 100).toFixed(2)}%</dd>
        </div>
        <div>
          <dt>Band</dt>
          <dd data-testid="insurance-band">
            {hedge.bandBps === 0 ? "drift bands" : `±${(hedge.bandBps / 100).toFixed(2)}%`}
          </dd>
        </div>
      </dl>
      <Payoff
        strike={strike}
        units={units}
        floor={floor}
        index={real(hedge.index)}
        sharePrice={view.sharePrice === undefined ? undefined : Number(view.sharePrice) / 1e12}
      />
    </section>
  );
}

const W = 320;
const H = 180;
const PAD = 32;

/** The payoff diagram: value per share at expiry against the index at expiry, the floor as a
 * dashed line, today's index and value per share as a dot. */
function Payoff({
  strike,
  units,
  floor,
  index,
  sharePrice,
}: {
  strike: number;
  units: number;
  floor: number;
  index: number;
  sharePrice?: number;
}) {
  const lo = Math.min(strike * 0.5, index * 0.9);
  const hi = Math.max(strike * 1.6, index * 1.1);
  const top = payoffAt(hi, strike, units) * 1.05;
  const x = (i: number) => PAD + ((i - lo) / (hi - lo)) * (W - 2 * PAD);
  const y = (v: number) => H - PAD - (v / top) * (H - 2 * PAD);
  const points = [lo, strike, hi].map((i) => `${x(i)},${y(payoffAt(i, strike, units))}`).join(" ");
  return (
    <figure>
      <svg
        width={W}
        height={H}
        role="img"
        aria-label={`Payoff at expiry: at least ${floor.toFixed(4)} per share below an index of ${strike.toFixed(4)}, then the index times ${units.toFixed(4)}`}
        data-testid="payoff"
      >
        <line x1={PAD} y1={H - PAD} x2={W - PAD} y2={H - PAD} stroke="currentColor" />
        <line x1={PAD} y1={PAD / 2} x2={PAD} y2={H - PAD} stroke="currentColor" />
        <line
          x1={PAD}
          y1={y(floor)}
          x2={W - PAD}
          y2={y(floor)}
          stroke="currentColor"
          strokeDasharray="4 4"
          data-testid="payoff-floor"
        />
        <polyline points={points} fill="none" stroke="#2563eb" strokeWidth={2} />
        {sharePrice !== undefined && (
          <circle cx={x(index)} cy={y(sharePrice)} r={4} fill="#dc2626" data-testid="payoff-now" />
        )}
        <text x={W - PAD} y={H - PAD / 3} textAnchor="end" fontSize={11}>
          index at expiry
        </text>
        <text x={PAD + 4} y={y(floor) - 4} fontSize={11}>
          floor {floor.toFixed(2)}
        </text>
      </svg>
      <figcaption>
        Value per share at expiry against the basket index (today: the dot). Below the strike the
        floor holds, within the replication error docs/option-replication.md measures.
      </figcaption>
    </figure>
  );
}
