//! `ballast-sim`: backtests and sweeps of Ballast's rebalancing rules. Run with `--help`.
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use ballast_sim::config::SimConfig;
use ballast_sim::paths::{generate_with, Clusters, Dynamics, Model, PricePath};
use ballast_sim::sweep::Kind;
use ballast_sim::{aggregate, backtest, bootstrap, report, sweep};

const HELP: &str = "ballast-sim — Ballast's rebalancing rules on price paths

usage:
  ballast-sim backtest (--prices FILE.csv | --seed N [--steps S] [--model M] [--correlation RHO]) [--vault CONFIG.json] [--out DIR]
  ballast-sim sweep    (--prices FILE.csv | --seed N [--steps S] [--model M] [--correlation RHO]) [--vault CONFIG.json] [--out DIR]
  ballast-sim execution (--prices FILE.csv | --seed N [--steps S] [--model M]) [--vault CONFIG.json] [--out DIR]
  ballast-sim bootstrap (--prices FILE.csv | --seed N [--steps S] [--model M]) [--vault CONFIG.json] [--samples B] [--block L] [--out DIR]
  ballast-sim walkforward --prices FILE.csv --split T [--vault CONFIG.json] [--out DIR]
  ballast-sim insurance [--paths N] [--out DIR]
  ballast-sim sweep    --seeds N [--steps S] [--model M] [--correlation RHO] [--vault CONFIG.json] [--out DIR]
  ballast-sim stress   [--vault CONFIG.json] [--out DIR]
  ballast-sim generate --seed N [--steps S] [--model M] [--correlation RHO] --out FILE.csv

Prices: a CSV of `timestamp,price_1,...` (USD per whole token), optionally only the rows with
--from T <= timestamp < --until T (Unix seconds), or the demo's three assets (dUSD,
dSOL at 80% and dBTC at 60% annual volatility, with jumps) generated from a seed, one step a minute;
--model jumps (default) or garch (the same, with GARCH(1,1) volatility clusters); --correlation
RHO (0..=1, default 0) correlates the assets' shocks through a common factor. --seeds N runs
the sweep on seeds 1..=N and ranks the policies across them (sweep-seeds.md).
The vault: a JSON SimConfig (default: the demo vault, 40/30/30); --pool-lag true|false overrides
whether its pools' prices lag the oracle (crate::pools). Reports go to DIR (default
target/sim): report.md, metrics.json and backtest.svg (backtest); sweep.md, sweep-cppi.md and sweep-schedule.md
(sweep: the band grid, CPPI multipliers × floors, calendar and band-plus-schedule policies, and
sweep-execution.md: pinned pools against Dutch auctions; `execution` writes only that); stress.md;
bootstrap.md (the sweep's best widened band and its best drift gate, each against its best fixed
band, on B moving-block bootstrap resamples of the path, blocks of L steps, default 200 and 20: the
90 % interval of the difference in the objective, paired); walkforward.md (the best of each kind
chosen on the steps before Unix time T and measured on those after, and the other way round).

Every ranking uses the objective: cost drag (bps a year of the mean value) + λ·(annual tracking
error of returns against the constant mix)², λ = 1 (backtest::LAMBDA says why).";

/// The demo's three assets as a jump-diffusion.
pub fn demo_dynamics() -> Vec<Dynamics> {
    vec![
        Dynamics { start: 1.0, drift: 0.0, volatility: 0.0, jumps_per_year: 0.0, jump_size: 0.0 },
        Dynamics { start: 150.0, drift: 0.1, volatility: 0.8, jumps_per_year: 4.0, jump_size: -0.15 },
        Dynamics { start: 60_000.0, drift: 0.1, volatility: 0.6, jumps_per_year: 2.0, jump_size: -0.1 },
    ]
}

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

fn prices(args: &[String]) -> Result<PricePath, String> {
    if let Some(file) = flag(args, "--prices") {
        let path = PricePath::from_csv(&std::fs::read_to_string(&file).map_err(|e| format!("{file}: {e}"))?)?;
        let bound = |name: &str, default: i64| {
            flag(args, name)
                .map_or(Ok(default), |t| t.parse::<i64>().map_err(|_| format!("{name} must be Unix seconds")))
        };
        return path
            .window(bound("--from", i64::MIN)?, bound("--until", i64::MAX)?)
            .ok_or_else(|| format!("{file}: no prices in that window"));
    }
    let seed: u64 =
        flag(args, "--seed").ok_or("give --prices FILE or --seed N")?.parse().map_err(|_| "--seed must be a number")?;
    seeded(args)?(seed)
}

