using System.Globalization;

namespace TinyNets.Runs;

/// <summary>
/// Everything a training run needs, fully resolved: writing it out and reading it back reproduces the run bit for bit.
/// The defaults are TinyNets' (see the README for the experiment behind them); every value is validated by
/// <see cref="Validate"/> with a message naming the option.
/// </summary>
public sealed record RunConfig
{
    // Data
    /// <summary>A built-in data set (see <c>DatasetCatalog</c>); null when <see cref="Data"/> names a CSV file.</summary>
    public string? Dataset { get; init; }
    public int? Points { get; init; }
    public int? Classes { get; init; }
    public double? Noise { get; init; }
    public double? Factor { get; init; }
    /// <summary>A CSV or TSV file; null for a built-in data set.</summary>
    public string? Data { get; init; }
    /// <summary>The CSV's label column(s), by name or 0-based index, comma-separated; null for the last column.</summary>
    public string? Label { get; init; }
    /// <summary>The CSV's feature columns, by name or 0-based index, comma-separated; null for every column but the label(s).</summary>
    public string? Features { get; init; }
    public string Task { get; init; } = "auto";
    /// <summary>The CSV's first line names the columns; without a header they are c0, c1, ... and the first line is data.</summary>
    public bool Header { get; init; } = true;
    public bool DropInvalid { get; init; }
    public string Split { get; init; } = "0.7,0.1,0.2";
    public bool Standardize { get; init; } = true;

    // Model
    /// <summary>Every layer size, input and output included (<c>2,4,12,4,5</c>); null to take them from the data and <see cref="Hidden"/>.</summary>
    public int[]? Layers { get; init; }
    public int[] Hidden { get; init; } = [64];
    public string Activation { get; init; } = "relu";
    /// <summary>auto, sigmoid, softmax, identity or none.</summary>
    public string Output { get; init; } = "auto";
    /// <summary>auto, mse, bce, bce-logits, cross-entropy, huber or l1.</summary>
    public string Loss { get; init; } = "auto";
    public double Dropout { get; init; }
    public string Init { get; init; } = "default";
    public string? InitWeights { get; init; }

    // Optimization
    /// <summary>AdamW, with <see cref="OptimizerFactory.TrainAdamWDecay"/>: the README's defaults experiment found it as good
    /// as Adam or better on every table, and the only candidate to close the gap to scikit-learn on digits.</summary>
    public string Optimizer { get; init; } = "adamw";
    public double LearningRate { get; init; } = 0.003;
    public double Momentum { get; init; }
    public bool Nesterov { get; init; }
    /// <summary>L2 penalty (decoupled for AdamW); null for the optimizer's default: 0, or 0.1 for AdamW
    /// (<see cref="OptimizerFactory.TrainAdamWDecay"/>).</summary>
    public double? WeightDecay { get; init; }
    public double[] Betas { get; init; } = [0.9, 0.999];
    /// <summary>Null for the optimizer's default (1e-8; 1e-10 for Adagrad).</summary>
    public double? Eps { get; init; }
    public double Alpha { get; init; } = 0.99;
    /// <summary>none, step:SIZE[:GAMMA], exponential:GAMMA, cosine:T_MAX[:ETA_MIN] or plateau[:FACTOR[:PATIENCE]].</summary>
    public string LrSchedule { get; init; } = "none";
    public double? ClipGradNorm { get; init; }
    public int BatchSize { get; init; } = 32;
    public int Epochs { get; init; } = 300;
    public bool Shuffle { get; init; } = true;
    public ulong Seed { get; init; } = 1;
    /// <summary>Record every step (loss, per-tensor gradient/weight norms and update ratios, activation statistics) into steps.csv.</summary>
    public bool Record { get; init; } = true;

    // Early stopping and restarts
    public bool EarlyStopping { get; init; } = true;
    public int Patience { get; init; } = 30;
    /// <summary>An epoch resets early stopping's patience only by improving by more than this (absolute); the weights kept
    /// are the best epoch's by any margin. Keras's default is 0, which lets a creeping plateau (0.250003, 0.250002, ...)
    /// count as progress forever; 1e-4 lets early stopping see it.</summary>
    public double MinDelta { get; init; } = 1e-4;
    /// <summary>abs: <see cref="MinDelta"/> in the loss's units (Keras); rel: a fraction of the last epoch that counted
    /// (PyTorch's <c>ReduceLROnPlateau</c> threshold), for losses far from 1.</summary>
    public string MinDeltaMode { get; init; } = "abs";
    /// <summary>val-loss or val-accuracy (train-loss and train-accuracy when there is no validation set).</summary>
    public string Monitor { get; init; } = "val-loss";
    public int StartFromEpoch { get; init; }
    public int Restarts { get; init; } = 2;
    public double? TargetAccuracy { get; init; }

    /// <summary>The early stopping a run of this config trains with: it keeps the best weights whether or not
    /// <see cref="EarlyStopping"/> lets it end training.</summary>
    public Training.EarlyStoppingOptions Stopping => new(Monitor, MinDelta, Patience, StartFromEpoch, MinDeltaMode);

    /// <summary>How the first attempt's weights were set, as the diagnoses name it: the init scheme, or "loaded"
    /// (<see cref="InitWeights"/>).</summary>
    public string InitName => InitWeights is null ? Init : "loaded";

