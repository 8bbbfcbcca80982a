namespace TinyNets.Diagnostics.Rules;

/// <summary>
/// Training ran to its epoch limit while the loss (validation, or training when there is no validation set) was still
/// falling: the best of the last tenth of the epochs (at least five) is more than 1% below the best before them.
/// Early stopping would have ended a run that had stopped improving, so the net had more to learn. A classifier that
/// already gets 99% right at its best epoch is left alone: more epochs would only sharpen it.
/// </summary>
public sealed class StillImproving : IDiagnosisRule
{
    public string Name => "still-improving";

    public IEnumerable<Finding> Check(RunTrace trace)
    {
        var epochs = trace.Epochs;
        if (trace.EpochLimit is not int limit || epochs.Count < 10 || epochs[^1].Epoch < limit) yield break;
        bool validation = epochs.All(e => e.ValidationLoss is double v && double.IsFinite(v));
        double Loss(Training.EpochMetrics e) => validation ? e.ValidationLoss!.Value : e.TrainLoss;
        int window = Math.Max(5, epochs.Count / 10);
        var before = epochs.Take(epochs.Count - window).Where(e => double.IsFinite(Loss(e))).ToArray();
        var last = epochs.Skip(epochs.Count - window).Where(e => double.IsFinite(Loss(e))).ToArray();
        if (before.Length == 0 || last.Length == 0) yield break;
        var earlier = before.MinBy(Loss)!;
        var best = last.MinBy(Loss)!;
        if (!(Loss(best) < 0.99 * Loss(earlier)) || (best.ValidationAccuracy ?? best.TrainAccuracy) >= 0.99) yield break;
        string which = validation ? "validation" : "training";
        yield return new Finding(Name, Severity.Info, epochs[epochs.Count - window - 1].Steps, epochs[^1].Steps, null,
            $"Training stopped at its epoch limit ({limit}) while the {which} loss was still falling: {Series.Number(Loss(earlier))} at best up to epoch {before[^1].Epoch}, {Series.Number(Loss(best))} at epoch {best.Epoch}. The net had more to learn.",
            $"Train longer (--epochs {2 * limit}: early stopping still ends the run once it stops improving) or raise --lr.");
    }
}
