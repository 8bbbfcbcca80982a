namespace TinyNets.Diagnostics.Rules;

/// <summary>
/// Over the last half of at least 20 epochs the training loss stayed within 20% of its level and improved by less than
/// 1% (the mean of that half's first fifth against its last fifth's), while the net has neither
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
        var losses = epochs.Skip(epochs.Count / 2).Select(e => e.TrainLoss).ToArray();
        if (!losses.All(double.IsFinite) || losses.Min() <= 0) yield break;
        if (end.TrainLoss > epochs[0].TrainLoss) yield break;
        // A loss that bounces is not stuck at a level, whatever its ends say: the learning-rate-too-high rule looks at it.
        double level = losses.Average();
        if ((losses.Max() - losses.Min()) / level > 0.2) yield break;
        int fifth = Math.Max(1, losses.Length / 5);
        double first = losses[..fifth].Average(), final = losses[^fifth..].Average();
        double improvement = (first - final) / first;
        if (improvement < 0.01 && !trace.Settled)
            yield return new Finding(Name, Severity.Warning, half.Steps, end.Steps, null,
                $"The training loss stayed near {Series.Number(level)} from epoch {half.Epoch} to {end.Epoch} (less than 1% better) without fitting the data: the net is stuck.",
                "Restart from a fresh initialization (--restarts), raise the learning rate, or widen the hidden layers.");
    }
}
