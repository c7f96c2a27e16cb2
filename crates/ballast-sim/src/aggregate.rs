//! The sweep's grid over many price paths (seeds): how each policy ranks across them, and whether
//! the volatility-widened band beats the best fixed band path by path rather than on one path.
use crate::sweep::Row;

/// One policy across every path.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicySummary {
    pub policy: String,
    pub widened: bool,
    /// Mean over paths of tracking error (bps) + cost (bps of the starting value).
    pub mean_score: f64,
    /// Mean over paths of the competition rank (1 + policies scoring strictly lower; ties share).
    pub mean_rank: f64,
    /// Paths on which it ranked first (ties count for each).
    pub firsts: usize,
}

/// A widened and a fixed policy compared path by path.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadToHead {
    pub widened: String,
    pub fixed: String,
    /// Paths on which the widened policy scored strictly lower.
    pub wins: usize,
    /// Mean over paths of (fixed − widened) / fixed, percent: positive when widening helps.
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
    /// the comparison a vault that must choose its parameters in advance faces.
    pub fixed_choice: HeadToHead,
}

fn gain_pct(fixed: f64, widened: f64) -> f64 {
    (fixed - widened) / fixed * 100.0
}

/// Aggregates one sweep per path. Every sweep must hold the same policies (the same grid); `None`
/// when there are no paths or a grid lacks a widened or a fixed policy.
pub fn aggregate(runs: &[Vec<Row>]) -> Option<Aggregate> {
    let first = runs.first()?;
    let score = |run: &[Row], policy: &str| run.iter().find(|r| r.policy == policy).map(|r| r.score).expect("every sweep runs the same grid");
    let mut policies: Vec<PolicySummary> = first
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
            PolicySummary { policy: row.policy.clone(), widened: row.widened, mean_score: total / runs.len() as f64, mean_rank: ranks / runs.len() as f64, firsts }
        })
        .collect();
    policies.sort_by(|a, b| a.mean_score.total_cmp(&b.mean_score));
    let best = |run: &[Row], widened: bool| run.iter().filter(|r| r.widened == widened).min_by(|a, b| a.score.total_cmp(&b.score)).map(|r| (r.policy.clone(), r.score));
    let mut best_of_each = HeadToHead { widened: "best widened of each path".into(), fixed: "best fixed of each path".into(), wins: 0, mean_gain_pct: 0.0 };
    for run in runs {
        let ((_, w), (_, f)) = (best(run, true)?, best(run, false)?);
        best_of_each.wins += usize::from(w < f);
        best_of_each.mean_gain_pct += gain_pct(f, w) / runs.len() as f64;
    }
    let widened = policies.iter().find(|p| p.widened)?.policy.clone();
    let fixed = policies.iter().find(|p| !p.widened)?.policy.clone();
    let mut fixed_choice = HeadToHead { widened: widened.clone(), fixed: fixed.clone(), wins: 0, mean_gain_pct: 0.0 };
    for run in runs {
        let (w, f) = (score(run, &widened), score(run, &fixed));
        fixed_choice.wins += usize::from(w < f);
        fixed_choice.mean_gain_pct += gain_pct(f, w) / runs.len() as f64;
    }
    Some(Aggregate { paths: runs.len(), policies, best_of_each, fixed_choice })
}
