using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using TinyNets.Runs;

namespace TinyNets.Cli.Commands;

/// <summary>The flags of <c>tinynets train</c>. Every run option is nullable: null means "not given", so a
/// <c>--config</c> file's value, a data set's preset or the default applies, in that order of precedence.</summary>
public sealed class TrainSettings : CommandSettings
{
    [CommandOption("--dataset <NAME>")] [Description("Built-in data set (see tinynets data).")] public string? Dataset { get; init; }
    [CommandOption("--points <N>")] [Description("Rows of the built-in data set (mostly 500).")] public int? Points { get; init; }
    [CommandOption("--classes <K>")] [Description("Classes of gaussians, spiral, circles or gaussian-quantiles.")] public int? Classes { get; init; }
    [CommandOption("--noise <X>")] [Description("Noise, in the data set's own terms (README).")] public double? Noise { get; init; }
    [CommandOption("--factor <F>")] [Description("Inner radius of make-circles (default 0.8).")] public double? Factor { get; init; }
    [CommandOption("--data <FILE>")] [Description("A CSV or TSV file.")] public string? Data { get; init; }
    [CommandOption("--label <COLUMN>")] [Description("Label column(s) by name or 0-based index (default: the last).")] public string? Label { get; init; }
    [CommandOption("--features <COLUMNS>")] [Description("Feature columns by name or 0-based index, comma-separated (default: every other column).")] public string? Features { get; init; }
    [CommandOption("--task <TASK>")] [Description("auto, classification or regression.")] public string? Task { get; init; }
    [CommandOption("--no-header")] [Description("The CSV has no header: its columns are c0, c1, ... and its first line is data.")] public bool? NoHeader { get; init; }
    [CommandOption("--drop-invalid")] [Description("Skip rows with missing or non-finite values.")] public bool? DropInvalid { get; init; }
    [CommandOption("--layers <SIZES>")] [Description("Every layer size, input and output included: 2,4,12,4,5.")] public string? Layers { get; init; }
    [CommandOption("--hidden <SIZES>")] [Description("Hidden sizes; the data decides input and output (default 64).")] public string? Hidden { get; init; }
    [CommandOption("--activation <NAME>")] [Description("relu, leaky-relu, tanh, sigmoid, gelu or identity.")] public string? Activation { get; init; }
    [CommandOption("--output <NAME>")] [Description("auto, sigmoid, softmax or none.")] public string? Output { get; init; }
    [CommandOption("--loss <NAME>")] [Description("auto, mse, bce, bce-logits, cross-entropy, huber or l1.")] public string? Loss { get; init; }
    [CommandOption("--optimizer <NAME>")] [Description("sgd, adam, adamw, rmsprop or adagrad (default adamw).")] public string? Optimizer { get; init; }
    [CommandOption("--lr <X>")] [Description("Learning rate (default 0.003).")] public double? LearningRate { get; init; }
    [CommandOption("--momentum <X>")] [Description("SGD or RMSprop momentum (default 0).")] public double? Momentum { get; init; }
    [CommandOption("--nesterov")] [Description("Nesterov momentum (SGD).")] public bool? Nesterov { get; init; }
    [CommandOption("--weight-decay <X>")] [Description("L2 penalty, decoupled for adamw (default 0.1 for adamw, where PyTorch's is 0.01; 0 otherwise).")] public double? WeightDecay { get; init; }
    [CommandOption("--betas <B1,B2>")] [Description("Adam's decay rates (default 0.9,0.999).")] public string? Betas { get; init; }
    [CommandOption("--eps <X>")] [Description("Added to the denominator (default 1e-8; 1e-10 for adagrad).")] public double? Eps { get; init; }
    [CommandOption("--alpha <X>")] [Description("RMSprop smoothing (default 0.99).")] public double? Alpha { get; init; }
    [CommandOption("--lr-schedule <SPEC>")] [Description("none, step:SIZE[[:GAMMA]], exponential:GAMMA, cosine:T_MAX[[:ETA_MIN]], plateau[[:FACTOR[[:PATIENCE]]]].")] public string? LrSchedule { get; init; }
    [CommandOption("--clip-grad-norm <X>")] [Description("Rescale the gradient to at most this L2 norm (default: no clipping).")] public double? ClipGradNorm { get; init; }
    [CommandOption("--dropout <P>")] [Description("Dropout after every hidden activation (default 0).")] public double? Dropout { get; init; }
    [CommandOption("--init <NAME>")] [Description("default, xavier-uniform, xavier-normal, he-uniform, he-normal, orthogonal or zeros.")] public string? Init { get; init; }
    [CommandOption("--init-weights <FILE>")] [Description("Start from a safetensors state dict (PyTorch Sequential keys).")] public string? InitWeights { get; init; }
    [CommandOption("--batch-size <N>")] [Description("Rows per step (default 32).")] public int? BatchSize { get; init; }
    [CommandOption("--epochs <N>")] [Description("At most this many passes over the training rows (default 300).")] public int? Epochs { get; init; }
    [CommandOption("--no-shuffle")] [Description("Rows in file order, in consecutive minibatches.")] public bool? NoShuffle { get; init; }
    [CommandOption("--split <T,V,T>")] [Description("Train, validation and test fractions (default 0.7,0.1,0.2).")] public string? Split { get; init; }
    [CommandOption("--no-standardize")] [Description("Feed the features as they are (default: zero mean, unit variance on the training rows).")] public bool? NoStandardize { get; init; }
    [CommandOption("--seed <N>")] [Description("Run seed: data, split, initialization, shuffling (default 1).")] public ulong? Seed { get; init; }
    [CommandOption("--no-record")] [Description("Do not record steps (no steps.csv).")] public bool? NoRecord { get; init; }
    [CommandOption("--patience <N>")] [Description("Epochs without improvement before stopping (default 30).")] public int? Patience { get; init; }
    [CommandOption("--no-early-stopping")] [Description("Train exactly --epochs epochs and keep the last weights.")] public bool? NoEarlyStopping { get; init; }
    [CommandOption("--min-delta <X>")] [Description("Smallest change that counts as improvement (default 1e-4).")] public double? MinDelta { get; init; }
    [CommandOption("--min-delta-mode <MODE>")] [Description("abs: --min-delta in the loss's units (default); rel: a fraction of the last epoch that counted, as PyTorch's ReduceLROnPlateau reads its threshold.")] public string? MinDeltaMode { get; init; }
    [CommandOption("--monitor <NAME>")] [Description("val-loss or val-accuracy.")] public string? Monitor { get; init; }
    [CommandOption("--start-from-epoch <N>")] [Description("Epochs before early stopping starts watching (default 0).")] public int? StartFromEpoch { get; init; }
    [CommandOption("--restarts <N>")] [Description("Fresh initializations after a plateau (default 2).")] public int? Restarts { get; init; }
    [CommandOption("--target-accuracy <X>")] [Description("Stop restarting once validation accuracy reaches X.")] public double? TargetAccuracy { get; init; }
    [CommandOption("--config <FILE>")] [Description("A config.yaml; flags given as well override it.")] public string? Config { get; init; }
    [CommandOption("--out <DIR>")] [Description("Run folder (default runs/<time>-<data>).")] public string? Out { get; init; }
    [CommandOption("--quiet")] [Description("Print only the summary.")] public bool Quiet { get; init; }
    [CommandOption("--json")] [Description("Print the summary as JSON.")] public bool Json { get; init; }

