using TinyNets.Models;

namespace TinyNets.Training;

/// <summary>Options of <see cref="EarlyStopping"/>, as Keras' callback.</summary>
/// <param name="Monitor">val-loss or val-accuracy; without a validation set, the training loss or accuracy.</param>
/// <param name="MinDelta">Patience is reset only by an epoch that beats the last such epoch by more than this.</param>
/// <param name="Patience">Epochs without improvement before stopping.</param>
/// <param name="StartFromEpoch">Epochs of warm-up before improvements are looked for.</param>
/// <param name="MinDeltaMode">"abs": min delta is in the monitored value's units (Keras); "rel": a fraction of the
/// last epoch that counted, as PyTorch's <c>ReduceLROnPlateau</c> reads its threshold by default, so that it suits a
/// loss of 1e-5 as well as one of 1.</param>
public sealed record EarlyStoppingOptions(string Monitor = "val-loss", double MinDelta = 0, int Patience = 30, int StartFromEpoch = 0,
    string MinDeltaMode = "abs")
{
    public static readonly string[] MinDeltaModes = ["abs", "rel"];

    /// <summary>True for an accuracy, which improves upwards.</summary>
    public bool Maximize => Monitor.EndsWith("accuracy", StringComparison.Ordinal);

    /// <summary>True when the monitored value <paramref name="value"/> beats <paramref name="reference"/> by more
    /// than min delta, read in its mode: the rule that resets patience.</summary>
    public bool Improves(double value, double reference)
    {
        double margin = MinDeltaMode == "rel" ? Math.Abs(reference) * MinDelta : MinDelta;
        return Maximize ? value > reference + margin : value < reference - margin;
    }
}

/// <summary>
/// Stops training when the monitored value has not improved by more than min delta for <c>patience</c> epochs (Keras'
/// rule), and keeps a copy of the best weights by any margin, which <see cref="RestoreBest"/> puts back (also when
/// training ran all its epochs: one of Keras' traps is restoring only after an early stop). Keras keeps only an epoch
/// that improved by more than min delta, so a run whose losses are about min delta small (a regression fitted to 1e-5)
/// kept weights several times worse than later ones it had; scikit-learn's MLP and PyTorch Lightning's checkpoint keep
/// the best by any margin, as here. The copy lives in buffers allocated once.
/// </summary>
public sealed class EarlyStopping : ITrainingObserver
{
    private readonly float[][] _best;
    private int _wait;
    private double _reference;   // the last value that beat its predecessor by more than min delta: patience counts from it

    public EarlyStopping(Sequential model, EarlyStoppingOptions options, bool stop = true)
    {
        Options = options;
        StopsTraining = stop;
        _best = model.Parameters.Select(p => (float[])p.Value.Clone()).ToArray();
        if (!EarlyStoppingOptions.MinDeltaModes.Contains(options.MinDeltaMode))
            throw new ArgumentException($"unknown min delta mode '{options.MinDeltaMode}'; expected abs or rel", nameof(options));
        BestValue = Maximize ? double.NegativeInfinity : double.PositiveInfinity;
    }

    public EarlyStoppingOptions Options { get; }

    /// <summary>False to only track the best weights (training runs all its epochs).</summary>
    public bool StopsTraining { get; }

    public bool Maximize => Options.Maximize;

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
        bool first = BestMetrics is null && double.IsFinite(value);
        if (first || (double.IsFinite(value) && (Maximize ? value > BestValue : value < BestValue)))
        {
            BestValue = value;
            BestEpoch = metrics.Epoch;
            BestMetrics = metrics;
            for (int i = 0; i < _best.Length; i++) trainer.Model.Parameters[i].Value.CopyTo(_best[i], 0);
        }
        if (first || (double.IsFinite(value) && Options.Improves(value, _reference)))
        {
            _reference = value;
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