/// The generator the flags ask for (`--steps`, `--model`), as a function of the seed.
fn seeded(args: &[String]) -> Result<impl Fn(u64) -> Result<PricePath, String>, String> {
    let steps: usize =
        flag(args, "--steps").map_or(Ok(43_200), |s| s.parse()).map_err(|_| "--steps must be a number")?;
    let clusters = match flag(args, "--model").as_deref() {
        None | Some("jumps") => None,
        Some("garch") => Some(Clusters::MINUTES),
        Some(other) => return Err(format!("--model {other}: jumps or garch")),
    };
    let correlation: f64 =
        flag(args, "--correlation").map_or(Ok(0.0), |c| c.parse()).map_err(|_| "--correlation must be a number")?;
    if !(0.0..=1.0).contains(&correlation) {
        return Err("--correlation must be within 0..=1".into());
    }
    let model = Model { clusters, correlation };
    Ok(move |seed| Ok(generate_with(seed, steps, 60, &demo_dynamics(), model)))
}

/// `sweep --seeds N`: the grid on seeds 1..=N, one path at a time (each sweep is parallel already).
fn sweep_seeds(args: &[String], count: &str, out: &std::path::Path) -> Result<(), String> {
    let count: u64 = count.parse().map_err(|_| "--seeds must be a number")?;
    let (path_of, cfg) = (seeded(args)?, config(args)?);
    let start = Instant::now();
    let mut runs = Vec::new();
    let mut steps = 0;
    for seed in 1..=count {
        let path = path_of(seed)?;
        steps = path.prices.len();
        runs.push(sweep::sweep(&path, &cfg));
    }
    let summary =
        aggregate::aggregate(&runs).ok_or("--seeds needs at least 1, and a grid with fixed and widened bands")?;
    let table = report::aggregate_table(&summary);
    let mut model = format!("{} model", flag(args, "--model").unwrap_or_else(|| "jumps".into()));
    if let Some(rho) = flag(args, "--correlation") {
        model.push_str(&format!(", correlation {rho}"));
    }
    std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
    let md = format!(
        "# Sweep across seeds\n\n{} policies on seeds 1..={count} ({model}, {steps} steps each) in {:.1} s, scored by the objective (cost drag + λ·(return tracking error)², bps a year, λ = 1); lower is better.\n\n{table}",
        runs[0].len(),
        start.elapsed().as_secs_f64()
    );
    std::fs::write(out.join("sweep-seeds.md"), md).map_err(|e| e.to_string())?;
    println!("{table}");
    Ok(())
}

fn config(args: &[String]) -> Result<SimConfig, String> {
    let mut cfg: SimConfig = match flag(args, "--vault") {
        Some(file) => serde_json::from_str(&std::fs::read_to_string(&file).map_err(|e| format!("{file}: {e}"))?)
            .map_err(|e| format!("{file}: {e}"))?,
        None => SimConfig::demo(),
    };
    if let Some(lag) = flag(args, "--pool-lag") {
        cfg.pool_lag = lag.parse().map_err(|_| "--pool-lag must be true or false")?;
    }
    Ok(cfg)
}

/// `sweep-execution.md`: the pinned pools against Dutch auctions for the vault (`sweep::execution_grid`).
fn write_execution(path: &PricePath, cfg: &SimConfig, out: &std::path::Path) -> Result<(), String> {
    let table = report::execution_table(&sweep::execution_sweep(path, cfg));
    let md = format!("# Execution sweep: pinned pools against Dutch auctions\n\nThe vault's bands and parameters, {} steps; pool depth {:.0} USD per side. The pool path pays one hop through the pair's pool ({} bps) plus its bounty and transaction; an auction pays the discount at which the first solver's cost (its fixed part plus one hop of the same depth) is covered. Ranked by the objective (cost drag + λ·TE², bps a year).\n\n{table}", path.prices.len(), cfg.pool_depth_usd, cfg.params.amm_fee_bps);
    std::fs::write(out.join("sweep-execution.md"), md).map_err(|e| e.to_string())?;
    println!("{table}");
    Ok(())
}

