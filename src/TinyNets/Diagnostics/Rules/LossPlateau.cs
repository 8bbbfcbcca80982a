namespace TinyNets.Diagnostics.Rules;

/// <summary>
/// Over the last half of at least 20 epochs the training loss improved by less than 1%, while the net has neither
/// fitted the data nor brought its loss to a tenth of the untrained net's (<see cref="RunTrace.Settled"/>). A loss that
/// ended above where it started is not a plateau but a learning rate too high (<see cref="Oscillation"/>), whose fix is
/// the opposite of this rule's.
/// </summary>
public sealed class LossPlateau : IDiagnosisRule
{
    public string Name => "loss-plateau";

    public IEnumerable<Finding> Check(RunTrace trace)
    {
        var epochs = trace.Epochs;
        if (epochs.Count < 20) yield break;
        var half = epochs[epochs.Count / 2];
        var end = epochs[^1];
        if (!double.IsFinite(half.TrainLoss) || half.TrainLoss <= 0) yield break;
        if (end.TrainLoss > epochs[0].TrainLoss) yield break;
        double improvement = (half.TrainLoss - end.TrainLoss) / half.TrainLoss;
        if (improvement < 0.01 && !trace.Settled)
            yield return new Finding(Name, Severity.Warning, half.Steps, end.Steps, null,
                $"The training loss stayed near {Series.Number(end.TrainLoss)} from epoch {half.Epoch} to {end.Epoch} (less than 1% better) without fitting the data: the net is stuck.",
                "Restart from a fresh initialization (--restarts), raise the learning rate, or widen the hidden layers.");
    }
}
