using TinyNets.Randomness;
using TinyNets.Runs;
using TinyNets.Studies.Analysis;
using TinyNets.Studies.Specs;
using TinyNets.Studies.Storage;

namespace TinyNets.Studies.Search;

/// <summary>What an experiment does next: trials to queue, trials to prune, or nothing because it is finished.</summary>
public sealed record PlanStep(IReadOnlyList<NewTrial> Add, IReadOnlyList<long> Prune, bool Finished)
{
    public static readonly PlanStep Wait = new([], [], false);
    public static readonly PlanStep Done = new([], [], true);
}

/// <summary>
/// Plans an experiment round by round from the trials the store holds, and from nothing else: the same spec and the same
/// finished trials give the same plan, so a study resumed after a crash plans exactly what it would have.
/// A round is a stage (staged search), a rung (successive halving), or the whole search (grid, random).
/// </summary>
public static class Planner
{
    public static PlanStep Next(ExperimentSpec experiment, int index, IReadOnlyList<TrialRecord> trials)
    {
        if (trials.Count == 0)
            return new PlanStep(Round(experiment, index, 0, new Dictionary<string, string>(), experiment.Strategy == Strategy.Halving ? RungEpochs(experiment, 0) : null), [], false);
        int round = trials.Max(t => t.Round);
        var current = trials.Where(t => t.Round == round).ToArray();
        if (current.Any(t => t.State is TrialState.Queued or TrialState.Running)) return PlanStep.Wait;
        // A round the trial budget cut short: the rest of it, once the budget leaves room (a raised budget). The round is
        // planned again from the rounds before it, which gives the same trials it was planned with.
        var queued = current.Select(t => (t.Configuration, t.Replicate)).ToHashSet();
        var missing = Next(experiment, index, trials.Where(t => t.Round < round).ToArray()).Add
            .Where(p => !queued.Contains((p.Configuration, p.Replicate))).ToArray();
        if (missing.Length > 0) return new PlanStep(missing, [], false);
        var ranked = Leaderboard.Rank(current, experiment.Objective);
        switch (experiment.Strategy)
        {
            case Strategy.Staged when round + 1 < experiment.Stages.Count:
                var winner = ranked.FirstOrDefault(s => s.Bad == 0 && s.Objective.Count > 0);
                if (winner is null) return PlanStep.Done;   // every configuration failed: nothing to carry forward
                return new PlanStep(Round(experiment, index, round + 1, winner.Parameters, null), [], false);
            case Strategy.Halving:
                int epochs = RungEpochs(experiment, round);
                if (epochs >= experiment.Base.Epochs || ranked.Count <= 1) return PlanStep.Done;
                int keep = Math.Max(1, (int)Math.Ceiling(ranked.Count / (double)experiment.Halving!.Factor));
                var promoted = ranked.Take(keep).ToArray();
                var pruned = ranked.Skip(keep).SelectMany(s => s.Trials).Where(t => t.State == TrialState.Complete).Select(t => t.Id).ToArray();
                var next = promoted.SelectMany(s => Trials(experiment, round + 1, s.Configuration, s.Parameters, RungEpochs(experiment, round + 1)));
                return new PlanStep(SeedMajor(next), pruned, false);
            default:
                return PlanStep.Done;
        }
    }

    /// <summary>Rung k of successive halving trains for min-epochs × factor^k epochs, at most the base's.</summary>
    public static int RungEpochs(ExperimentSpec experiment, int rung)
    {
        var h = experiment.Halving!;
        double epochs = h.MinEpochs * Math.Pow(h.Factor, rung);
        return (int)Math.Min(epochs, experiment.Base.Epochs);
    }

    private static IReadOnlyList<NewTrial> Round(ExperimentSpec experiment, int index, int round, IReadOnlyDictionary<string, string> fixedValues, int? epochs)
    {
        var stage = experiment.Stages[experiment.Strategy == Strategy.Staged ? round : 0];
        var points = stage.Random
            ? SearchSpace.Random(stage.Space, stage.Trials!.Value, RandomStream.Derive(experiment.Base.Seed, 0x5EA2C4, (ulong)index, (ulong)round))
            : SearchSpace.Grid(stage.Space);
        return SeedMajor(points.SelectMany(p =>
        {
            var values = fixedValues.Where(f => p.Values.All(v => v.Key != f.Key)).Concat(p.Values).ToArray();
            return Trials(experiment, round, new Point(values).ToString(), values.ToDictionary(), epochs);
        }));
    }

    /// <summary>
    /// Every configuration's first seed, then every configuration's second, and so on: the order trials are queued and
    /// run in. A trial budget or a time budget that ends the study early then leaves every configuration tried at least
    /// once (in configuration order, one seed each before any gets another) rather than the last ones never tried.
    /// </summary>
    private static NewTrial[] SeedMajor(IEnumerable<NewTrial> trials) => trials.OrderBy(t => t.Replicate).ToArray();

    private static IEnumerable<NewTrial> Trials(ExperimentSpec experiment, int round, string configuration, IReadOnlyDictionary<string, string> values, int? epochs)
    {
        var config = SearchSpace.Apply(experiment.Base, values, experiment.Stages.SelectMany(s => s.Space));
        if (epochs is int e) config = config with { Epochs = e };
        try { config.Validate(); }
        catch (TinyNetsException error) { throw new TinyNetsException($"experiment '{experiment.Name}', configuration {configuration}: {error.Message}"); }
        for (int r = 0; r < experiment.Seeds; r++)
        {
            var seeded = config with { Seed = config.Seed + (ulong)r };
            yield return new NewTrial(experiment.Name, round, configuration, values, r, seeded.Seed, RunConfigYaml.Write(seeded));
        }
    }
}
