namespace TinyNets.Diagnostics.Rules;

/// <summary>
/// A sigmoid or tanh layer where, over the last quarter of the run, at least half the outputs sit in the flat tails
/// (sigmoid below 0.01 or above 0.99, |tanh| above 0.99), where the derivative is nearly zero.
/// </summary>
public sealed class Saturation : IDiagnosisRule
{
    public string Name => "saturation";

    public IEnumerable<Finding> Check(RunTrace trace)
    {
        foreach (var (layer, kind) in trace.Activations.OrderBy(a => a.Key))
        {
            if (kind is not ("sigmoid" or "tanh")) continue;
            var tail = Series.Tail(trace.Column($"{layer}.saturated_fraction"), 0.25);
            if (tail.Length == 0) continue;
            double saturated = tail.Average(t => t.Value);
            if (saturated < 0.5) continue;
            yield return new Finding(Name, Severity.Warning, Series.Step(trace, tail[0].Row), Series.Step(trace, tail[^1].Row), $"{layer}",
                $"{Series.Percent(saturated)} of the {kind} outputs of layer {layer} are saturated: in the flat tails the derivative is almost zero, so little gradient gets through.",
                "Standardize the inputs, use --init xavier-uniform, lower the learning rate, or switch to --activation relu.");
        }
    }
}
