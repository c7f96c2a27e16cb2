// The web app end to end in real Chromium (Debian's, driven by playwright-core): an embedded
// Surfpool chain with the demo vault, the built app served with a runtime config, a test wallet
// injected through wallet-standard. A depositor opens the vault, sees its composition, connects,
// deposits (single asset and in kind); prices move and the crank rebalances, and the rebalance
// appears in the page's history; the depositor withdraws and every unit that left the vault is in
// the wallet. An indexer follows the chain beside the page: the vault's history (the share-price
// chart's readings, rebalancing and fee costs), the depositor's position and the vault list's
// figures equal the indexer's and the chain's; the simulator's backtest of the vault's parameters is
// shown as ballast-sim measured it. axe-core finds no serious or critical violation on either page.
// A screenshot of each step goes to test-output/web/, with both pages at phone and desktop sizes
// (phone-*.png, desktop-*.png); the page logs no error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import axe from "axe-core";
import { chromium, type Page } from "playwright-core";
import {
  createKeyPairSignerFromBytes,
  createSolanaRpc,
  getBase64Encoder,
  type Address,
} from "@solana/kit";
import { TOKEN_PROGRAM_ADDRESS, fetchToken, findAssociatedTokenPda } from "@solana-program/token";
import {
  BALLAST_PROGRAM_ADDRESS,
  SHARE_PRICE_SCALE,
  SHARE_TOKEN_PROGRAM_ADDRESS,
  feedIdHex,
  fetchShareBalance,
  fetchShareToken,
  fetchVault,
  getHedgeViewDecoder,
  simulate,
  type HedgeView,
  type VaultParamsArgs,
} from "@ballast/client";
import {
  DEMO_SHARE_METADATA,
  demoViewInsurance,
  insuredDemoParams,
  pricePath,
  publishDemoPrices,
  type DemoVault,
} from "@ballast/demo";
import { backtestVault } from "@ballast/demo/backtest";
import { Metrics, crankOnce } from "../../crank/src/crank.ts";
import { advanceClock, deployDemo, rpcChain, webConfig } from "../../../migrations/deploy.ts";
import { startSurfnet } from "../../../migrations/surfnet.ts";
import { serveWeb } from "../serve.ts";
import {
  indexPass,
  openStore,
  serveIndexer,
  type Position,
  type VaultHistory,
} from "@ballast/indexer";
import { formatUnits, loadVault, parseUnits, perShare, usd } from "../src/vaults.ts";

const WEB = fileURLToPath(new URL("..", import.meta.url));
const REPO = fileURLToPath(new URL("../../..", import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The built app (once per process), an embedded Surfpool chain with the demo vault, the app served
 * with its runtime config, and Chromium with the test wallet injected; `shot` saves a screenshot
 * under test-output/<folder>/; `close` stops everything. */
let built = false;
async function startApp(folder: string, paramsAt?: (now: bigint) => VaultParamsArgs) {
  assert.ok(
    existsSync(CHROMIUM),
    `${CHROMIUM} is missing: run make bootstrap (installs Debian's chromium)`,
  );
  if (!built)
    execFileSync("npx", ["vite", "build", "--logLevel", "warn"], { cwd: WEB, stdio: "inherit" });
  built = true;
  const chain = startSurfnet();
  const payer = await createKeyPairSignerFromBytes(Uint8Array.from(chain.payerSecretKey));
  const params = paramsAt?.(await rpcChain(chain.rpcUrl, chain.wsUrl, payer).now());
  const { demo, pools } = await deployDemo(chain.rpcUrl, chain.wsUrl, payer, params);
  const rpc = createSolanaRpc(chain.rpcUrl);
  // The indexer follows the chain (in memory, a pass every second) and the page reads its API.
  const index = await openStore();
  const indexer = await serveIndexer(index);
  let passing = Promise.resolve();
  const following = setInterval(() => {
    passing = passing
      .then(() => indexPass(rpc, index, BALLAST_PROGRAM_ADDRESS))
      .then(
        () => undefined,
        () => undefined,
      );
  }, 1_000);
  // The simulator's backtest of this vault's parameters (a week of minutes), as `make demo` runs it.
  const backtest = backtestVault(
    (await fetchVault(rpc, demo.vault)).data,
    demo.assets.map((a) => a.decimals),
    { dir: join(REPO, "test-output", folder, "backtest"), steps: 10_080 },
  );
  const config = { ...webConfig(chain.rpcUrl, demo), indexerUrl: indexer.url, backtest };
  const { url, server } = await serveWeb(config);
  const wallet = await build({
    entryPoints: [join(WEB, "test/test-wallet.ts")],
    bundle: true,
    format: "iife",
    write: false,
    platform: "browser",
    logLevel: "silent",
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const errors: string[] = [];
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  await page.addInitScript(
    `window.__BALLAST_TEST_WALLET_KEY__ = ${JSON.stringify(chain.payerSecretKey)};\n${wallet.outputFiles[0].text}`,
  );
  const shots = join(REPO, "test-output", folder);
  mkdirSync(shots, { recursive: true });
  const shot = (name: string) =>
    page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  const close = async () => {
    await page.screenshot({ path: join(shots, "last.png"), fullPage: true }).catch(() => {});
    await browser.close();
    server.close();
    clearInterval(following);
    await passing;
    await indexer.close();
    await index.close();
    chain.stop();
  };
  return { chain, payer, demo, pools, rpc, url, page, errors, shot, close, config, shots };
}

/** Waits until the element with `testId` reads exactly `text` (the page re-reads every 10 s). */
async function expectText(page: Page, testId: string, text: string) {
  try {
    await page.waitForFunction(
      ([id, want]) => document.querySelector(`[data-testid="${id}"]`)?.textContent === want,
      [testId, text] as const,
      { timeout: 30_000 },
    );
  } catch {
    assert.equal(await page.getByTestId(testId).textContent(), text, testId);
  }
}

/** axe-core run in the page as it is: no serious or critical violation. */
async function requireAccessible(page: Page, name: string) {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    const result = await run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => n.target.join(" ")),
    }));
  });
  assert.deepEqual(
    violations.filter((v) => v.impact === "serious" || v.impact === "critical"),
    [],
    `${name}: accessibility (axe-core)`,
  );
}

