// The demo's soak check (`make soak`, and a short one in `make test`): while the demo loop runs, probe
// the chain's RPC every second the way the web app does (getSlot, getAccountInfo on the vault) and
// collect what docs/benchmarks.md reports: ticks, rebalances, RPC latency percentiles, memory.
import { SDK_EVENT_QUEUE } from "../migrations/surfnet.ts";

/** Longest a probe may take before it counts as a stall (the old failure: getSlot never answered). */
const PROBE_TIMEOUT_MS = 10_000;
/** The chain produces blocks continuously: a slot that stands still this long is a stall. */
const SLOT_STALL_MS = 15_000;
/** A tick that has not completed for this long means the publisher or the crank went silent. */
const TICK_SILENCE_MS = 60_000;

export type SoakReport = {
  seconds: number;
  ticks: number;
  outcomes: Record<string, number>;
  tickErrors: string[];
  tickOverruns: number;
  probes: number;
  probeFailures: number;
  rpcMs: { method: string; p50: number; p95: number; p99: number; max: number }[];
  slots: { first: number; last: number };
  chainEvents: number;
  rssMiB: { start: number; peak: number; end: number };
  heapMiB: { start: number; end: number };
  webAppServed: boolean;
  problems: string[];
};

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const percentile = (sorted: number[], p: number) =>
  sorted.length
    ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
    : NaN;

export class Soak {
  private ticks = 0;
  private lastTickAt = Date.now();
  private outcomes: Record<string, number> = {};
  private tickErrors: string[] = [];
  private overruns = 0;

  constructor(
    private readonly rpcUrl: string,
    private readonly vault: string,
    private readonly webUrl: string,
  ) {}

  private firstFailure = "";

  tick(action: string, reason = "") {
    if (action === "failed" && !this.firstFailure) this.firstFailure = reason;
    this.ticks++;
    this.lastTickAt = Date.now();
    this.outcomes[action] = (this.outcomes[action] ?? 0) + 1;
  }
  failed(error: unknown) {
    this.lastTickAt = Date.now();
    this.tickErrors.push(error instanceof Error ? error.message : String(error));
  }
  overran() {
    this.overruns++;
  }

  private async call(
    method: string,
    params: unknown[],
  ): Promise<{ ms: number; result?: unknown; error?: string }> {
    const start = performance.now();
    try {
      const response = await fetch(this.rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      const reply = (await response.json()) as { result?: unknown; error?: { message: string } };
      return { ms: performance.now() - start, result: reply.result, error: reply.error?.message };
    } catch (error) {
      return {
        ms: performance.now() - start,
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }

  /** Probes every second for `ms`, then judges the run. */
  async run(ms: number, chainEvents: () => number): Promise<SoakReport> {
    const started = Date.now();
    const rssStart = process.memoryUsage().rss;
    const heapStart = process.memoryUsage().heapUsed;
    let rssPeak = rssStart;
    const latencies: Record<string, number[]> = { getSlot: [], getAccountInfo: [] };
    const problems: string[] = [];
    let probes = 0;
    let probeFailures = 0;
    let firstSlot = NaN;
    let lastSlot = NaN;
    let slotMovedAt = Date.now();
    while (Date.now() - started < ms) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      probes++;
      const slot = await this.call("getSlot", []);
      const account = await this.call("getAccountInfo", [this.vault, { encoding: "base64" }]);
      latencies.getSlot.push(slot.ms);
      latencies.getAccountInfo.push(account.ms);
      if (slot.error || typeof slot.result !== "number" || account.error || !account.result) {
        probeFailures++;
        if (probeFailures <= 5)
          problems.push(
            `probe ${probes} at ${Math.round((Date.now() - started) / 1000)} s failed: ${slot.error ?? account.error ?? "no vault account"}`,
          );
      } else {
        if (Number.isNaN(firstSlot)) firstSlot = slot.result;
        if (slot.result !== lastSlot) slotMovedAt = Date.now();
        lastSlot = slot.result;
      }
      if (Date.now() - slotMovedAt > SLOT_STALL_MS) {
        problems.push(
          `the slot stood still at ${lastSlot} for ${SLOT_STALL_MS / 1000} s (at ${Math.round((Date.now() - started) / 1000)} s)`,
        );
        slotMovedAt = Date.now();
      }
      if (Date.now() - this.lastTickAt > TICK_SILENCE_MS) {
        problems.push(
          `no tick completed for ${TICK_SILENCE_MS / 1000} s (at ${Math.round((Date.now() - started) / 1000)} s): the publisher or the crank went silent`,
        );
        this.lastTickAt = Date.now();
      }
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }
    const web = await fetch(`${this.webUrl}config.json`, {
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    }).then(
      (r) => r.ok,
      () => false,
    );
    if (!web) problems.push("the web app's config.json was not served");
    if (this.tickErrors.length)
      problems.push(`${this.tickErrors.length} ticks failed; first: ${this.tickErrors[0]}`);
    if (!this.outcomes.rebalanced) problems.push("the crank never rebalanced");
    if (this.outcomes.failed)
      problems.push(`the crank failed ${this.outcomes.failed} times; first: ${this.firstFailure}`);
    // The loop ticks every few seconds; fewer than half the ticks it had time for means it stalled.
    const events = chainEvents();
    if (events <= SDK_EVENT_QUEUE)
      problems.push(
        `only ${events} chain events: the run ended before the point where the undrained chain stopped (${SDK_EVENT_QUEUE})`,
      );
    if (this.ticks < 3) problems.push(`only ${this.ticks} ticks completed`);
    return {
      seconds: Math.round((Date.now() - started) / 1000),
      ticks: this.ticks,
      outcomes: this.outcomes,
      tickErrors: this.tickErrors.slice(0, 10),
      tickOverruns: this.overruns,
      probes,
      probeFailures,
      rpcMs: Object.entries(latencies).map(([method, values]) => {
        const sorted = [...values].sort((a, b) => a - b);
        const round = (n: number) => Math.round(n * 10) / 10;
        return {
          method,
          p50: round(percentile(sorted, 50)),
          p95: round(percentile(sorted, 95)),
          p99: round(percentile(sorted, 99)),
          max: round(sorted[sorted.length - 1] ?? NaN),
        };
      }),
      slots: { first: firstSlot, last: lastSlot },
      chainEvents: events,
      rssMiB: { start: mib(rssStart), peak: mib(rssPeak), end: mib(process.memoryUsage().rss) },
      heapMiB: { start: mib(heapStart), end: mib(process.memoryUsage().heapUsed) },
      webAppServed: web,
      problems,
    };
  }

  /** One line for the test summary. */
  static summary(r: SoakReport): string {
    const rpc = r.rpcMs
      .map((m) => `${m.method} p50 ${m.p50} / p95 ${m.p95} / p99 ${m.p99} / max ${m.max} ms`)
      .join("; ");
    const outcomes = Object.entries(r.outcomes)
      .map(([k, v]) => `${v} ${k}`)
      .join(", ");
    return (
      `soak: ${r.problems.length ? "FAILED" : "ok"} after ${r.seconds} s: ${r.ticks} ticks (${outcomes || "none"}), ${r.tickErrors.length} tick errors, ` +
      `${r.probes} probes (${r.probeFailures} failed), slots ${r.slots.first} -> ${r.slots.last}, ${r.chainEvents} chain events drained; ` +
      `${rpc}; RSS ${r.rssMiB.start} -> ${r.rssMiB.end} MiB (peak ${r.rssMiB.peak})`
    );
  }
}
