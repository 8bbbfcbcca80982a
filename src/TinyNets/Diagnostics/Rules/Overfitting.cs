namespace TinyNets.Diagnostics.Rules;

/// <summary>
/// The validation loss ends at least 10% above its minimum, at least five epochs after it, while the training loss
/// kept falling: the net learns the training rows rather than the pattern. Information only when early stopping kept
/// weights from before the rise (within 10% of the minimum): then the run's result is not the overfitted net.
/// </summary>
public sealed class Overfitting : IDiagnosisRule
{
    public string Name => "overfitting";

    public IEnumerable<Finding> Check(RunTrace trace)
    {
        var epochs = trace.Epochs.Where(e => e.ValidationLoss is double v && double.IsFinite(v)).ToArray();
        if (epochs.Length < 6) yield break;
        var best = epochs.MinBy(e => e.ValidationLoss!.Value)!;
        var end = epochs[^1];
        if (!(end.Epoch - best.Epoch >= 5 && end.ValidationLoss >= best.ValidationLoss * 1.1 && end.TrainLoss < best.TrainLoss)) yield break;
        var kept = trace.EarlyStopping is null ? null : epochs.FirstOrDefault(e => e.Epoch == trace.BestEpoch);
        bool handled = kept is not null && kept.ValidationLoss <= best.ValidationLoss * 1.1;
        string rose = $"The validation loss rose from {Series.Number(best.ValidationLoss!.Value)} (epoch {best.Epoch}) to {Series.Number(end.ValidationLoss!.Value)} (epoch {end.Epoch}) while the training loss fell: the net memorizes the training rows.";
        yield return handled
            ? new Finding(Name, Severity.Info, best.Steps, end.Steps, null,
                $"{rose} Early stopping kept epoch {kept!.Epoch}'s weights, from before the rise.",
                "Nothing to do for this run; for a net that overfits less, add --dropout 0.2 or more data, or raise --weight-decay.")
            : new Finding(Name, Severity.Warning, best.Steps, end.Steps, null, rose,
                "Keep early stopping on (it keeps the best epoch's weights), or add --dropout 0.2 or more data, or raise --weight-decay (by default 0.1 with AdamW, 0 with the other optimizers).");
    }
}
