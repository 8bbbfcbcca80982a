namespace TinyNets.Diagnostics.Rules;

/// <summary>
/// A ReLU layer where, over the last quarter of the run, at least half the units (warning; 90%: error) output zero
/// for every example of the batch: dead units pass no gradient and never recover.
/// </summary>
public sealed class DeadRelu : IDiagnosisRule
{
    public string Name => "dead-relu";

    public IEnumerable<Finding> Check(RunTrace trace)
    {
        foreach (var (layer, kind) in trace.Activations.OrderBy(a => a.Key))
        {
            if (kind != "relu") continue;
            var tail = Series.Tail(trace.Column($"{layer}.dead_fraction"), 0.25);
            if (tail.Length == 0) continue;
            double dead = tail.Average(t => t.Value);
            if (dead < 0.5) continue;
            yield return new Finding(Name, dead >= 0.9 ? Severity.Error : Severity.Warning,
                Series.Step(trace, tail[0].Row), Series.Step(trace, tail[^1].Row), $"{layer}",
                $"{Series.Percent(dead)} of the ReLU units after layer {layer - 1} output zero for every example: they pass no gradient, so they never come back.",
                "Lower the learning rate, try --activation leaky-relu or --init he-uniform, or let --restarts start again from a fresh initialization.");
        }
    }
}