    public static readonly string[] Outputs = ["auto", "sigmoid", "softmax", "identity", "none"];
    public static readonly string[] Losses = ["auto", "mse", "bce", "bce-logits", "cross-entropy", "huber", "l1"];
    public static readonly string[] Optimizers = ["sgd", "adam", "adamw", "rmsprop", "adagrad"];
    public static readonly string[] Monitors = ["val-loss", "val-accuracy"];

    /// <summary>Checks every value and how they go together; the first problem is a <see cref="TinyNetsException"/>
    /// naming the option (<see cref="TinyNetsException.Option"/>).</summary>
    public RunConfig Validate()
    {
        if ((Dataset is null) == (Data is null)) throw new TinyNetsException("give either --dataset NAME or --data FILE.csv");
        ValidateValues();
        if (Nesterov && Optimizer != "sgd") throw Bad("nesterov", "--nesterov applies to --optimizer sgd only");
        if (Nesterov && Momentum <= 0) throw Bad("nesterov", "--nesterov needs --momentum > 0");
        if (Momentum > 0 && Optimizer is not ("sgd" or "rmsprop")) throw Bad("momentum", $"--momentum applies to sgd and rmsprop, not {Optimizer}");
        return this;
    }

    /// <summary>Checks each value on its own (a name, a range, a format), not how values go together: a study checks
    /// every choice of its space so, before a staged search reaches the stage that tries it.</summary>
    public RunConfig ValidateValues()
    {
        OneOf(Output, Outputs, "--output");
        OneOf(Loss, Losses, "--loss");
        OneOf(Optimizer, Optimizers, "--optimizer");
        OneOf(Monitor, Monitors, "--monitor");
        OneOf(MinDeltaMode, Training.EarlyStoppingOptions.MinDeltaModes, "--min-delta-mode");
        OneOf(Task, ["auto", "classification", "regression"], "--task");
        if (!Activations.ActivationNames.All.Contains(Activation) || Activation == "softmax")
            throw Bad("activation", $"unknown --activation '{Activation}'; expected one of relu, leaky-relu, tanh, sigmoid, gelu, identity");
        OneOf(Init, Initializers.WeightInit.Names, "--init");
        Positive(LearningRate, "--lr");
        NonNegative(Momentum, "--momentum");
        if (WeightDecay is double wd) NonNegative(wd, "--weight-decay");
        if (Eps is double eps) NonNegative(eps, "--eps");
        if (Betas.Length != 2 || Betas.Any(b => !(b >= 0 && b < 1))) throw Bad("betas", $"--betas expects two values in [0, 1) such as 0.9,0.999, got {string.Join(",", Betas.Select(F))}");
        if (!(Alpha >= 0 && Alpha < 1)) throw Bad("alpha", $"--alpha must be in [0, 1), got {F(Alpha)}");
        if (ClipGradNorm is double clip) Positive(clip, "--clip-grad-norm");
        if (!(Dropout >= 0 && Dropout < 1)) throw Bad("dropout", $"--dropout must be in [0, 1), got {F(Dropout)}");
        if (BatchSize <= 0) throw Bad("batch-size", $"--batch-size must be > 0, got {BatchSize}");
        if (Epochs <= 0) throw Bad("epochs", $"--epochs must be > 0, got {Epochs}");
        if (Patience <= 0) throw Bad("patience", $"--patience must be > 0, got {Patience}");
        NonNegative(MinDelta, "--min-delta");
        if (StartFromEpoch < 0) throw Bad("start-from-epoch", $"--start-from-epoch must be >= 0, got {StartFromEpoch}");
        if (Restarts < 0) throw Bad("restarts", $"--restarts must be >= 0, got {Restarts}");
        if (TargetAccuracy is double t && !(t > 0 && t <= 1)) throw Bad("target-accuracy", $"--target-accuracy must be in (0, 1], got {F(t)}");
        if (Hidden.Any(h => h <= 0)) throw Bad("hidden", $"--hidden sizes must be > 0, got {string.Join(",", Hidden)}");
        if (Layers is { } layers && (layers.Length < 2 || layers.Any(l => l <= 0))) throw Bad("layers", $"--layers needs at least two sizes > 0, got {string.Join(",", layers)}");
        try { global::TinyNets.Data.SplitFractions.Parse(Split); }
        catch (TinyNetsException e) { throw Bad("split", e.Message); }
        try { Schedule.Parse(LrSchedule); }
        catch (TinyNetsException e) { throw Bad("lr-schedule", e.Message); }
        return this;
    }

    private static TinyNetsException Bad(string option, string message) => new(message) { Option = option };

    private static void OneOf(string value, string[] valid, string option)
    {
        if (!valid.Contains(value)) throw Bad(option[2..], $"unknown {option} '{value}'; expected one of {string.Join(", ", valid)}");
    }

    private static void Positive(double value, string option)
    {
        if (!(value > 0 && double.IsFinite(value))) throw Bad(option[2..], $"{option} must be > 0, got {F(value)}");
    }

    private static void NonNegative(double value, string option)
    {
        if (!(value >= 0 && double.IsFinite(value))) throw Bad(option[2..], $"{option} must be >= 0, got {F(value)}");
    }

    internal static string F(double value) => value.ToString(CultureInfo.InvariantCulture);
}
