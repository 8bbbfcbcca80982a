namespace TinyNets.Diagnostics.Rules;

/// <summary>
/// A training loss that ends 10% above where it started (error: divergence), or that bounces over at least 10 epochs
/// (warning: oscillation): it rises by more than 5% from one epoch to the next in at least 30% of them, or over the last
/// half it jumps about its own trend by 5% of its level on average (<see cref="Series.Roughness"/>; a smooth fall, at
/// any speed, is under 1%). Both say the learning rate is too high.
/// A net that ends fitting its training data, or at a tenth of its untrained loss, is not warned of oscillation
/// (<see cref="RunTrace.Settled"/>): its loss is then small, and rises of 5% of it are noise of the minibatches, not
/// steps too large.
/// </summary>
public sealed class Oscillation : IDiagnosisRule
{
    public string Name => "learning-rate-too-high";

    public IEnumerable<Finding> Check(RunTrace trace)
    {
        var losses = trace.Epochs.Select(e => e.TrainLoss).Where(double.IsFinite).ToArray();
        long last = trace.Epochs.Count > 0 ? trace.Epochs[^1].Steps : 0;
        if (losses.Length >= 2 && losses[^1] > losses[0] * 1.1)
        {
            yield return new Finding(Name, Severity.Error, 0, last, null,
                $"The training loss grew from {Series.Number(losses[0])} in the first epoch to {Series.Number(losses[^1])} in the last: the steps are so large they climb out of the valley.",
                "Lower the learning rate by 3 to 10 times.");
            yield break;
        }
        if (losses.Length < 10 || trace.Settled) yield break;
        int ups = Enumerable.Range(1, losses.Length - 1).Count(i => losses[i] > losses[i - 1] * 1.05);
        double share = (double)ups / (losses.Length - 1);
        double roughness = Series.Roughness(losses[(losses.Length / 2)..]);
        const string Fix = "Lower the learning rate, or add a schedule (--lr-schedule plateau) to lower it as training goes.";
        if (share >= 0.3)
            yield return new Finding(Name, Severity.Warning, 0, last, null,
                $"The training loss went up from one epoch to the next {Series.Percent(share)} of the time: it bounces instead of settling.", Fix);
        else if (roughness >= 0.05)
            yield return new Finding(Name, Severity.Warning, trace.Epochs[trace.Epochs.Count / 2].Steps, last, null,
                $"Over the second half of training the loss jumped up and down by {Series.Percent(roughness)} of its level from one epoch to the next (on average, around its trend): it bounces instead of settling.", Fix);
    }
}