/** Screenshots of the page at phone and desktop sizes, under test-output/<folder>/. */
async function phoneAndDesktop(page: Page, shots: string, name: string) {
  for (const [size, viewport] of [
    ["phone", { width: 390, height: 844 }],
    ["desktop", { width: 1280, height: 900 }],
  ] as const) {
    await page.setViewportSize(viewport);
    // Let the layout and the chart's resize observer settle.
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(shots, `${size}-${name}.png`), fullPage: true });
  }
}

test(
  "a depositor sees the demo vault, deposits and withdraws in Chromium",
  { timeout: 180_000 },
  async () => {
    const { chain, payer, demo, pools, rpc, url, page, errors, shot, close, config, shots } =
      await startApp("web");
    try {
      await page.goto(url);
      // The share token is named in its own mint (Token-2022 metadata), as wallets read it, and the
      // list and the vault page show that name.
      const shareToken = await fetchShareToken(rpc, demo.shareMint);
      assert.deepEqual(
        { name: shareToken.name, symbol: shareToken.symbol, uri: shareToken.uri },
        DEMO_SHARE_METADATA,
      );
      assert.equal(shareToken.updateAuthority, demo.shareMint);
      const mintOwner = (await rpc.getAccountInfo(demo.shareMint, { encoding: "base64" }).send())
        .value?.owner;
      assert.equal(mintOwner, SHARE_TOKEN_PROGRAM_ADDRESS);
      await page.getByTestId("list-share-token").first().waitFor();
      assert.equal(
        await page.getByTestId("list-share-token").first().textContent(),
        "Ballast Demo Basket (bDEMO)",
      );
      await page.getByRole("link", { name: `Vault ${demo.vault}` }).click();
      await page.getByTestId("asset-row").nth(2).waitFor();
      assert.equal(await page.getByTestId("share-token-name").textContent(), "Ballast Demo Basket");
      assert.equal(await page.getByTestId("share-token-symbol").textContent(), "bDEMO");
      assert.equal(await page.getByTestId("asset-row").count(), 3);
      await page.getByRole("cell", { name: "dSOL" }).waitFor();
      assert.match((await page.getByTestId("total-value").textContent()) ?? "", /^\$\d/);
      assert.equal(await page.getByTestId("status").textContent(), "Open");
      // dBTC starts empty against 30%: outside its 5% band.
      assert.equal(await page.getByTestId("band").nth(2).textContent(), "±5.00% · outside");
      await shot("1-vault");

      await page.getByRole("button", { name: "Connect Ballast Test Wallet" }).click();
      await page.getByText(/^Connected /).waitFor();
      const sharesBefore = Number(
        ((await page.getByTestId("my-shares").textContent()) ?? "").replaceAll(",", ""),
      );
      await shot("2-connected");

      await page.getByLabel("Amount").fill("10");
      await page
        .getByTestId("deposit-preview")
        .getByText(/You receive about 9\.9\d* shares|You receive about 10 shares/)
        .waitFor();
      await page.getByRole("button", { name: "Deposit", exact: true }).click();
      await page
        .getByTestId("deposit-status")
        .getByText(/^Confirmed/)
        .waitFor({ timeout: 60_000 });
      // The deposit shows up in the activity list, read back from the transaction's events.
      await page
        .getByTestId("activity")
        .getByText(/^Deposit of 10 dUSD for [\d.]+ shares/)
        .waitFor({ timeout: 30_000 });
      await page.waitForFunction(
        (before) =>
          Number(
            document.querySelector("[data-testid=my-shares]")?.textContent?.replaceAll(",", ""),
          ) > before,
        sharesBefore,
      );
      await shot("3-deposited");

      await page.getByLabel("Up to this much dUSD").fill("5");
      await page.getByLabel("Up to this much dSOL").fill("1");
      await page
        .getByTestId("in-kind-preview")
        .getByText(/^Takes 5 dUSD, 0\.0\d+ dSOL, 0 dBTC/)
        .waitFor();
      await page.getByRole("button", { name: "Deposit in kind" }).click();
      await page
        .getByTestId("in-kind-status")
        .getByText(/^Confirmed/)
        .waitFor({ timeout: 60_000 });
      await shot("4-deposited-in-kind");

      // Prices move (the demo's seeded path, a minute later) and the crank rebalances: dBTC starts
      // empty, so it buys dBTC. The open page picks the rebalance up on its own.
      const publisher = rpcChain(chain.rpcUrl, chain.wsUrl, payer);
      await advanceClock(chain.rpcUrl, publisher, 60);
      await publishDemoPrices(publisher, demo, pricePath(7n, [0, 40, 30]).next().value ?? []);
      const crank = {
        vaults: [demo.vault],
        priceAccounts: Object.fromEntries(
          demo.assets.map((a) => [feedIdHex(a.feedId), a.priceAccount]),
        ) as Record<string, Address>,
        pools,
        priorityFee: 0n,
        dryRun: false,
      };
      const [outcome] = await crankOnce(rpc, payer, crank, new Metrics(), () => {});
      assert.equal(
        outcome.action,
        "rebalanced",
        JSON.stringify(outcome, (_, v) => (typeof v === "bigint" ? String(v) : v)),
      );
      // The crank may rebalance more than once while the page watches: any one of them will do.
      await page
        .getByTestId("activity")
        .getByText(/^Rebalance: [\d.,]+ dUSD into [\d.,]+ dBTC/)
        .first()
        .waitFor({ timeout: 30_000 });
      await shot("5-rebalanced");

      // Withdraw in kind; every unit that leaves the vault arrives in the wallet.
      const holdings = async () =>
        Promise.all(
          demo.assets.map(async (a) => {
            const [wallet] = await findAssociatedTokenPda({
              owner: payer.address,
              mint: a.mint,
              tokenProgram: TOKEN_PROGRAM_ADDRESS,
            });
            return {
              vault: (await fetchToken(rpc, a.tokenAccount)).data.amount,
              wallet: (await fetchToken(rpc, wallet)).data.amount,
            };
          }),
        );
      const beforeWithdraw = await holdings();

      await page.getByLabel("Shares").fill("1");
      await page
        .getByTestId("withdraw-preview")
        .getByText(/^You receive/)
        .waitFor();
      // What the page promised, per asset ("You receive 0.0123 dUSD, …", four decimals shown).
      const promised = ((await page.getByTestId("withdraw-preview").textContent()) ?? "")
        .replace(/^You receive /, "")
        .split(", ");
      assert.equal(
        promised.length,
        demo.assets.length,
        `the preview names every asset: ${promised.join(", ")}`,
      );
      await page.getByRole("button", { name: "Withdraw", exact: true }).click();
      await page
        .getByTestId("withdraw-status")
        .getByText(/^Confirmed/)
        .waitFor({ timeout: 60_000 });
      const afterWithdraw = await holdings();
      beforeWithdraw.forEach((b, i) => {
        const [left, arrived] = [
          b.vault - afterWithdraw[i].vault,
          afterWithdraw[i].wallet - b.wallet,
        ];
        assert.equal(
          arrived,
          left,
          `${demo.assets[i].symbol}: ${left} left the vault, ${arrived} arrived`,
        );
        // And it is what the preview showed: the shown figure is truncated to four decimals, and the
        // withdrawal first accrues the management fee since the last accrual (a dilution of ~2e-8
        // over the test's minute, at most one unit).
        const [amountText, symbol] = promised[i].split(" ");
        assert.equal(symbol, demo.assets[i].symbol);
        const shown = parseUnits(amountText.replaceAll(",", ""), demo.assets[i].decimals);
        const step = 10n ** BigInt(Math.max(demo.assets[i].decimals - 4, 0));
        assert.ok(
          arrived + 1n >= shown && arrived < shown + step,
          `${symbol}: the preview showed ${promised[i]}, ${arrived} units arrived`,
        );
      });
      assert.ok(beforeWithdraw[0].vault > afterWithdraw[0].vault, "the withdrawal paid dUSD");
      // This withdrawal's own entry (the demo's deployment withdrew 1 share too), found by the
      // signature the status line confirmed.
      const confirmed = /Confirmed: (\w+)…(\w+)/.exec(
        (await page.getByTestId("withdraw-status").textContent()) ?? "",
      );
      assert.ok(confirmed, "the status names the transaction");
      const entry = page.locator(
        `[data-testid="activity"] li[data-signature^="${confirmed[1]}"][data-signature$="${confirmed[2]}"]`,
      );
      await entry.filter({ hasText: /^Withdrawal of 1 shares/ }).waitFor({ timeout: 30_000 });
      await shot("6-withdrawn");

      // The record: once the indexer holds this withdrawal (the deployment withdrew too), the page
      // shows the indexer's history and a position whose figures are the chain's and the indexer's.
      const api = async <T>(path: string) =>
        (await (await fetch(`${config.indexerUrl}${path}`)).json()) as T;
      const positionPath = `/vaults/${demo.vault}/positions/${payer.address}`;
      for (let i = 0; ; i++) {
        const flows = (await api<Position>(positionPath)).flows;
        if (flows.filter((f) => f.kind === "withdrawal in kind").length === 2) break;
        assert.ok(i < 60, "the indexer caught up with the withdrawal");
        await new Promise((done) => setTimeout(done, 500));
      }
      const history = await api<VaultHistory>(`/vaults/${demo.vault}/history`);
      const position = await api<Position>(positionPath);
      assert.ok(history.rebalances.count >= 1, "the crank's rebalance is in the record");
      assert.deepEqual(
        position.flows.map((f) => f.kind),
        [
          "deposit",
          "deposit",
          "deposit in kind",
          "withdrawal in kind",
          "deposit",
          "deposit in kind",
          "crank bounty",
          "withdrawal in kind",
        ],
        "the deployment's four operations, then this page's three and the test crank's bounty",
      );
      // Unit for unit: the wallet's shares are the flows' shares in less out.
      const shares = await fetchShareBalance(rpc, payer.address, demo.shareMint);
      assert.equal(BigInt(position.sharesIn) - BigInt(position.sharesOut), shares);
      const view = await loadVault(rpc, demo.vault, config);
      assert.ok(view.sharePrice !== undefined);
      const worth = (shares * view.sharePrice) / SHARE_PRICE_SCALE;
      const profit = worth + BigInt(position.withdrawn) - BigInt(position.deposited);
      const cost = BigInt(history.rebalances.tradeCost) + BigInt(history.rebalances.bountyValue);
      assert.ok(view.totalValue !== undefined && cost > 0n);
      const costShare = `${(Number((cost * 1_000_000n) / view.totalValue) / 10_000).toFixed(3)}%`;
      for (const [id, text] of [
        ["position-deposited", usd(BigInt(position.deposited))],
        ["position-withdrawn", usd(BigInt(position.withdrawn))],
        ["position-value", usd(worth)],
        ["position-profit", usd(profit)],
        ["trade-cost", usd(BigInt(history.rebalances.tradeCost))],
        ["bounties", usd(BigInt(history.rebalances.bountyValue))],
        ["fees-value", usd(BigInt(history.fees.value))],
        ["cost-share", costShare],
      ])
        await expectText(page, id, text);
      assert.match(
        (await page.getByTestId("rebalance-count").textContent()) ?? "",
        new RegExp(`^${history.rebalances.count}\\b`),
      );
      // Every reading of the chart, as its table shows them.
      const readings = page.locator("[data-testid=reading]");
      await page.waitForFunction(
        (n) => document.querySelectorAll("[data-testid=reading]").length === n,
        history.points.length,
        { timeout: 30_000 },
      );
      const shown = await readings.locator("td:nth-child(2)").allTextContents();
      assert.deepEqual(
        shown,
        history.points.map((p) => perShare(BigInt(p.sharePrice))),
      );
      // An anchor the page's formatting cannot share: the first deposit met an empty vault, at the
      // program's initial price of one dollar a share.
      assert.equal(shown[0], "$1");
      assert.deepEqual(
        await readings.locator("td:nth-child(3)").allTextContents(),
        history.points.map((p) => usd(BigInt(p.value))),
      );
      await page.getByTestId("chart").locator("canvas").waitFor();
      // The simulator's backtest of these parameters, as ballast-sim measured it.
      const m = config.backtest.metrics;
      assert.equal(m.steps, 10_080);
      await expectText(page, "backtest-rebalances", String(m.rebalances));
      await expectText(
        page,
        "backtest-cost",
        `${((m.total_cost_usd / config.backtest.initialUsd) * 100).toFixed(3)}%`,
      );
      await shot("7-history");
      await requireAccessible(page, "vault page");
      await phoneAndDesktop(page, shots, "vault");

      // The vault list: value, value per share, its change since the first reading, status.
      await page.goto(url);
      const first = BigInt(history.points[0].sharePrice);
      const latest = (await api<{ vault: string; last: { sharePrice: string } }[]>("/vaults"))[0];
      const moved = Number(((BigInt(latest.last.sharePrice) - first) * 10_000n) / first);
      await expectText(
        page,
        "share-price-change",
        `${moved < 0 ? "−" : "+"}${(Math.abs(moved) / 100).toFixed(2)}%`,
      );
      await requireAccessible(page, "vault list");
      await phoneAndDesktop(page, shots, "list");

      assert.deepEqual(errors, [], "the page logged errors");
    } finally {
      await close();
    }
  },
);

