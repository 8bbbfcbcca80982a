using TinyNets.Training;

namespace TinyNets.Diagnostics.Rules;

/// <summary>
/// Early stopping on a loss keeps the last epoch that beat the best so far by more than <c>--min-delta</c> (Keras
/// semantics). When the losses are about that small, as in a regression fitted closely, later and better epochs do not
/// count: the run keeps weights at least 20% worse, by the monitored loss, than ones it had.
/// </summary>
public sealed class MinDeltaTooLarge : IDiagnosisRule
{
    public string Name => "min-delta-too-large";

    public IEnumerable<Finding> Check(RunTrace trace)
    {
        if (trace.EarlyStopping is not { MinDelta: > 0 } options || options.Monitor.EndsWith("accuracy", StringComparison.Ordinal)
            || trace.BestEpoch is not int bestEpoch)
            yield break;
        static double Loss(EpochMetrics m) => m.ValidationLoss ?? m.TrainLoss;   // what early stopping watched
        var kept = trace.Epochs.FirstOrDefault(e => e.Epoch == bestEpoch);
        var lowest = trace.Epochs.Where(e => double.IsFinite(Loss(e))).MinBy(Loss);
        if (kept is null || lowest is null || !(Loss(lowest) < 0.8 * Loss(kept))) yield break;
        string which = kept.ValidationLoss is null ? "training" : "validation";
        yield return new Finding(Name, Severity.Warning, kept.Steps, lowest.Steps, null,
            $"Early stopping kept epoch {bestEpoch} ({which} loss {Series.Number(Loss(kept))}), though epoch {lowest.Epoch} reached {Series.Number(Loss(lowest))}: " +
            $"it counts only improvements larger than --min-delta {Series.Number(options.MinDelta)}, and this run's losses are about that small.",
            $"Use --min-delta 0, or one about a thousandth of the loss ({Series.Number(Loss(kept) / 1000)}).");
    }
}
