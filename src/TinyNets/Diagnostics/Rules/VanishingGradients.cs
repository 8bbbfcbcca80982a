namespace TinyNets.Diagnostics.Rules;

/// <summary>
/// The first layer's weight gradients more than 1000 times smaller than the last layer's, in the median over the run
/// (at least 20 recorded steps): the first layers barely learn.
/// </summary>
public sealed class VanishingGradients : IDiagnosisRule
{
    public string Name => "vanishing-gradients";

    public IEnumerable<Finding> Check(RunTrace trace)
    {
        var keys = trace.WeightKeys;
        if (keys.Length < 2) yield break;
        var first = trace.Column($"{keys[0]}.grad_norm");
        var last = trace.Column($"{keys[^1]}.grad_norm");
        var ratios = Series.Finite(first.Zip(last, (f, l) => l > 0 ? f / l : float.NaN));
        if (ratios.Length < 20) yield break;
        double median = Series.Median(ratios);
        if (median < 1e-3)
            yield return new Finding(Name, Severity.Warning, Series.Step(trace, 0), Series.Step(trace, first.Length - 1), keys[0],
                $"The gradients of {keys[0]} are {Series.Number(1 / median)} times smaller than those of {keys[^1]} (median over the run): the signal fades on its way back, and the first layers hardly learn.",
                "Use ReLU with He initialization (--activation relu --init he-uniform), fewer layers, or Adam, which rescales each weight's step.");
    }
}