test(
  "the page shows a rebalance auction and the crank's fill of it in Chromium",
  { timeout: 180_000 },
  async () => {
    const { chain, payer, demo, rpc, url, page, errors, shot, close } =
      await startApp("web-auction");
    try {
      await page.goto(url);
      await page.getByRole("link", { name: `Vault ${demo.vault}` }).click();
      await page.getByTestId("asset-row").nth(2).waitFor();
      assert.equal(await page.getByTestId("auction").count(), 0, "no auction yet");

      // The crank, rebalancing by auction, opens one for the drifted demo vault (dBTC empty).
      const publisher = rpcChain(chain.rpcUrl, chain.wsUrl, payer);
      const crank = {
        vaults: [demo.vault],
        priceAccounts: Object.fromEntries(
          demo.assets.map((a) => [feedIdHex(a.feedId), a.priceAccount]),
        ) as Record<string, Address>,
        priorityFee: 0n,
        dryRun: false,
        auctions: true,
      };
      const opened = (await crankOnce(rpc, payer, crank, new Metrics(), () => {}))[0];
      assert.equal(opened.action, "auction-opened");
      if (opened.action !== "auction-opened") return;
      const sold = formatUnits(opened.amountIn, demo.assets[0].decimals);
      await page
        .getByTestId("auction-state")
        .getByText(`Open: selling ${sold} dUSD for dBTC, ${sold} left after 0 fills`)
        .waitFor({ timeout: 30_000 });
      await page
        .getByText(/^Price: the oracle rate \+1\.00% at opening, falling to −0\.50% at/)
        .waitFor();
      await page
        .getByTestId("activity")
        .getByText(`Auction opened: ${sold} dUSD for dBTC`, { exact: false })
        .waitFor({ timeout: 30_000 });
      await shot("1-auction-open");

      // 280 s later the ask (0.4% under the oracle) is below the pool's price: the crank fills it.
      await advanceClock(chain.rpcUrl, publisher, 280);
      await publishDemoPrices(publisher, demo);
      const filled = (await crankOnce(rpc, payer, crank, new Metrics(), () => {}))[0];
      assert.equal(filled.action, "auction-filled");
      if (filled.action !== "auction-filled") return;
      const paid = formatUnits(filled.paid, demo.assets[2].decimals);
      await page
        .getByTestId("auction-state")
        .getByText(
          `Filled: selling ${sold} dUSD for dBTC, 0 left after 1 fill (${paid} dBTC received)`,
        )
        .waitFor({ timeout: 30_000 });
      await page
        .getByTestId("activity")
        .getByText(`Auction fill: ${sold} dUSD into ${paid} dBTC at the oracle rate −0.40%`, {
          exact: false,
        })
        .waitFor({ timeout: 30_000 });
      await shot("2-auction-filled");
      assert.deepEqual(errors, [], "the page logged errors");
    } finally {
      await close();
    }
  },
);

