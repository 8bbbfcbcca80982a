using TinyNets.Training;

namespace TinyNets.Diagnostics;

/// <summary>
/// What the diagnoses read: per-step series by <c>steps.csv</c> column name (NaN where a value was not recorded), the
/// per-epoch metrics, and the model's activations, by layer index, with the init scheme. Built from a recorder, or
/// by hand in tests. <paramref name="EpochLimit"/> is the most epochs the run was allowed, <paramref name="Loss"/> the
/// loss's name (<c>mse</c>, <c>bce</c>, ...), <paramref name="EarlyStopping"/> the early stopping that chose the kept
/// weights (null when it was off) and <paramref name="BestEpoch"/> the epoch it kept; null when unknown.
/// </summary>
public sealed record RunTrace(
    IReadOnlyDictionary<string, float[]> Steps,
    IReadOnlyList<EpochMetrics> Epochs,
    IReadOnlyDictionary<int, string> Activations,
    string Init = "default",
    int? EpochLimit = null,
    string? Loss = null,
    EarlyStoppingOptions? EarlyStopping = null,
    int? BestEpoch = null)
{
    /// <summary>The trace of one recorded attempt.</summary>
    public static RunTrace From(StepRecorder recorder, IReadOnlyList<EpochMetrics> epochs, string init, int? epochLimit = null, string? loss = null,
        EarlyStoppingOptions? earlyStopping = null, int? bestEpoch = null)
    {
        var steps = recorder.Columns.ToDictionary(c => c, recorder.Column);
        return new RunTrace(steps, epochs, recorder.Model.ActivationKinds, init, epochLimit, loss, earlyStopping, bestEpoch);
    }

    /// <summary>The step number of each recorded row.</summary>
    public float[] StepNumbers => Steps.TryGetValue("step", out var s) ? s : [];

    /// <summary>Parameter keys of the Linear weights, in layer order ("0.weight", "2.weight", ...).</summary>
    public string[] WeightKeys => Steps.Keys.Where(k => k.EndsWith(".weight.grad_norm", StringComparison.Ordinal))
        .Select(k => k[..^".grad_norm".Length]).OrderBy(k => int.Parse(k.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    public float[] Column(string name) => Steps.TryGetValue(name, out var v) ? v : [];

    /// <summary>The net fits its training data at the last epoch: a classifier gets at least 99% of the rows right, a
    /// regression's loss is at most 1% of the first epoch's. False with no epochs.</summary>
    public bool Fitted => Epochs.Count > 0 && (Epochs[^1].TrainAccuracy is double accuracy ? accuracy >= 0.99
        : Epochs[^1].TrainLoss <= 0.01 * Epochs[0].TrainLoss);

    /// <summary>The untrained net's loss: the first recorded step's minibatch loss, taken before any update; the first
    /// epoch's training loss when no steps were recorded. NaN with neither.</summary>
    public double InitialLoss => Column("loss") is [var first, ..] && float.IsFinite(first) ? first
        : Epochs.Count > 0 ? Epochs[0].TrainLoss : double.NaN;

    /// <summary>The net learned what it could: it fits its training data (<see cref="Fitted"/>), or its training loss
    /// ended at a tenth of the untrained net's or below. Overlapping classes (a Gaussian mixture) keep a net below 99%
    /// accuracy however well it trains; its loss then stays flat and moves by a few percent from epoch to epoch at the
    /// noise of its minibatches, which is neither a stuck net nor a learning rate too high.</summary>
    public bool Settled => Fitted || (Epochs.Count > 0 && Epochs[^1].TrainLoss <= 0.1 * InitialLoss);

    /// <summary>Whether the layer at <paramref name="index"/> comes after the last Linear layer (the output's
    /// activation); false when no weights were recorded.</summary>
    public bool IsOutput(int index)
    {
        var keys = WeightKeys;
        return keys.Length > 0 && index > int.Parse(keys[^1].Split('.')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
