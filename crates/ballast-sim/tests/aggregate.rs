//! Aggregation across paths, on scores small enough to check by hand, and on real sweeps.
use ballast_sim::aggregate::aggregate;
use ballast_sim::config::SimConfig;
use ballast_sim::paths::{generate, Dynamics};
use ballast_sim::sweep::{sweep, Kind, Row};

fn row(policy: &str, widened: bool, score: f64) -> Row {
    let kind = if widened { Kind::Widened } else { Kind::Fixed };
    Row { policy: policy.into(), kind, metrics: Default::default(), score }
}

#[test]
fn ranks_and_head_to_heads_by_hand() {
    // Path 1: fixed A 100, widened W 90, fixed B 120 → ranks A 2, W 1, B 3.
    // Path 2: fixed A 100, widened W 150, fixed B 100 → ranks A 1, W 3, B 1 (a tie shares rank 1).
    let runs = vec![
        vec![row("A", false, 100.0), row("W", true, 90.0), row("B", false, 120.0)],
        vec![row("B", false, 100.0), row("A", false, 100.0), row("W", true, 150.0)],
    ];
    let a = aggregate(&runs).expect("both kinds present");
    assert_eq!(a.paths, 2);
    let names: Vec<&str> = a.policies.iter().map(|p| p.policy.as_str()).collect();
    assert_eq!(names, ["A", "B", "W"], "by mean score: A 100, B 110, W 120");
    let (pa, pb, pw) = (&a.policies[0], &a.policies[1], &a.policies[2]);
    assert_eq!((pa.mean_score, pa.mean_rank, pa.firsts), (100.0, 1.5, 1));
    assert_eq!((pb.mean_score, pb.mean_rank, pb.firsts), (110.0, 2.0, 1));
    assert_eq!((pw.mean_score, pw.mean_rank, pw.firsts), (120.0, 2.0, 1));
    // Per path, best widened vs best fixed: 90 < 100 (gain +10%), 150 > 100 (gain −50%) → 1 win, −20%.
    assert_eq!(a.best_of_each.wins, 1);
    assert!((a.best_of_each.mean_gain_pct - -20.0).abs() < 1e-12);
    // Chosen in advance: W (only widened) against A (best mean fixed): the same two paths here.
    assert_eq!((a.fixed_choice.challenger.as_str(), a.fixed_choice.fixed.as_str()), ("W", "A"));
    assert_eq!(a.fixed_choice.wins, 1);
    assert!((a.fixed_choice.mean_gain_pct - -20.0).abs() < 1e-12);
    // Out of sample: on path 1 alone W (90) and A (100) are best of their kinds; on path 2, the
    // held-out one, W scores 150 against A's 100 → no win, (100 − 150) / 100 = −50%.
    let oos = a.out_of_sample.expect("two paths");
    assert_eq!((oos.challenger.as_str(), oos.fixed.as_str(), oos.wins), ("W", "A", 0));
    assert!((oos.mean_gain_pct - -50.0).abs() < 1e-12);
}

#[test]
fn nothing_to_aggregate_without_paths_or_without_both_kinds() {
    assert!(aggregate(&[]).is_none());
    assert!(aggregate(&[vec![row("A", false, 1.0)]]).is_none());
    // One path: nothing to hold out.
    assert!(aggregate(&[vec![row("A", false, 1.0), row("W", true, 2.0)]]).expect("both kinds").out_of_sample.is_none());
}

#[test]
fn real_sweeps_on_three_seeds_aggregate_every_policy() {
    let assets = [
        Dynamics { start: 1.0, drift: 0.0, volatility: 0.0, jumps_per_year: 0.0, jump_size: 0.0 },
        Dynamics { start: 150.0, drift: 0.0, volatility: 0.8, jumps_per_year: 0.0, jump_size: 0.0 },
    ];
    let cfg = SimConfig { targets_bps: vec![5_000, 5_000], decimals: vec![6, 9], ..SimConfig::demo() };
    let runs: Vec<Vec<Row>> = (1..=3).map(|seed| sweep(&generate(seed, 2_000, 60, &assets), &cfg)).collect();
    let a = aggregate(&runs).expect("the grid has both kinds");
    assert_eq!(a.policies.len(), 54);
    assert!(a.policies.windows(2).all(|w| w[0].mean_score <= w[1].mean_score));
    // Every path has a first place (ties included), and every rank is within the grid.
    assert!(a.policies.iter().map(|p| p.firsts).sum::<usize>() >= 3);
    assert!(a.policies.iter().all(|p| (1.0..=54.0).contains(&p.mean_rank)));
    assert!(a.best_of_each.wins <= 3 && a.fixed_choice.wins <= 3);
}
