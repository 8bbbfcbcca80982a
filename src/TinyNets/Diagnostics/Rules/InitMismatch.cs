namespace TinyNets.Diagnostics.Rules;

/// <summary>
/// An initialization that does not suit the hidden activation: all-zero weights (error: units never differ),
/// Xavier with ReLU, He with sigmoid or tanh (info).
/// </summary>
public sealed class InitMismatch : IDiagnosisRule
{
    public string Name => "init-mismatch";

    public IEnumerable<Finding> Check(RunTrace trace)
    {
        // Hidden layers only: an output sigmoid after He-initialized ReLU layers is how every binary classifier is built.
        var kinds = trace.Activations.Where(kv => !trace.IsOutput(kv.Key)).Select(kv => kv.Value)
            .Where(k => k is not ("softmax" or "identity" or "dropout")).Distinct().ToArray();
        if (trace.Init == "zeros")
            yield return new Finding(Name, Severity.Error, 0, 0, null,
                "Every weight starts at zero, so every unit of a layer computes the same thing and receives the same update: they never become different.",
                "Use a random initialization (--init default, he-uniform or xavier-uniform).");
        else if (trace.Init.StartsWith("xavier", StringComparison.Ordinal) && kinds.Any(k => k is "relu" or "leaky-relu"))
            yield return new Finding(Name, Severity.Info, 0, 0, null,
                "Xavier initialization keeps the signal's variance for tanh or linear units; ReLU zeroes half of it, so each layer shrinks the signal.",
                "Use --init he-uniform with ReLU.");
        else if (trace.Init.StartsWith("he", StringComparison.Ordinal) && kinds.Any(k => k is "sigmoid" or "tanh"))
            yield return new Finding(Name, Severity.Info, 0, 0, null,
                "He initialization doubles the variance to make up for ReLU's zeros; with sigmoid or tanh that pushes units into their flat tails.",
                "Use --init xavier-uniform with sigmoid or tanh.");
    }
}