    /// <summary>
    /// The run config: defaults, then the data set's preset, then the config file, then the flags given here.
    /// <c>--dataset xor</c>'s preset is the classic XOR experiment (README).
    /// </summary>
    public RunConfig Resolve()
    {
        var config = Config is not null ? Studies.RunConfigYaml.Read(Config) : new RunConfig();
        string? dataset = Dataset ?? (Data is null ? config.Dataset : null);
        if (Config is null && dataset == "xor" && Points is null && Noise is null) config = Presets.ClassicXor(config);
        return config with
        {
            Dataset = dataset,
            Points = Points ?? config.Points,
            Classes = Classes ?? config.Classes,
            Noise = Noise ?? config.Noise,
            Factor = Factor ?? config.Factor,
            Data = FullPath(Data ?? (Dataset is null ? config.Data : null)),
            Label = Label ?? config.Label,
            Features = Features ?? config.Features,
            Task = Task ?? config.Task,
            Header = NoHeader == true ? false : config.Header,
            DropInvalid = DropInvalid ?? config.DropInvalid,
            // --hidden given here replaces sizes a config file or preset listed with --layers, as any flag overrides them.
            Layers = Layers is not null ? Sizes(Layers, "--layers") : Hidden is not null ? null : config.Layers,
            Hidden = Hidden is null ? config.Hidden : Sizes(Hidden, "--hidden"),
            Activation = Activation ?? config.Activation,
            Output = Output ?? config.Output,
            Loss = Loss ?? config.Loss,
            Optimizer = Optimizer ?? config.Optimizer,
            LearningRate = LearningRate ?? config.LearningRate,
            Momentum = Momentum ?? config.Momentum,
            Nesterov = Nesterov ?? config.Nesterov,
            WeightDecay = WeightDecay ?? config.WeightDecay,
            Betas = Betas is null ? config.Betas : Numbers(Betas, "--betas"),
            Eps = Eps ?? config.Eps,
            Alpha = Alpha ?? config.Alpha,
            LrSchedule = LrSchedule ?? config.LrSchedule,
            ClipGradNorm = ClipGradNorm ?? config.ClipGradNorm,
            Dropout = Dropout ?? config.Dropout,
            Init = Init ?? config.Init,
            InitWeights = FullPath(InitWeights ?? config.InitWeights),
            BatchSize = BatchSize ?? config.BatchSize,
            Epochs = Epochs ?? config.Epochs,
            Shuffle = NoShuffle == true ? false : config.Shuffle,
            Split = Split ?? config.Split,
            Standardize = NoStandardize == true ? false : config.Standardize,
            Seed = Seed ?? config.Seed,
            Record = NoRecord == true ? false : config.Record,
            Patience = Patience ?? config.Patience,
            EarlyStopping = NoEarlyStopping == true ? false : config.EarlyStopping,
            MinDelta = MinDelta ?? config.MinDelta,
            MinDeltaMode = MinDeltaMode ?? config.MinDeltaMode,
            Monitor = Monitor ?? config.Monitor,
            StartFromEpoch = StartFromEpoch ?? config.StartFromEpoch,
            Restarts = Restarts ?? config.Restarts,
            TargetAccuracy = TargetAccuracy ?? config.TargetAccuracy,
        };
    }

