using TinyNets.Training;

namespace TinyNets.Diagnostics.Rules;

/// <summary>
/// Early stopping on a loss resets its patience only for an epoch that beats the last such epoch by more than
/// <c>--min-delta</c> (Keras' rule; an absolute amount unless <c>--min-delta-mode rel</c>). When the losses are about that small, as in a regression fitted closely, a loss
/// still falling in smaller steps counts as no progress: the run stopped while its loss was 20% or more below the last
/// epoch that counted. A classifier already 99% right at its lowest loss is left alone: its loss falls on only as it
/// grows surer, and stopping there is what early stopping is for.
/// </summary>
public sealed class MinDeltaTooLarge : IDiagnosisRule
{
    public string Name => "min-delta-too-large";

    public IEnumerable<Finding> Check(RunTrace trace)
    {
        if (trace.EarlyStopping is not { MinDelta: > 0 } options || options.Maximize)
            yield break;
        static double Loss(EpochMetrics m) => m.ValidationLoss ?? m.TrainLoss;   // what early stopping watched
        var epochs = trace.Epochs.Where(e => double.IsFinite(Loss(e))).ToArray();
        if (epochs.Length == 0 || (trace.EpochLimit is int limit && trace.Epochs[^1].Epoch >= limit)) yield break;   // ran to its limit
        // The epoch patience was last counted from, as early stopping found it.
        var counted = epochs[0];
        foreach (var e in epochs)
            if (options.Improves(Loss(e), Loss(counted))) counted = e;
        var lowest = epochs.MinBy(Loss)!;
        if (!(Loss(lowest) < 0.8 * Loss(counted)) || (lowest.ValidationAccuracy ?? lowest.TrainAccuracy) >= 0.99) yield break;
        string which = counted.ValidationLoss is null ? "training" : "validation";
        yield return new Finding(Name, Severity.Warning, counted.Steps, trace.Epochs[^1].Steps, null,
            $"Early stopping ended the run at epoch {trace.Epochs[^1].Epoch} while the {which} loss was still falling, from {Series.Number(Loss(counted))} " +
            $"at epoch {counted.Epoch} to {Series.Number(Loss(lowest))} at epoch {lowest.Epoch}: it counts only improvements larger than " +
            $"--min-delta {Series.Number(options.MinDelta)}, and this run's losses are about that small.",
            $"Use --min-delta-mode rel (min-delta then a fraction of the loss), --min-delta 0, or one about a thousandth of the loss ({Series.Number(Loss(lowest) / 1000)}).");
    }
}
