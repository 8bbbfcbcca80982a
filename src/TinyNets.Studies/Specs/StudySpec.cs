using TinyNets.Runs;
using TinyNets.Studies.Analysis;

namespace TinyNets.Studies.Specs;

/// <summary>
/// A study: one or more experiments, each a search over run configurations, read from a YAML file by
/// <see cref="StudySpecYaml"/>. The text it was read from is kept so a resumed study can check it is the same study.
/// </summary>
/// <param name="TrialReports">Every trial's folder also gets its report.html (with the charts), as <c>tinynets train</c>
/// writes; off, <c>tinynets report DIR/trials/NNNN</c> draws one when asked.</param>
public sealed record StudySpec(string Name, string Text, IReadOnlyList<ExperimentSpec> Experiments, Budget Budget, bool TrialReports = false);

/// <summary>
/// What a study may spend: at most this many trials in all, and this much wall time per run of the runner (no new trial
/// starts after it; running the study again gives it as much again, so a study stopped by its time budget is continued
/// like any other, without editing the spec).
/// </summary>
public sealed record Budget(int? Trials, double? Minutes);

/// <summary>How an experiment searches its space.</summary>
public enum Strategy
{
    /// <summary>Every combination of every parameter's values.</summary>
    Grid,
    /// <summary>A number of configurations drawn at random from the space.</summary>
    Random,
    /// <summary>Ordered stages; the winner of a stage fixes its parameters for the stages after it.</summary>
    Staged,
    /// <summary>Successive halving: every configuration at a small epoch budget, the better part of them at a larger one, and so on.</summary>
    Halving,
}

/// <summary>What decides the winner: the kept model's validation loss (lower wins) or accuracy (higher wins).</summary>
public enum Objective { ValidationLoss, ValidationAccuracy }

/// <summary>
/// One search. <paramref name="Base"/> is the run configuration every trial starts from; a trial is one configuration
/// of the space run once per seed (<paramref name="Seeds"/> replicates, seeds base.seed, base.seed + 1, ...).
/// </summary>
/// <param name="Stages">Grid, random and halving searches have one stage; staged searches have theirs.</param>
/// <param name="Question">Optional: what the experiment asks, shown in the report.</param>
/// <param name="Finding">Optional: the finding to check, stated in the report as held or not and by what margin.</param>
public sealed record ExperimentSpec(string Name, RunConfig Base, Objective Objective, int Seeds, Strategy Strategy,
    IReadOnlyList<StageSpec> Stages, Halving? Halving, string? Question, FindingSpec? Finding);

/// <summary>One stage of a search: a space and how to cover it (grid, or <paramref name="Trials"/> random draws).</summary>
public sealed record StageSpec(string Name, IReadOnlyList<ParameterSpec> Space, bool Random, int? Trials);

/// <summary>Successive halving: rung k trains for <c>MinEpochs × Factor^k</c> epochs (at most the base's) and keeps the best 1/Factor.</summary>
public sealed record Halving(int MinEpochs, int Factor);

/// <summary>A searched parameter: named choices, or a numeric range.</summary>
public abstract record ParameterSpec(string Name);

/// <summary>
/// A list of choices. Each choice has a label (what tables and charts show) and the run keys it sets: <c>lr: [0.01, 0.1]</c>
/// sets <c>lr</c>; a named choice such as <c>momentum: {optimizer: sgd, momentum: 0.9}</c> sets several keys at once.
/// </summary>
public sealed record ChoiceSpec(string Name, IReadOnlyList<Choice> Choices) : ParameterSpec(Name);

/// <summary>One choice: its label and how it changes a run configuration.</summary>
public sealed record Choice(string Label, Func<RunConfig, RunConfig> Apply);

/// <summary>
/// A numeric range of the run key <see cref="ParameterSpec.Name"/>: <paramref name="Count"/> points for a grid, any value
/// for a random draw; on a log scale when <paramref name="Log"/>; rounded to whole numbers when <paramref name="Integer"/>.
/// </summary>
public sealed record RangeSpec(string Name, double Min, double Max, bool Log, bool Integer, int? Count, Func<RunConfig, double, RunConfig> Apply) : ParameterSpec(Name);

/// <summary>
/// A finding to check: on <paramref name="Metric"/>, the choices of parameter <paramref name="Compare"/> should rank as
/// <paramref name="Expect"/> lists them (best first). <paramref name="Groups"/> gives each choice's place in that order
/// (choices with the same place are a tie the finding does not order: <c>expect: [[adam, rmsprop], momentum, sgd]</c>);
/// null when every choice has a place of its own. <paramref name="Reported"/> quotes what was originally reported.
/// </summary>
public sealed record FindingSpec(string Compare, Metric Metric, IReadOnlyList<string> Expect, string? Reported, IReadOnlyList<int>? Groups = null)
{
    /// <summary>The choices by place in the expected order, best first.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Ranked() => Groups is null
        ? Expect.Select(c => (IReadOnlyList<string>)[c]).ToArray()
        : Expect.Select((c, i) => (Choice: c, Group: Groups[i])).GroupBy(x => x.Group).OrderBy(g => g.Key)
            .Select(g => (IReadOnlyList<string>)g.Select(x => x.Choice).ToArray()).ToArray();
}
