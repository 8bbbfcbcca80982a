using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TinyNets.Runs;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TinyNets.Studies;

/// <summary>
/// <c>config.yaml</c>: a run config as flat <c>key: value</c> lines whose keys are the <c>train</c> flags without dashes
/// (<c>lr: 0.02</c>, <c>batch-size: 64</c>). Writing lists every option, resolved; reading accepts any subset, and a
/// mistake names file:line:column and the key.
/// </summary>
public static partial class RunConfigYaml
{
    private sealed record Key(string Name, Func<RunConfig, object?> Get, Func<RunConfig, Value, RunConfig> Set);

    /// <summary>A scalar or list read from the file, with where it stands.</summary>
    private sealed record Value(string File, Mark Start, string Key, YamlNode Node)
    {
        private TinyNetsException Bad(string expected) =>
            new($"{File}:{Start.Line}:{Start.Column}: '{Key}' expects {expected}, got '{Text()}'");

        public string Text() => Node is YamlScalarNode s ? s.Value ?? "" : string.Join(",", ((YamlSequenceNode)Node).Children.Select(c => c is YamlScalarNode item ? item.Value
            : throw new TinyNetsException($"{File}:{c.Start.Line}:{c.Start.Column}: '{Key}' expects plain values, not a nested list or mapping")));
        public string? String() => Node is YamlScalarNode { Value: null or "null" or "~" or "" } ? null : Text();
        public int Int() => int.TryParse(Text(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? v : throw Bad("a whole number");
        public int? NullableInt() => String() is null ? null : Int();
        public ulong ULong() => ulong.TryParse(Text(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) ? v : throw Bad("a whole number >= 0");
        public double Double() => double.TryParse(Text(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : throw Bad("a number");
        public double? NullableDouble() => String() is null ? null : Double();
        public bool Bool() => Text() switch { "true" or "True" or "yes" => true, "false" or "False" or "no" => false, _ => throw Bad("true or false") };
        public int[] Ints() => Text().Split(',', StringSplitOptions.TrimEntries).Select(t =>
            int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : throw Bad("whole numbers separated by commas")).ToArray();
        public int[]? NullableInts() => String() is null ? null : Ints();
        public double[] Doubles() => Text().Split(',', StringSplitOptions.TrimEntries).Select(t =>
            double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : throw Bad("numbers separated by commas")).ToArray();
    }

    private static readonly Key[] Keys =
    [
        new("dataset", c => c.Dataset, (c, v) => c with { Dataset = v.String() }),
        new("points", c => c.Points, (c, v) => c with { Points = v.NullableInt() }),
        new("classes", c => c.Classes, (c, v) => c with { Classes = v.NullableInt() }),
        new("noise", c => c.Noise, (c, v) => c with { Noise = v.NullableDouble() }),
        new("factor", c => c.Factor, (c, v) => c with { Factor = v.NullableDouble() }),
        new("data", c => c.Data, (c, v) => c with { Data = v.String() }),
        new("label", c => c.Label, (c, v) => c with { Label = v.String() }),
        new("features", c => c.Features, (c, v) => c with { Features = v.String() }),
        new("task", c => c.Task, (c, v) => c with { Task = v.Text() }),
        new("header", c => c.Header, (c, v) => c with { Header = v.Bool() }),
        new("drop-invalid", c => c.DropInvalid, (c, v) => c with { DropInvalid = v.Bool() }),
        new("split", c => c.Split, (c, v) => c with { Split = v.Text() }),
        new("standardize", c => c.Standardize, (c, v) => c with { Standardize = v.Bool() }),
        new("layers", c => c.Layers, (c, v) => c with { Layers = v.NullableInts() }),
        new("hidden", c => c.Hidden, (c, v) => c with { Hidden = v.Ints() }),
        new("activation", c => c.Activation, (c, v) => c with { Activation = v.Text() }),
        new("output", c => c.Output, (c, v) => c with { Output = v.Text() }),
        new("loss", c => c.Loss, (c, v) => c with { Loss = v.Text() }),
        new("dropout", c => c.Dropout, (c, v) => c with { Dropout = v.Double() }),
        new("init", c => c.Init, (c, v) => c with { Init = v.Text() }),
        new("init-weights", c => c.InitWeights, (c, v) => c with { InitWeights = v.String() }),
        new("optimizer", c => c.Optimizer, (c, v) => c with { Optimizer = v.Text() }),
        new("lr", c => c.LearningRate, (c, v) => c with { LearningRate = v.Double() }),
        new("momentum", c => c.Momentum, (c, v) => c with { Momentum = v.Double() }),
        new("nesterov", c => c.Nesterov, (c, v) => c with { Nesterov = v.Bool() }),
        new("weight-decay", c => c.WeightDecay, (c, v) => c with { WeightDecay = v.NullableDouble() }),
        new("betas", c => c.Betas, (c, v) => c with { Betas = v.Doubles() }),
        new("eps", c => c.Eps, (c, v) => c with { Eps = v.NullableDouble() }),
        new("alpha", c => c.Alpha, (c, v) => c with { Alpha = v.Double() }),
        new("lr-schedule", c => c.LrSchedule, (c, v) => c with { LrSchedule = v.Text() }),
        new("clip-grad-norm", c => c.ClipGradNorm, (c, v) => c with { ClipGradNorm = v.NullableDouble() }),
        new("batch-size", c => c.BatchSize, (c, v) => c with { BatchSize = v.Int() }),
        new("epochs", c => c.Epochs, (c, v) => c with { Epochs = v.Int() }),
        new("shuffle", c => c.Shuffle, (c, v) => c with { Shuffle = v.Bool() }),
        new("seed", c => c.Seed, (c, v) => c with { Seed = v.ULong() }),
        new("record", c => c.Record, (c, v) => c with { Record = v.Bool() }),
        new("early-stopping", c => c.EarlyStopping, (c, v) => c with { EarlyStopping = v.Bool() }),
        new("patience", c => c.Patience, (c, v) => c with { Patience = v.Int() }),
        new("min-delta", c => c.MinDelta, (c, v) => c with { MinDelta = v.Double() }),
        new("min-delta-mode", c => c.MinDeltaMode, (c, v) => c with { MinDeltaMode = v.Text() }),
        new("monitor", c => c.Monitor, (c, v) => c with { Monitor = v.Text() }),
        new("start-from-epoch", c => c.StartFromEpoch, (c, v) => c with { StartFromEpoch = v.Int() }),
        new("restarts", c => c.Restarts, (c, v) => c with { Restarts = v.Int() }),
        new("target-accuracy", c => c.TargetAccuracy, (c, v) => c with { TargetAccuracy = v.NullableDouble() }),
    ];

    /// <summary>Every key, in the order they are written.</summary>
    public static IEnumerable<string> KeyNames => Keys.Select(k => k.Name);

    public static string Write(RunConfig config)
    {
        var text = new StringBuilder("# tinynets train --config this-file reproduces the run\n");
        foreach (var key in Keys)
        {
            text.Append(key.Name).Append(": ").Append(Format(key.Get(config)));
            // null leaves the value to the optimizer, so that another --optimizer gets its own; say what this one used
            double? used = key.Name switch
            {
                "weight-decay" when config.WeightDecay is null => OptimizerFactory.DefaultWeightDecay(config.Optimizer),
                "eps" when config.Eps is null => OptimizerFactory.DefaultEps(config.Optimizer),
                _ => null,
            };
            if (used is double value) text.Append("   # ").Append(config.Optimizer).Append("'s default, ").Append(Format(value));
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Reads a config file over <paramref name="defaults"/>; keys not in the file keep their default.</summary>
    public static RunConfig Read(string path, RunConfig? defaults = null)
    {
        if (!File.Exists(path)) throw new TinyNetsException($"{path}: no such file");
        return Parse(File.ReadAllText(path), path, defaults);
    }

    /// <summary>Reads config text; <paramref name="file"/> names it in messages.</summary>
    public static RunConfig Parse(string text, string file, RunConfig? defaults = null)
    {
        var stream = YamlText.Load(text, file);
        var config = defaults ?? new RunConfig();
        if (stream.Documents.Count == 0) return config;
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new TinyNetsException($"{file}:1:1: expected 'key: value' lines");
        return Apply(config, file, root);
    }

    /// <summary>Applies every <c>key: value</c> of <paramref name="mapping"/> (a study's base or a choice's overrides).
    /// <c>layers</c> (every size) wins over <c>hidden</c> in one mapping, as in the config.yaml a run writes; a mapping
    /// that gives <c>hidden</c> alone replaces the <c>layers</c> of what it overrides, as <c>--hidden</c> does.</summary>
    public static RunConfig Apply(RunConfig config, string file, YamlMappingNode mapping)
    {
        // Each key as an override; layers last, so that in one mapping it wins over the hidden that cleared it.
        foreach (var (keyNode, valueNode) in mapping.Children.OrderBy(kv => kv.Key is YamlScalarNode { Value: "layers" }))
            config = Override(config, file, PlainKey(file, keyNode), valueNode);
        return config;
    }

    /// <summary>Sets one key over a config it overrides (a study's choice of one value): <c>hidden</c> then replaces the
    /// overridden config's <c>layers</c>, as <c>--hidden</c> does.</summary>
    public static RunConfig Override(RunConfig config, string file, YamlScalarNode keyNode, YamlNode valueNode)
    {
        var set = Set(config, file, keyNode, valueNode);
        return keyNode.Value == "hidden" ? set with { Layers = null } : set;
    }

    /// <summary>A mapping's key as written (<c>lr</c>); a list or mapping used as a key is a mistake naming its place.</summary>
    public static YamlScalarNode PlainKey(string file, YamlNode key) =>
        key as YamlScalarNode ?? throw new TinyNetsException($"{file}:{key.Start.Line}:{key.Start.Column}: expected a plain key such as 'lr', not a list or mapping");

    /// <summary>Sets one key; an unknown key or a bad value names file:line:column and the key.</summary>
    public static RunConfig Set(RunConfig config, string file, YamlScalarNode keyNode, YamlNode valueNode)
    {
        string name = keyNode.Value ?? "";
        var key = Keys.FirstOrDefault(k => k.Name == name)
            ?? throw new TinyNetsException($"{file}:{keyNode.Start.Line}:{keyNode.Start.Column}: unknown key '{name}'; expected one of {string.Join(", ", KeyNames)}");
        if (valueNode is YamlMappingNode)
            throw new TinyNetsException($"{file}:{valueNode.Start.Line}:{valueNode.Start.Column}: '{name}' expects a value, not a mapping");
        return key.Set(config, new Value(file, valueNode.Start, name, valueNode));
    }

    /// <summary>A mistake <see cref="RunConfig.Validate"/> found in one option, said at that option's value in
    /// <paramref name="mapping"/> (a config file, a study's base) in the file's words (<c>epochs</c>, not
    /// <c>--epochs</c>); null when the mistake is not one option's or the mapping does not set it.</summary>
    public static TinyNetsException? At(TinyNetsException mistake, string file, YamlMappingNode mapping) =>
        mistake.Option is string option && ValueOf(mapping, option) is YamlNode value ? At(mistake, file, value) : null;

    /// <summary>A mistake in one option, said at <paramref name="value"/>, where the file sets that option.</summary>
    public static TinyNetsException At(TinyNetsException mistake, string file, YamlNode value) =>
        new($"{file}:{value.Start.Line}:{value.Start.Column}: {Flags().Replace(mistake.Message, "")}") { Option = mistake.Option };

    /// <summary>Checks the values a study's choice sets: <paramref name="probe"/> is a valid base with the choice
    /// applied, and <paramref name="valueOf"/> finds where the choice sets an option (null where it does not).</summary>
    public static void CheckValues(RunConfig probe, string file, Func<string, YamlNode?> valueOf)
    {
        try { probe.ValidateValues(); }
        catch (TinyNetsException e) when (e.Option is string option && valueOf(option) is YamlNode value) { throw At(e, file, value); }
    }

    /// <summary>The value <paramref name="mapping"/> gives <paramref name="key"/>, or null.</summary>
    public static YamlNode? ValueOf(YamlMappingNode mapping, string key) =>
        mapping.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: var k } && k == key).Value;

    /// <summary><see cref="At(TinyNetsException, string, YamlMappingNode)"/> for a config file.</summary>
    public static TinyNetsException? At(TinyNetsException mistake, string path) =>
        File.Exists(path) && YamlText.Load(File.ReadAllText(path), path) is { Documents: [{ RootNode: YamlMappingNode root }, ..] }
            ? At(mistake, path, root) : null;

    [GeneratedRegex(@"(?<![\w-])--(?=[a-z])")]
    private static partial Regex Flags();

    /// <summary>A key's value in <paramref name="config"/> as YAML text (<c>0.01</c>, <c>[8, 8]</c>, <c>adam</c>).</summary>
    public static string ValueText(RunConfig config, string name) =>
        Format((Keys.FirstOrDefault(k => k.Name == name) ?? throw new ArgumentException($"unknown key {name}", nameof(name))).Get(config));

    private static string Format(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        int[] a => "[" + string.Join(", ", a) + "]",
        double[] a => "[" + string.Join(", ", a.Select(d => d.ToString("R", CultureInfo.InvariantCulture))) + "]",
        string s => s.Length == 0 || s.IndexOfAny(":#{}[],&*!|>'\"%@`".ToCharArray()) >= 0 || s.Trim() != s ? "'" + s.Replace("'", "''") + "'" : s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}
