// The web app end to end in real Chromium (Debian's, driven by playwright-core): an embedded
// Surfpool chain with the demo vault, the built app served with a runtime config, a test wallet
// injected through wallet-standard. A depositor opens the vault, sees its composition, connects,
// deposits (single asset and in kind); prices move and the crank rebalances, and the rebalance
// appears in the page's history; the depositor withdraws and every unit that left the vault is in
// the wallet. A screenshot of each step goes to test-output/web/; the page logs no error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import {
  createKeyPairSignerFromBytes,
  createSolanaRpc,
  getBase64Encoder,
  type Address,
} from "@solana/kit";
import { TOKEN_PROGRAM_ADDRESS, fetchToken, findAssociatedTokenPda } from "@solana-program/token";
import {
  feedIdHex,
  getHedgeViewDecoder,
  simulate,
  type HedgeView,
  type VaultParamsArgs,
} from "@ballast/client";
import {
  demoViewInsurance,
  insuredDemoParams,
  pricePath,
  publishDemoPrices,
  type DemoVault,
} from "@ballast/demo";
import { Metrics, crankOnce } from "../../crank/src/crank.ts";
import { advanceClock, deployDemo, rpcChain, webConfig } from "../../../migrations/deploy.ts";
import { startSurfnet } from "../../../migrations/surfnet.ts";
import { serveWeb } from "../serve.ts";
import { formatUnits, parseUnits } from "../src/vaults.ts";

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
  const { url, server } = await serveWeb(webConfig(chain.rpcUrl, demo));
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
    chain.stop();
  };
  return { chain, payer, demo, pools, rpc, url, page, errors, shot, close };
}

test(
  "a depositor sees the demo vault, deposits and withdraws in Chromium",
  { timeout: 180_000 },
  async () => {
    const { chain, payer, demo, pools, rpc, url, page, errors, shot, close } =
      await startApp("web");
    try {
      await page.goto(url);
      await page.getByRole("link", { name: `Vault ${demo.vault}` }).click();
      await page.getByTestId("asset-row").nth(2).waitFor();
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
