// A seeded price path for the demo's price publisher: a geometric random walk per asset, the same
// sequence for the same seed, so a demo run can be replayed.

/** xorshift64*: small, seeded, reproducible. */
export class SeededRandom {
  private state: bigint;
  constructor(seed: bigint) {
    this.state = seed === 0n ? 0x9e3779b97f4a7c15n : seed & 0xffffffffffffffffn;
  }
  /** A float in [0, 1). */
  next(): number {
    let x = this.state;
    x ^= x >> 12n;
    x ^= (x << 25n) & 0xffffffffffffffffn;
    x ^= x >> 27n;
    this.state = x;
    return Number(((x * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn) >> 11n) / 2 ** 53;
  }
  /** A standard normal draw (Box–Muller). */
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

/**
 * Price factors in bps of the starting price, one per asset, after each step of a random walk in
 * log price with per-step volatility `volBps[i]` (bps). `reversion` pulls the log price back toward
 * the start by that fraction each step (0: a geometric random walk; 0.005: an Ornstein–Uhlenbeck
 * walk whose stationary spread is vol / √(2 · 0.005) = 10 × vol, so a demo that runs for hours
 * keeps crossing its bands instead of wandering off and tripping the price-move breaker).
 * Used for display-only demo prices, never on-chain.
 */
export function* pricePath(
  seed: bigint,
  volBps: readonly number[],
  reversion = 0,
): Generator<bigint[]> {
  if (!(reversion >= 0 && reversion < 1))
    throw new RangeError(`reversion must be in [0, 1), got ${reversion}`);
  const random = new SeededRandom(seed);
  const logLevel = volBps.map(() => 0);
  for (;;) {
    volBps.forEach((vol, i) => {
      logLevel[i] = (1 - reversion) * logLevel[i] + (vol / 10_000) * random.normal();
    });
    yield logLevel.map((l) => BigInt(Math.round(Math.exp(l) * 10_000)));
  }
}