    // Files are named relative to the working directory, and config.yaml records them absolute, so that
    // `tinynets report DIR` and `tinynets train --config DIR/config.yaml` find the data from any directory.
    private static string? FullPath(string? path) => path is null ? null : Path.GetFullPath(path);

    public override ValidationResult Validate() =>
        Dataset is not null && Data is not null ? ValidationResult.Error("give --dataset or --data, not both")
        : Layers is not null && Hidden is not null ? ValidationResult.Error("give --layers (every size) or --hidden (the hidden sizes), not both")
        : ValidationResult.Success();

    private static int[] Sizes(string text, string option)
    {
        try { return Models.ModelSpec.ParseSizes(text); }
        catch (TinyNetsException) { throw new TinyNetsException($"{option} expects sizes separated by commas, like 4,12,4; got '{text}'"); }
    }

    private static double[] Numbers(string text, string option) => text.Split(',', StringSplitOptions.TrimEntries).Select(t =>
        double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
            : throw new TinyNetsException($"{option} expects numbers separated by commas, like 0.9,0.999; got '{text}'")).ToArray();
}

/// <summary>Per-data-set starting points for <c>train</c>.</summary>
public static class Presets
{
    /// <summary>
    /// The classic XOR experiment: the four points without noise as one batch, 2-4-1 with ReLU then Sigmoid, MSE,
    /// SGD lr 0.02 momentum 0.9, 1000 epochs, all rows for training, no standardization, no restarts (early stopping
    /// watches the training loss, so a net stuck on a plateau stops early; --restarts N then retries it).
    /// </summary>
    public static RunConfig ClassicXor(RunConfig c) => c with
    {
        Points = 4, Noise = 0, Layers = [2, 4, 1], Output = "sigmoid", Loss = "mse", Optimizer = "sgd", LearningRate = 0.02,
        Momentum = 0.9, Epochs = 1000, BatchSize = 4, Split = "1,0,0", Standardize = false, Restarts = 0, Shuffle = false,
    };
}
