using TinyNets.Studies.Specs;
using TinyNets.Studies.Storage;

namespace TinyNets.Studies.Analysis;

/// <summary>One round of an experiment (a stage, or a rung of successive halving) with its ranking.</summary>
public sealed record RoundResult(int Round, string Name, IReadOnlyList<Standing> Standings)
{
    public Standing? Winner => Standings.FirstOrDefault(s => s.Bad == 0 && s.Objective.Count > 0);
}

/// <summary>An experiment's trials, rounds, leader and finding.</summary>
public sealed record ExperimentAnalysis(ExperimentSpec Spec, IReadOnlyList<TrialRecord> Trials, IReadOnlyList<RoundResult> Rounds, FindingResult? Finding)
{
    /// <summary>The best configuration of the last round: the one the search ends with.</summary>
    public Standing? Leader => Rounds.Count == 0 ? null : Rounds[^1].Winner;
}

/// <summary>What a study found so far, from its store: used by the report, <c>study status</c> and the closing summary.</summary>
public sealed class StudyAnalysis
{
    private readonly IStudyStore _store;
    private readonly Dictionary<long, IReadOnlyList<EpochRow>> _epochs = [];

    private StudyAnalysis(StudySpec spec, IStudyStore store, IReadOnlyList<TrialRecord> trials)
    {
        Spec = spec;
        _store = store;
        Trials = trials;
        Experiments = spec.Experiments.Select(e =>
        {
            var own = trials.Where(t => t.Experiment == e.Name).ToArray();
            var rounds = own.GroupBy(t => t.Round).OrderBy(g => g.Key)
                .Select(g => new RoundResult(g.Key, RoundName(e, g.Key), Leaderboard.Rank(g, e.Objective))).ToArray();
            return new ExperimentAnalysis(e, own, rounds, e.Finding is null ? null : FindingCheck.Evaluate(e.Finding, own, Epochs));
        }).ToArray();
    }

    public StudySpec Spec { get; }
    public IReadOnlyList<TrialRecord> Trials { get; }
    public IReadOnlyList<ExperimentAnalysis> Experiments { get; }

    public static StudyAnalysis Load(StudySpec spec, IStudyStore store, long study) => new(spec, store, store.Trials(study));

    /// <summary>A trial's per-epoch metrics (read once).</summary>
    public IReadOnlyList<EpochRow> Epochs(TrialRecord trial)
    {
        lock (_epochs)
        {
            if (!_epochs.TryGetValue(trial.Id, out var rows)) _epochs[trial.Id] = rows = _store.Epochs(trial.Id);
            return rows;
        }
    }

    public static string RoundName(ExperimentSpec e, int round) => e.Strategy switch
    {
        Strategy.Staged => $"stage {round + 1}: {e.Stages[round].Name}",
        Strategy.Halving => $"rung {round + 1}: {Search.Planner.RungEpochs(e, round)} epochs",
        _ => "search",
    };

    public static string ObjectiveName(Objective o) => o == Objective.ValidationAccuracy ? "val-accuracy" : "val-loss";

    /// <summary>The objective as measured: on the training rows when the experiment's data has no validation split, which
    /// <paramref name="note"/> says ("train-loss (no validation split)"); without it, for an axis, "train-loss".</summary>
    public static string ObjectiveName(ExperimentAnalysis e, bool note = true)
    {
        bool validation = e.Trials.All(t => t.Outcome is null || t.Outcome.ValLoss is not null);
        string name = ObjectiveName(e.Spec.Objective);
        return validation ? name : name.Replace("val-", "train-", StringComparison.Ordinal) + (note ? " (no validation split)" : "");
    }

    /// <summary>The replicate with the best objective: the one whose model stands for its configuration.</summary>
    public static TrialRecord? BestTrial(Standing standing, Objective objective)
    {
        var good = standing.Trials.Where(t => t.Path is not null && t.Outcome?.Objective is double v && double.IsFinite(v));
        return objective == Objective.ValidationAccuracy
            ? good.OrderByDescending(t => t.Outcome!.Objective).ThenBy(t => t.Id).FirstOrDefault()
            : good.OrderBy(t => t.Outcome!.Objective).ThenBy(t => t.Id).FirstOrDefault();
    }

    /// <summary>
    /// The trials the experiments' plans hold that the trial budget left out, 0 when it left none out: the rest of a round
    /// it cut short, or the next stage or rung (those after it depend on how that one goes, and are not counted).
    /// </summary>
    public int LeftOutByBudget() => Spec.Budget.Trials is int cap && Trials.Count >= cap
        ? Experiments.Select((e, i) => Search.Planner.Next(e.Spec, i, e.Trials).Add.Count).Sum()
        : 0;

    /// <summary>A sentence on what the trial budget left out, or null when it left nothing out.</summary>
    public string? BudgetNote() => LeftOutByBudget() is int left and > 0
        ? $"The trial budget ({Spec.Budget.Trials} trials) stopped the study with {left} planned trial(s) not run; raise budget: {{trials: N}} in the spec and run it again into this folder to add them."
        : null;

    /// <summary>Per experiment: its best configuration, and whether its finding held.</summary>
    public IEnumerable<string> SummaryLines()
    {
        foreach (var e in Experiments)
        {
            string objective = ObjectiveName(e);
            if (e.Leader is { } best)
            {
                yield return $"  {e.Spec.Name}: best {best.Configuration}: {objective} {best.Objective} over {best.Objective.Count} seed(s)";
            }
            else yield return $"  {e.Spec.Name}: no finished configuration yet";
            if (e.Finding is { } f) yield return $"    finding {f.Statement}";
        }
    }
}
