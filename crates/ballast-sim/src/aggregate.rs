//! The sweep's grid over many price paths (seeds): how each policy ranks across them, and whether
//! the volatility-widened band beats the best fixed band path by path rather than on one path.
use crate::sweep::{Kind, Row};

/// One policy across every path.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicySummary {
    pub policy: String,
    pub kind: Kind,
    /// Mean over paths of tracking error (bps) + cost (bps of the starting value).
    pub mean_score: f64,
    /// Mean over paths of the competition rank (1 + policies scoring strictly lower; ties share).
    pub mean_rank: f64,
    /// Paths on which it ranked first (ties count for each).
    pub firsts: usize,
}

/// A challenger (a widened band or a drift gate) and a fixed policy compared path by path.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadToHead {
    pub challenger: String,
    pub fixed: String,
    /// Paths on which the challenger scored strictly lower.
    pub wins: usize,
    /// Mean over paths of (fixed − challenger) / fixed, percent: positive when the challenger helps.
    pub mean_gain_pct: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Aggregate {
    pub paths: usize,
    /// Every policy, best mean score first.
    pub policies: Vec<PolicySummary>,
    /// Each path's best widened policy against its best fixed one (chosen after the fact, per path).
    pub best_of_each: HeadToHead,
    /// The widened and the fixed policy with the best mean score, held the same on every path:
    /// the comparison a vault that must choose its parameters in advance faces (chosen in sample).
    pub fixed_choice: HeadToHead,
    /// The same choice made on the first half of the paths and compared on the second half only:
    /// out of sample. `None` with fewer than two paths.
    pub out_of_sample: Option<HeadToHead>,
    /// The best drift gate against the best fixed band, chosen in advance (in sample) and out of
    /// sample as above (`None` when the grid has no drift gate, or too few paths).
    pub gate_choice: Option<HeadToHead>,
    pub gate_out_of_sample: Option<HeadToHead>,
}

fn gain_pct(fixed: f64, challenger: f64) -> f64 {
    (fixed - challenger) / fixed * 100.0
}

/// Aggregates one sweep per path. Every sweep must hold the same policies (the same grid); `None`
/// when there are no paths or a grid lacks a widened or a fixed policy.
pub fn aggregate(runs: &[Vec<Row>]) -> Option<Aggregate> {
    let policies = summarise(runs)?;
    let best = |run: &[Row], kind: Kind| run.iter().filter(|r| r.kind == kind).map(|r| r.score).min_by(f64::total_cmp);
    let mut best_of_each = HeadToHead {
        challenger: "best widened of each path".into(),
        fixed: "best fixed of each path".into(),
        wins: 0,
        mean_gain_pct: 0.0,
    };
    for run in runs {
        let (w, f) = (best(run, Kind::Widened)?, best(run, Kind::Fixed)?);
        best_of_each.wins += usize::from(w < f);
        best_of_each.mean_gain_pct += gain_pct(f, w) / runs.len() as f64;
    }
    let fixed_choice = compare(runs, &policies, Kind::Widened)?;
    let half = runs.len() / 2;
    let held_out = |kind: Kind| {
        if half == 0 {
            None
        } else {
            compare(&runs[half..], &summarise(&runs[..half])?, kind)
        }
    };
    let out_of_sample = held_out(Kind::Widened);
    let gate_choice = compare(runs, &policies, Kind::Gated);
    let gate_out_of_sample = held_out(Kind::Gated);
    Some(Aggregate {
        paths: runs.len(),
        policies,
        best_of_each,
        fixed_choice,
        out_of_sample,
        gate_choice,
        gate_out_of_sample,
    })
}

/// Every policy of the grid over `runs`, best mean score first.
fn summarise(runs: &[Vec<Row>]) -> Option<Vec<PolicySummary>> {
    let mut policies: Vec<PolicySummary> = runs
        .first()?
        .iter()
        .map(|row| {
            let (mut total, mut ranks, mut firsts) = (0.0, 0.0, 0);
            for run in runs {
                let own = score(run, &row.policy);
                let rank = 1 + run.iter().filter(|r| r.score < own).count();
                total += own;
                ranks += rank as f64;
                firsts += usize::from(rank == 1);
            }
            PolicySummary {
                policy: row.policy.clone(),
                kind: row.kind,
                mean_score: total / runs.len() as f64,
                mean_rank: ranks / runs.len() as f64,
                firsts,
            }
        })
        .collect();
    policies.sort_by(|a, b| a.mean_score.total_cmp(&b.mean_score));
    Some(policies)
}

fn score(run: &[Row], policy: &str) -> f64 {
    run.iter().find(|r| r.policy == policy).map(|r| r.score).expect("every sweep runs the same grid")
}

/// The best-ranked policy of the `challenger` kind and the best fixed one of `ranking`, compared
/// path by path on `runs`.
fn compare(runs: &[Vec<Row>], ranking: &[PolicySummary], challenger: Kind) -> Option<HeadToHead> {
    let challenger = ranking.iter().find(|p| p.kind == challenger)?.policy.clone();
    let fixed = ranking.iter().find(|p| p.kind == Kind::Fixed)?.policy.clone();
    let mut h = HeadToHead { challenger, fixed, wins: 0, mean_gain_pct: 0.0 };
    for run in runs {
        let (w, f) = (score(run, &h.challenger), score(run, &h.fixed));
        h.wins += usize::from(w < f);
        h.mean_gain_pct += gain_pct(f, w) / runs.len() as f64;
    }
    Some(h)
}
