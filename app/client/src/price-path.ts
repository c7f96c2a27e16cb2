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
 * Price factors in bps of the starting price, one per asset, after each step of a geometric random
 * walk with per-step volatility `volBps[i]` (bps). Used for display-only demo prices, never on-chain.
 */
export function* pricePath(seed: bigint, volBps: readonly number[]): Generator<bigint[]> {
  const random = new SeededRandom(seed);
  const level = volBps.map(() => 1);
  for (;;) {
    volBps.forEach((vol, i) => {
      level[i] *= Math.exp((vol / 10_000) * random.normal());
    });
    yield level.map((l) => BigInt(Math.round(l * 10_000)));
  }
}
