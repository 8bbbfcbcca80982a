namespace TinyNets.Diagnostics.Rules;

/// <summary>
/// A NaN or infinite loss or gradient (error), or a total gradient norm that jumps to more than 100 times its median
/// over the first tenth of the run (warning). The untrained net's own large gradients, before the norm first falls
/// within 10 times that median, are where the run starts, not a jump: a regression fitted to 1e-6 starts at 100 times
/// the gradients it trains with.
/// </summary>
public sealed class ExplodingGradients : IDiagnosisRule
{
    public string Name => "exploding-gradients";

    public IEnumerable<Finding> Check(RunTrace trace)
    {
        var loss = trace.Column("loss");
        var norms = trace.Steps.Where(kv => kv.Key.EndsWith(".grad_norm", StringComparison.Ordinal)).Select(kv => kv.Value).ToArray();
        int rows = loss.Length;
        for (int r = 0; r < rows; r++)
            if (float.IsInfinity(loss[r]) || norms.Any(n => !float.IsFinite(n[r])))
            {
                yield return new Finding(Name, Severity.Error, Series.Step(trace, r), Series.Step(trace, rows - 1), null,
                    $"At step {Series.Step(trace, r)} the loss or a gradient became infinite or NaN: the updates overshot until the numbers overflowed.",
                    "Lower the learning rate (a factor of 10 is a good first try) or clip gradients with --clip-grad-norm 1.");
                yield break;
            }
        if (rows < 10 || norms.Length == 0) yield break;
        var total = Enumerable.Range(0, rows).Select(r => (float)Math.Sqrt(norms.Sum(n => (double)n[r] * n[r]))).ToArray();
        double baseline = Series.Median(total.Take(Math.Max(5, rows / 10)).ToArray());
        int settled = Array.FindIndex(total, t => t <= 10 * baseline);
        var spikes = Enumerable.Range(settled + 1, rows - settled - 1).Where(r => total[r] > 100 * baseline && total[r] > 1).ToArray();
        if (spikes.Length == 0) yield break;
        float peak = spikes.Max(r => total[r]);
        yield return new Finding(Name, Severity.Warning, Series.Step(trace, spikes[0]), Series.Step(trace, spikes[^1]), null,
            $"The gradient norm jumped to {Series.Number(peak)}, {Series.Number(peak / baseline)} times its early median of {Series.Number(baseline)}: some updates are far larger than the rest.",
            "Clip gradients (--clip-grad-norm 1) or lower the learning rate.");
    }
}
