using TinyNets.Models;

namespace TinyNets.Training;

/// <summary>Options of <see cref="EarlyStopping"/>, as Keras' callback.</summary>
/// <param name="Monitor">val-loss or val-accuracy; without a validation set, the training loss or accuracy.</param>
/// <param name="MinDelta">An epoch improves only by more than this.</param>
/// <param name="Patience">Epochs without improvement before stopping.</param>
/// <param name="StartFromEpoch">Epochs of warm-up before improvements are looked for.</param>
public sealed record EarlyStoppingOptions(string Monitor = "val-loss", double MinDelta = 0, int Patience = 30, int StartFromEpoch = 0);

/// <summary>
/// Stops training when the monitored value has not improved by more than min delta for <c>patience</c> epochs, and keeps
/// a copy of the best weights, which <see cref="RestoreBest"/> puts back (also when training ran all its epochs: one of
/// Keras' traps is restoring only after an early stop). The copy lives in buffers allocated once.
/// </summary>
public sealed class EarlyStopping : ITrainingObserver
{
    private readonly float[][] _best;
    private int _wait;

    public EarlyStopping(Sequential model, EarlyStoppingOptions options, bool stop = true)
    {
        Options = options;
        StopsTraining = stop;
        _best = model.Parameters.Select(p => (float[])p.Value.Clone()).ToArray();
        Maximize = options.Monitor.EndsWith("accuracy", StringComparison.Ordinal);
        BestValue = Maximize ? double.NegativeInfinity : double.PositiveInfinity;
    }

    public EarlyStoppingOptions Options { get; }

    /// <summary>False to only track the best weights (training runs all its epochs).</summary>
    public bool StopsTraining { get; }

    public bool Maximize { get; }

    /// <summary>The best monitored value so far (±∞ before the first epoch).</summary>
    public double BestValue { get; private set; }

    /// <summary>The epoch of <see cref="BestValue"/>, 0 before any.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>The metrics of the best epoch.</summary>
    public EpochMetrics? BestMetrics { get; private set; }

    /// <summary>True once it stopped training.</summary>
    public bool Stopped { get; private set; }

    /// <summary>The monitored value of an epoch: validation figures when there is a validation set, else training ones.</summary>
    public double Value(EpochMetrics m) => Options.Monitor switch
    {
        "val-accuracy" => m.ValidationAccuracy ?? m.TrainAccuracy ?? double.NaN,
        _ => m.ValidationLoss ?? m.TrainLoss,
    };

    public void EpochEnd(Trainer trainer, EpochMetrics metrics)
    {
        double value = Value(metrics);
        bool improved = double.IsFinite(value) && (BestMetrics is null
            || (Maximize ? value > BestValue + Options.MinDelta : value < BestValue - Options.MinDelta));
        if (improved)
        {
            BestValue = value;
            BestEpoch = metrics.Epoch;
            BestMetrics = metrics;
            for (int i = 0; i < _best.Length; i++) trainer.Model.Parameters[i].Value.CopyTo(_best[i], 0);
            _wait = 0;
            return;
        }
        if (metrics.Epoch <= Options.StartFromEpoch) return;
        _wait++;
        if (StopsTraining && _wait >= Options.Patience)
        {
            Stopped = true;
            trainer.RequestStop();
        }
    }

    /// <summary>
    /// Copies the best weights seen back into the model; before any epoch has finished (a divergence in the first
    /// epoch, say), the weights the model had when this observer was made.
    /// </summary>
    public void RestoreBest(Sequential model)
    {
        for (int i = 0; i < _best.Length; i++) _best[i].CopyTo(model.Parameters[i].Value, 0);
    }
}
