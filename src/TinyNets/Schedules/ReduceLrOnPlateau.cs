using TinyNets.Optimizers;

namespace TinyNets.Schedules;

/// <summary>Options of <see cref="ReduceLrOnPlateau"/>, with PyTorch's defaults.</summary>
public sealed record ReduceLrOnPlateauOptions
{
    /// <summary>"min" when lower is better (a loss), "max" when higher is (an accuracy).</summary>
    public string Mode { get; init => field = value is "min" or "max" ? value : throw new TinyNetsException($"mode must be min or max, got '{value}'"); } = "min";
    public double Factor { get; init => field = value > 0 && value < 1 ? value : throw new TinyNetsException($"factor must be in (0, 1), got {value}"); } = 0.1;
    public int Patience { get; init => field = value >= 0 ? value : throw new TinyNetsException($"patience must be >= 0, got {value}"); } = 10;
    public double Threshold { get; init => field = Require.NonNegative(value, "threshold"); } = 1e-4;

    /// <summary>"rel": better means beyond best·(1 ∓ threshold); "abs": beyond best ∓ threshold.</summary>
    public string ThresholdMode { get; init => field = value is "rel" or "abs" ? value : throw new TinyNetsException($"threshold_mode must be rel or abs, got '{value}'"); } = "rel";
    public int Cooldown { get; init => field = value >= 0 ? value : throw new TinyNetsException($"cooldown must be >= 0, got {value}"); }
    public double MinLearningRate { get; init => field = Require.NonNegative(value, "min_lr"); }
    public double Epsilon { get; init => field = Require.NonNegative(value, "eps"); } = 1e-8;
}

/// <summary>
/// Multiplies the learning rate by <c>factor</c> once the metric has not improved for more than <c>patience</c> epochs,
/// then waits <c>cooldown</c> epochs before counting again, never going below <c>min_lr</c>; a change smaller than eps is
/// skipped. As <c>torch.optim.lr_scheduler.ReduceLROnPlateau</c>.
/// </summary>
public sealed class ReduceLrOnPlateau : LearningRateSchedule
{
    private double _best;
    private int _badEpochs, _cooldownLeft;

    public ReduceLrOnPlateau(Optimizer optimizer, ReduceLrOnPlateauOptions options) : base(optimizer)
    {
        Options = options;
        _best = options.Mode == "min" ? double.PositiveInfinity : double.NegativeInfinity;
    }

    public ReduceLrOnPlateauOptions Options { get; }

    public override string Name => "plateau";

    protected override double Next(double current, double metric)
    {
        if (double.IsNaN(metric)) throw new ArgumentException("ReduceLrOnPlateau needs the monitored metric at every step");
        if (IsBetter(metric))
        {
            _best = metric;
            _badEpochs = 0;
        }
        else _badEpochs++;

        if (_cooldownLeft > 0)
        {
            _cooldownLeft--;
            _badEpochs = 0;
        }
        if (_badEpochs > Options.Patience)
        {
            _cooldownLeft = Options.Cooldown;
            _badEpochs = 0;
            double reduced = Math.Max(current * Options.Factor, Options.MinLearningRate);
            if (current - reduced > Options.Epsilon) return reduced;
        }
        return current;
    }

    private bool IsBetter(double metric)
    {
        double t = Options.Threshold;
        bool rel = Options.ThresholdMode == "rel";
        return Options.Mode == "min"
            ? metric < (rel ? _best * (1 - t) : _best - t)
            : metric > (rel ? _best * (1 + t) : _best + t);
    }
}
