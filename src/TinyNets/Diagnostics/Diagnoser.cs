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
        new LossPlateau(), new Overfitting(), new MinDeltaTooLarge(), new InitMismatch(), new StillImproving(),
    ];

    // Findings that stop a net from learning: next to one of them a loss plateau is their symptom, and the plateau's own
    // advice (raise the learning rate) would contradict theirs.
    private static readonly string[] Causes = ["learning-rate-too-high", "dead-relu", "vanishing-gradients", "saturation"];

    public static IReadOnlyList<Finding> Diagnose(RunTrace trace)
    {
        var findings = Rules.SelectMany(r => r.Check(trace)).OrderByDescending(f => f.Severity).ThenBy(f => f.FirstStep).ToArray();
        if (findings.FirstOrDefault(f => Causes.Contains(f.Rule)) is { } cause)
            for (int i = 0; i < findings.Length; i++)
                if (findings[i].Rule == "loss-plateau")
                    findings[i] = findings[i] with { Fix = $"Deal with the {cause.Rule} finding first: it is the likely reason the loss is stuck." };
        return findings;
    }
}
