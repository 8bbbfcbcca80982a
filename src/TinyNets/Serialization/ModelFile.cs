using System.Text.Json;
using System.Text.Json.Serialization;
using TinyNets.Models;

namespace TinyNets.Serialization;

/// <summary>Per-feature mean and standard deviation of the training rows, and for a regression trained on standardized
/// targets theirs (null otherwise): the net's outputs are then in units of the targets' std about their mean.</summary>
public sealed record StandardizationFile(float[] Mean, float[] Std, float[]? TargetMean = null, float[]? TargetStd = null)
{
    public Data.Standardizer ToStandardizer() => new(Mean, Std, TargetMean, TargetStd);
}

/// <summary>
/// <c>model.json</c>: the architecture beside <c>model.safetensors</c>, enough to rebuild the model in TinyNets and,
/// through <see cref="Torch"/>, the one-line PyTorch expression that loads the same weights.
/// </summary>
public sealed record ModelFile
{
    public const string CurrentFormat = "tinynets-model/1";

    // The properties with a default other than zero have setters, not init: System.Text.Json's source generator sets
    // every init-only property, so one missing from the file would lose its default (dotnet/runtime#84484).
    public string Format { get; set; } = CurrentFormat;
    public required int[] Sizes { get; init; }
    public required string Activation { get; init; }
    public required string Output { get; init; }
    public double Dropout { get; init; }
    public double LeakySlope { get; set; } = 0.01;

    /// <summary>The equivalent PyTorch module, e.g. <c>nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1), nn.Sigmoid())</c>.</summary>
    public string Torch { get; set; } = "";

    /// <summary>The loss the model was trained with (it says how outputs read: logits, probabilities or values).</summary>
    public string? Loss { get; init; }

    /// <summary>How targets were laid out: class-index, one-hot, binary or values.</summary>
    public string? Encoding { get; init; }

    /// <summary>Feature column names, in input order: prediction data must have these columns.</summary>
    public string[]? Features { get; init; }

    /// <summary>Target column names.</summary>
    public string[]? Targets { get; init; }

    /// <summary>The original label of each class index, so predictions come back as the data's own labels; null for regression.</summary>
    public string[]? Classes { get; init; }

    /// <summary>Feature columns of words, by name, with the values each 0/1 input stands for, in order: the input
    /// <c>sex=female</c> is 1 where the column sex says female. Null when every feature is a number.</summary>
    public Dictionary<string, string[]>? Categories { get; init; }

    /// <summary>Standardization fitted on the training rows and applied again at prediction time; null when off.</summary>
    public StandardizationFile? Standardization { get; init; }

    public static ModelFile From(ModelSpec spec) => new()
    {
        Sizes = spec.Sizes.ToArray(),
        Activation = spec.Activation,
        Output = spec.Output,
        Dropout = spec.Dropout,
        LeakySlope = spec.LeakySlope,
        Torch = TorchExpression(spec),
    };

    public ModelSpec ToSpec() => new(Sizes, Activation, Output, Dropout, LeakySlope);

    /// <summary>Writes <c>model.json</c> and <c>model.safetensors</c> into <paramref name="directory"/>, each atomically.</summary>
    public static void Save(string directory, ModelSpec spec, Sequential model) => Save(directory, From(spec), model);

    /// <summary>Writes a full description (with labels and standardization) and the weights, each atomically.</summary>
    public static void Save(string directory, ModelFile file, Sequential model, bool durable = true)
    {
        Directory.CreateDirectory(directory);
        StateDict.Save(model, Path.Combine(directory, "model.safetensors"), durable: durable);
        AtomicFile.WriteAllText(Path.Combine(directory, "model.json"), JsonSerializer.Serialize(file, ModelFileJson.Default.ModelFile) + "\n", durable);
    }

    /// <summary>Rebuilds the model saved in <paramref name="directory"/>.</summary>
    public static (ModelSpec Spec, Sequential Model) Load(string directory)
    {
        var (file, model) = LoadFile(directory);
        return (file.ToSpec(), model);
    }

    /// <summary>Rebuilds the model saved in <paramref name="directory"/>, with its whole description.</summary>
    public static (ModelFile File, Sequential Model) LoadFile(string directory)
    {
        string jsonPath = Path.Combine(directory, "model.json");
        if (!File.Exists(jsonPath)) throw new TinyNetsException($"{jsonPath}: no such file (is {directory} a TinyNets model folder?)");
        ModelFile file;
        try
        {
            file = JsonSerializer.Deserialize(File.ReadAllText(jsonPath), ModelFileJson.Default.ModelFile)
                ?? throw new TinyNetsException($"{jsonPath}: empty model description");
        }
        catch (JsonException e)
        {
            throw JsonMistake.At(jsonPath, e);
        }
        if (file.Format != CurrentFormat)
            throw new TinyNetsException($"{jsonPath}: format '{file.Format}' is not '{CurrentFormat}'");
        var model = file.ToSpec().Build();
        StateDict.Load(model, Path.Combine(directory, "model.safetensors"));
        return (file, model);
    }

    private static string TorchExpression(ModelSpec spec)
    {
        string Act(string name) => name switch
        {
            "relu" => "nn.ReLU()",
            "leaky-relu" => $"nn.LeakyReLU({spec.LeakySlope.ToString(System.Globalization.CultureInfo.InvariantCulture)})",
            "tanh" => "nn.Tanh()",
            "sigmoid" => "nn.Sigmoid()",
            "gelu" => "nn.GELU()",
            "identity" => "nn.Identity()",
            "softmax" => "nn.Softmax(dim=-1)",
            _ => throw new ArgumentException(name),
        };
        var parts = new List<string>();
        for (int i = 0; i + 1 < spec.Sizes.Count; i++)
        {
            parts.Add($"nn.Linear({spec.Sizes[i]}, {spec.Sizes[i + 1]})");
            if (i + 2 < spec.Sizes.Count)
            {
                parts.Add(Act(spec.Activation));
                if (spec.Dropout > 0) parts.Add($"nn.Dropout({spec.Dropout.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
            }
            else if (spec.Output != "none") parts.Add(Act(spec.Output));
        }
        return $"nn.Sequential({string.Join(", ", parts)})";
    }
}

/// <summary>
/// <c>model.json</c> through System.Text.Json's source generator: the reflection-based serializer built its metadata on
/// first use, about 55 ms of a short <c>tinynets train</c> (30 ms this way) and again in <c>predict</c> (docs/BENCHMARKS.md).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelFile))]
internal sealed partial class ModelFileJson : JsonSerializerContext;