/** The program's hedge now, as `view_insurance` returns it (simulated). */
async function hedgeOf(rpc: ReturnType<typeof createSolanaRpc>, payer: Address, demo: DemoVault) {
  const result = await simulate(rpc, payer, [demoViewInsurance(demo)]);
  assert.equal(result.err, null, JSON.stringify(result.logs));
  const data = result.returnData?.data?.[0];
  assert.ok(data, "view_insurance returns the hedge");
  return getHedgeViewDecoder().decode(getBase64Encoder().encode(data));
}

const real = (x: bigint) => (Number(x) / 1e12).toFixed(4);

test(
  "an insured vault's page shows the program's hedge and the payoff, and follows the crank's hedge in Chromium",
  { timeout: 180_000 },
  async () => {
    // Insured to 0.97 per share a day out (the demo's `--insured` vault), struck at deployment.
    const { chain, payer, demo, pools, rpc, url, page, errors, shot, close } = await startApp(
      "web-insurance",
      (now) => insuredDemoParams(now + 86_400n),
    );
    try {
      const shows = async (hedge: HedgeView) => {
        await page
          .getByTestId("insurance-delta")
          .getByText(real(hedge.delta), { exact: true })
          .waitFor({ timeout: 30_000 });
        assert.equal(await page.getByTestId("insurance-gamma").textContent(), real(hedge.gamma));
        assert.equal(await page.getByTestId("insurance-vega").textContent(), real(hedge.vega));
        assert.equal(await page.getByTestId("insurance-index").textContent(), real(hedge.index));
        assert.equal(
          await page.getByTestId("insurance-target").textContent(),
          `${(hedge.basketBps / 100).toFixed(2)}%`,
        );
        assert.equal(
          await page.getByTestId("insurance-band").textContent(),
          `±${(hedge.bandBps / 100).toFixed(2)}%`,
        );
      };
      await page.goto(url);
      await page.getByRole("link", { name: `Vault ${demo.vault}` }).click();
      await page.getByTestId("insurance").waitFor({ timeout: 30_000 });
      await page
        .getByTestId("insurance-floor")
        .getByText(/^Protects \$0\.9700 per share at /)
        .waitFor();
      const before = await hedgeOf(rpc, payer.address, demo);
      assert.ok(before.delta > 0n && before.gamma > 0n && before.vega > 0n && before.bandBps > 0);
      await shows(before);
      // The payoff: the floor line and today's dot.
      // (A horizontal line has no height: attached, not "visible".)
      await page.getByTestId("payoff-floor").waitFor({ state: "attached" });
      await page.getByTestId("payoff-now").waitFor();
      await shot("1-insured");

      // dSOL falls 3 %: the hedge's delta falls, and the crank trades the vault toward it.
      const publisher = rpcChain(chain.rpcUrl, chain.wsUrl, payer);
      await advanceClock(chain.rpcUrl, publisher, 120);
      await publishDemoPrices(publisher, demo, [10_000n, 9_700n, 10_000n]);
      const crank = {
        vaults: [demo.vault],
        priceAccounts: Object.fromEntries(
          demo.assets.map((a) => [feedIdHex(a.feedId), a.priceAccount]),
        ) as Record<string, Address>,
        pools,
        priorityFee: 0n,
        dryRun: false,
      };
      const fallen = await hedgeOf(rpc, payer.address, demo);
      assert.ok(fallen.delta < before.delta, "delta falls with the basket");
      const outcome = (await crankOnce(rpc, payer, crank, new Metrics(), () => {}))[0];
      assert.equal(
        outcome.action,
        "rebalanced",
        JSON.stringify(outcome, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v)),
      );
      await shows(await hedgeOf(rpc, payer.address, demo));
      await page
        .getByTestId("activity")
        .getByText(/^Rebalance/)
        .first()
        .waitFor({ timeout: 30_000 });
      await shot("2-hedged");
      assert.deepEqual(errors, [], "the page logged errors");
    } finally {
      await close();
    }
  },
);