fn run(args: &[String]) -> Result<(), String> {
    let command = args.first().map(String::as_str).unwrap_or("--help");
    let out = PathBuf::from(flag(args, "--out").unwrap_or_else(|| "target/sim".into()));
    match command {
        "backtest" => {
            let (path, cfg) = (prices(args)?, config(args)?);
            let start = Instant::now();
            let metrics = backtest::run(&path, &cfg);
            let elapsed = start.elapsed();
            std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
            let table = report::metrics_table(&metrics);
            let md = format!("# Backtest\n\n{} steps of {} assets replayed in {:.3} s.\n\n{table}\n![vault value and weight](backtest.svg)\n", metrics.steps, path.assets(), elapsed.as_secs_f64());
            std::fs::write(out.join("report.md"), md).map_err(|e| e.to_string())?;
            // The same figures for programs (the web app shows them beside the vault's live record).
            let json = serde_json::to_string_pretty(&metrics).map_err(|e| e.to_string())?;
            std::fs::write(out.join("metrics.json"), json).map_err(|e| e.to_string())?;
            report::plot(&metrics, f64::from(cfg.targets_bps[0]), &out.join("backtest.svg"))?;
            println!(
                "{table}\nreplayed {} steps × {} assets in {:.3} s; report in {}",
                metrics.steps,
                path.assets(),
                elapsed.as_secs_f64(),
                out.display()
            );
            Ok(())
        }
        "bootstrap" => {
            let (path, cfg) = (prices(args)?, config(args)?);
            let number = |name: &str, default: usize| {
                flag(args, name)
                    .map_or(Ok(default), |v| v.parse::<usize>().map_err(|_| format!("{name} must be a number")))
            };
            let (samples, block) = (number("--samples", 200)?, number("--block", 20)?);
            let start = Instant::now();
            let rows = sweep::sweep(&path, &cfg);
            let grid = sweep::grid(&cfg);
            let config_of = |policy: &str| grid.iter().find(|(p, _)| p == policy).map(|(_, c)| c.clone());
            let f = sweep::best(&rows, Kind::Fixed).ok_or("no fixed band traded")?;
            let fc = config_of(&f.policy).ok_or("grid")?;
            let mut md = String::new();
            for challenger in [Kind::Widened, Kind::Gated] {
                let Some(w) = sweep::best(&rows, challenger) else {
                    md.push_str(&format!(
                        "# Bootstrap: no {} traded on this path

",
                        challenger.name()
                    ));
                    continue;
                };
                let wc = config_of(&w.policy).ok_or("grid")?;
                let c = bootstrap::compare(&path, (&w.policy, &wc), (&f.policy, &fc), samples, block);
                md.push_str(&report::bootstrap_report(
                    &c,
                    challenger,
                    path.prices.len(),
                    start.elapsed().as_secs_f64(),
                ));
                md.push('\n');
            }
            std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
            std::fs::write(out.join("bootstrap.md"), &md).map_err(|e| e.to_string())?;
            println!("{md}");
            Ok(())
        }
        "walkforward" => {
            let (path, cfg) = (prices(args)?, config(args)?);
            let split: i64 = flag(args, "--split")
                .ok_or("give --split T (Unix seconds)")?
                .parse()
                .map_err(|_| "--split must be Unix seconds")?;
            let before = path.window(i64::MIN, split).ok_or("no prices before the split")?;
            let after = path.window(split, i64::MAX).ok_or("no prices after the split")?;
            let (early, late) = (sweep::sweep(&before, &cfg), sweep::sweep(&after, &cfg));
            std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
            let md = report::walk_forward(&[
                (
                    format!(
                        "chosen on {} steps before the split, measured on the {} after",
                        before.prices.len(),
                        after.prices.len()
                    ),
                    &early,
                    &late,
                ),
                (
                    format!(
                        "chosen on {} steps after the split, measured on the {} before",
                        after.prices.len(),
                        before.prices.len()
                    ),
                    &late,
                    &early,
                ),
            ]);
            std::fs::write(out.join("walkforward.md"), &md).map_err(|e| e.to_string())?;
            println!("{md}");
            Ok(())
        }
        "sweep" if flag(args, "--seeds").is_some() => {
            sweep_seeds(args, &flag(args, "--seeds").unwrap_or_default(), &out)
        }
        "sweep" => {
            let (path, cfg) = (prices(args)?, config(args)?);
            let start = Instant::now();
            let rows = sweep::sweep(&path, &cfg);
            let table = report::sweep_table(&rows);
            std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
            std::fs::write(
                out.join("sweep.md"),
                format!(
                    "# Sweep\n\n{} policies on {} steps in {:.2} s, ranked by the objective (cost drag + λ·(return tracking error)², bps a year, λ = 1).\n\n{table}",
                    rows.len(),
                    path.prices.len(),
                    start.elapsed().as_secs_f64()
                ),
            )
            .map_err(|e| e.to_string())?;
            println!("{table}");
            let cppi = report::cppi_table(&sweep::cppi_sweep(&path, &cfg));
            std::fs::write(out.join("sweep-cppi.md"), format!("# CPPI sweep\n\nAsset 0 is the safe asset, the others the risky basket; the base vault's bands and costs, {} steps.\n\n{cppi}", path.prices.len())).map_err(|e| e.to_string())?;
            println!("{cppi}");
            let schedules = report::schedule_table(&sweep::schedule_sweep(&path, &cfg));
            std::fs::write(out.join("sweep-schedule.md"), format!("# Time-schedule sweep\n\nCalendar rebalancing and bands with a schedule (`max_rebalance_interval_secs`), gate off, against the best band policies of the main sweep without a schedule; {} steps, ranked by the objective (cost drag + λ·(return tracking error)², bps a year, λ = 1).\n\n{schedules}", path.prices.len())).map_err(|e| e.to_string())?;
            println!("{schedules}");
            write_execution(&path, &cfg, &out)
        }
        "execution" => {
            let (path, cfg) = (prices(args)?, config(args)?);
            std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
            write_execution(&path, &cfg, &out)
        }
        "insurance" => {
            let paths: usize =
                flag(args, "--paths").map_or(Ok(100), |n| n.parse().map_err(|e| format!("--paths: {e}")))?;
            let start = Instant::now();
            let (setup, rows) = ballast_sim::insurance::study(paths);
            let table = ballast_sim::insurance::table(&rows);
            std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
            // The shipped daily closes, one year at a time (SPX and WTI).
            let history = ballast_sim::paths::PricePath::from_csv(include_str!("../data/historical-daily.csv"))?;
            let historical = ballast_sim::insurance::table(&ballast_sim::insurance::historical_study(
                &history,
                &[(0, "S&P 500 daily 1999–2018", 0.2), (2, "WTI crude daily 1999–2018", 0.4)],
            ));
            let plotted = ballast_sim::insurance::regime_paths(0.6, paths);
            ballast_sim::insurance::plot(
                &plotted,
                &setup,
                ballast_sim::insurance::Rule::WhalleyWilmott,
                &out.join("insurance.svg"),
            )?;
            std::fs::write(out.join("insurance.md"), format!("# Option-based portfolio insurance\n\nA vault of a safe asset and one risky asset insured to {:.0} % of its starting value one year out, the hedge assuming {:.0} % volatility, {} bps per trade, Whalley–Wilmott risk aversion {}; {paths} hourly paths per regime (seeds 1..={paths}), replayed in {:.1} s. Replication error: the vault's value at expiry less the protective put's payoff, bps of the starting value.\n\n{table}\n## On real series\n\nThe shipped daily closes (crates/ballast-sim/data), each asset insured to 90 % one year at a time (consecutive periods), the hedge assuming a volatility near the asset's own, hedged at most daily.\n\n{historical}\n![value at expiry against the index at expiry, Whalley–Wilmott band, 60 % realised](insurance.svg)\n", setup.floor * 100.0, setup.assumed_vol * 100.0, setup.cost_bps, setup.risk_aversion, start.elapsed().as_secs_f64())).map_err(|e| e.to_string())?;
            println!("{table}\n{historical}");
            Ok(())
        }
        "stress" => {
            let results = ballast_sim::stress::run_all(&config(args)?);
            let table = ballast_sim::stress::table(&results);
            std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
            std::fs::write(out.join("stress.md"), format!("# Stress scenarios\n\nOne day of minute prices at the demo's levels, one event each, through the program's rules (the breaker observes every minute).\n\n{table}")).map_err(|e| e.to_string())?;
            println!("{table}");
            Ok(())
        }
        "generate" => {
            let path = prices(args)?;
            let file = flag(args, "--out").ok_or("--out FILE.csv is required")?;
            std::fs::write(&file, path.to_csv()).map_err(|e| format!("{file}: {e}"))
        }
        _ => {
            println!("{HELP}");
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
