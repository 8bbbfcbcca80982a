using TinyNets.Studies.Specs;
using TinyNets.Studies.Storage;

namespace TinyNets.Studies.Analysis;

/// <summary>One configuration's replicates, summarized: the objective's mean and 95% interval over seeds.</summary>
/// <param name="Bad">Replicates that diverged or failed: a configuration with any ranks after every configuration without.</param>
public sealed record Standing(string Experiment, int Round, string Configuration, IReadOnlyDictionary<string, string> Parameters,
    Interval Objective, int Bad, IReadOnlyList<TrialRecord> Trials);

/// <summary>Ranks an experiment round's configurations by their mean objective over seeds.</summary>
public static class Leaderboard
{
    /// <summary>Best first. Trials still queued or running are left out; pruned trials count (they ran in full at their rung).</summary>
    public static IReadOnlyList<Standing> Rank(IEnumerable<TrialRecord> trials, Objective objective)
    {
        var standings = trials
            .Where(t => t.State is TrialState.Complete or TrialState.Pruned or TrialState.Diverged or TrialState.Failed)
            .GroupBy(t => (t.Experiment, t.Round, t.Configuration))
            .Select(g =>
            {
                var good = g.Where(t => t.State is TrialState.Complete or TrialState.Pruned && t.Outcome?.Objective is double v && double.IsFinite(v)).ToArray();
                return new Standing(g.Key.Experiment, g.Key.Round, g.Key.Configuration, g.First().Parameters,
                    Interval.Of(good.Select(t => t.Outcome!.Objective!.Value).ToArray()), g.Count() - good.Length, g.OrderBy(t => t.Replicate).ToArray());
            })
            .ToList();
        double sign = objective == Objective.ValidationAccuracy ? -1 : 1;
        return standings
            .OrderBy(s => s.Bad > 0 || s.Objective.Count == 0)
            .ThenBy(s => s.Objective.Count == 0 ? double.PositiveInfinity : sign * s.Objective.Mean)
            .ThenBy(s => s.Trials.Min(t => t.Id))
            .ToArray();
    }
}
