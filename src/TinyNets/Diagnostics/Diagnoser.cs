using TinyNets.Diagnostics.Rules;

namespace TinyNets.Diagnostics;

/// <summary>A rule that turns a run's series into findings.</summary>
public interface IDiagnosisRule
{
    string Name { get; }
    IEnumerable<Finding> Check(RunTrace trace);
}

/// <summary>Runs every rule over a trace; findings come most severe first.</summary>
public static class Diagnoser
{
    public static readonly IDiagnosisRule[] Rules =
    [
        new ExplodingGradients(), new Oscillation(), new VanishingGradients(), new DeadRelu(), new Saturation(),
        new LossPlateau(), new Overfitting(), new InitMismatch(), new StillImproving(),
    ];

    public static IReadOnlyList<Finding> Diagnose(RunTrace trace) =>
        Rules.SelectMany(r => r.Check(trace)).OrderByDescending(f => f.Severity).ThenBy(f => f.FirstStep).ToArray();
}
