namespace TinyNets.Diagnostics.Rules;

/// <summary>
/// The validation loss ends at least 10% above its minimum, at least five epochs after it, while the training loss
/// kept falling: the net learns the training rows rather than the pattern.
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
        if (end.Epoch - best.Epoch >= 5 && end.ValidationLoss >= best.ValidationLoss * 1.1 && end.TrainLoss < best.TrainLoss)
            yield return new Finding(Name, Severity.Warning, best.Steps, end.Steps, null,
                $"The validation loss rose from {Series.Number(best.ValidationLoss!.Value)} (epoch {best.Epoch}) to {Series.Number(end.ValidationLoss!.Value)} (epoch {end.Epoch}) while the training loss fell: the net memorizes the training rows.",
                "Keep early stopping on (it keeps the best epoch's weights), or add --dropout 0.2 or more data, or raise --weight-decay (by default 0.1 with AdamW, 0 with the other optimizers).");
    }
}
