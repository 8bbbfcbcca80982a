using System.Globalization;
using TinyNets.Runs;
using TinyNets.Studies.Analysis;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TinyNets.Studies.Specs;

/// <summary>
/// Reads a study spec (see <c>examples/classic-study.yaml</c> and the README). Every mistake is a
/// <see cref="TinyNetsException"/> naming file:line:column and the key, and saying what was expected.
/// </summary>
public static class StudySpecYaml
{
    private static readonly string[] ExperimentKeys = ["base", "objective", "seeds", "strategy", "trials", "space", "stages", "halving", "question", "finding"];
    private static readonly string[] StudyKeys = ["name", "budget", "trial-reports", "experiments", .. ExperimentKeys];

    // Keys that change what a study writes or may spend, not what it trains: a spec that differs only in them is the same study.
    private static readonly string[] OutputKeys = ["budget", "trial-reports"];

    /// <summary>Reads a spec file; its relative <c>data:</c> and <c>init-weights:</c> paths become absolute (see <see cref="WithAbsolutePaths"/>).</summary>
    public static StudySpec Read(string path)
    {
        if (!File.Exists(path)) throw new TinyNetsException($"{path}: no such file");
        return Parse(WithAbsolutePaths(File.ReadAllText(path)), path, Path.GetFileNameWithoutExtension(path));
    }

    private static readonly string[] PathKeys = ["data", "init-weights"];

    /// <summary>
    /// The spec text with every relative <c>data:</c> and <c>init-weights:</c> path (in a base, a space's choices or a
    /// list of values) replaced by the absolute path it names from the current directory, and the rest left as written.
    /// The study database, <c>study resume</c> and every trial's <c>config.yaml</c> keep this text, so they find the files
    /// from any directory, as a run folder's <c>config.yaml</c> does. Text that is not valid YAML comes back unchanged for
    /// <see cref="Parse"/> to report.
    /// </summary>
    public static string WithAbsolutePaths(string text)
    {
        YamlStream stream;
        try { stream = YamlText.Load(text, ""); }
        catch (TinyNetsException) { return text; }
        var paths = new List<YamlScalarNode>();
        foreach (var document in stream.Documents) CollectPaths(document.RootNode, paths);
        var result = new System.Text.StringBuilder(text);
        foreach (var scalar in paths.Where(p => !string.IsNullOrEmpty(p.Value) && !Path.IsPathRooted(p.Value))
                     .OrderByDescending(p => p.Start.Index))
        {
            string quoted = "\"" + Path.GetFullPath(scalar.Value!).Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
            result.Remove((int)scalar.Start.Index, (int)(scalar.End.Index - scalar.Start.Index)).Insert((int)scalar.Start.Index, quoted);
        }
        return result.ToString();
    }

    private static void CollectPaths(YamlNode node, List<YamlScalarNode> paths)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode { Value: { } name } && PathKeys.Contains(name))
                    {
                        if (value is YamlScalarNode scalar) paths.Add(scalar);
                        else if (value is YamlSequenceNode items) paths.AddRange(items.OfType<YamlScalarNode>());
                    }
                    else CollectPaths(value, paths);
                }
                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence) CollectPaths(item, paths);
                break;
        }
    }

    /// <summary>
    /// True when two spec texts describe the same study: equal once the top-level <c>budget</c> and <c>trial-reports</c>
    /// and the comments are left out. A study may be run again with another budget (a raised trial budget adds the trials
    /// a smaller one left out) or with trial reports on; anything else that changes is another study.
    /// </summary>
    public static bool SameStudy(string a, string b)
    {
        static string? Essence(string text)
        {
            YamlStream stream;
            try { stream = YamlText.Load(text, ""); }
            catch (TinyNetsException) { return null; }
            foreach (var document in stream.Documents)
                if (document.RootNode is YamlMappingNode top)
                    foreach (var key in OutputKeys) top.Children.Remove(new YamlScalarNode(key));
            var writer = new StringWriter();
            stream.Save(writer, assignAnchors: false);
            return writer.ToString();
        }
        return a == b || (Essence(a) is { } ea && ea == Essence(b));
    }

    /// <summary>Parses spec text; <paramref name="file"/> is only for messages.</summary>
    public static StudySpec Parse(string text, string file, string defaultName)
    {
        var stream = YamlText.Load(text, file);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new TinyNetsException($"{file}:1:1: a study spec is a mapping of keys such as base, space, strategy; see examples/classic-study.yaml");
        var y = new Reader(file);
        var top = y.Keys(root, "the study", StudyKeys);
        string name = top.TryGetValue("name", out var n) ? y.Text(n, "name") : defaultName;
        var budget = top.TryGetValue("budget", out var b) ? ReadBudget(y, b) : new Budget(null, null);
        bool trialReports = top.TryGetValue("trial-reports", out var r) && y.Bool(r, "trial-reports");
        var defaults = new RunConfig();
        var experiments = new List<ExperimentSpec>();
        if (top.TryGetValue("experiments", out var list))
        {
            if (list is not YamlSequenceNode items || items.Children.Count == 0)
                throw y.Error(list, "experiments", "a list of experiments (- name: ...)");
            var shared = top.Where(kv => kv.Key is not ("experiments" or "name") && !OutputKeys.Contains(kv.Key)).ToDictionary();
            foreach (var item in items)
            {
                var own = y.Keys(item, "an experiment", ["name", .. ExperimentKeys]);
                if (!own.TryGetValue("name", out var en)) throw y.Error(item, "experiments", "a name for each experiment (name: ...)");
                string experimentName = y.Text(en, "name");
                if (experiments.Any(e => e.Name == experimentName)) throw y.Error(en, "name", "a name not used by another experiment");
                experiments.Add(ReadExperiment(y, experimentName, shared, own, defaults));
            }
        }
        else experiments.Add(ReadExperiment(y, name, [], top, defaults));
        return new StudySpec(name, text, experiments, budget, trialReports);
    }

    private static Budget ReadBudget(Reader y, YamlNode node)
    {
        var keys = y.Keys(node, "budget", ["trials", "minutes"]);
        return new Budget(keys.TryGetValue("trials", out var t) ? y.PositiveInt(t, "trials") : null,
            keys.TryGetValue("minutes", out var m) ? y.PositiveDouble(m, "minutes") : null);
    }

    /// <summary>An experiment's own keys override the study's; its base is the study's base with its own keys on top.</summary>
    private static ExperimentSpec ReadExperiment(Reader y, string name, Dictionary<string, YamlNode> shared, Dictionary<string, YamlNode> own, RunConfig defaults)
    {
        YamlNode? Get(string key) => own.TryGetValue(key, out var v) ? v : shared.GetValueOrDefault(key);
        var config = defaults;
        foreach (var baseNode in new[] { shared.GetValueOrDefault("base"), own.GetValueOrDefault("base") })
            if (baseNode is not null)
                config = RunConfigYaml.Apply(config, y.File, baseNode as YamlMappingNode ?? throw y.Error(baseNode, "base", "a mapping of train options (lr: 0.01, hidden: [32], ...)"));
        ValidateAt(y, Get("base") ?? own.Values.FirstOrDefault(), config, own.GetValueOrDefault("base"), shared.GetValueOrDefault("base"));

        var objective = Get("objective") is { } o ? y.Text(o, "objective") switch
        {
            "val-loss" => Objective.ValidationLoss,
            "val-accuracy" => Objective.ValidationAccuracy,
            _ => throw y.Error(o, "objective", "val-loss or val-accuracy"),
        } : Objective.ValidationLoss;
        int seeds = Get("seeds") is { } s ? y.PositiveInt(s, "seeds") : 1;
        var strategyNode = Get("strategy");
        var strategy = strategyNode is null ? (Get("stages") is null ? Strategy.Grid : Strategy.Staged) : y.Text(strategyNode, "strategy") switch
        {
            "grid" => Strategy.Grid,
            "random" => Strategy.Random,
            "staged" => Strategy.Staged,
            "halving" => Strategy.Halving,
            _ => throw y.Error(strategyNode, "strategy", "grid, random, staged or halving"),
        };
        int? trials = Get("trials") is { } t ? y.PositiveInt(t, "trials") : null;
        var at = strategyNode ?? own.Values.First();
        if (strategy == Strategy.Random && trials is null) throw y.Error(at, "trials", "a number of trials for strategy: random (trials: 20)");

        List<StageSpec> stages;
        if (strategy == Strategy.Staged)
        {
            if (Get("space") is { } stray) throw y.Error(stray, "space", "stages (each with its own space) for strategy: staged, not a top-level space");
            if (Get("stages") is not YamlSequenceNode stageList || stageList.Children.Count == 0)
                throw y.Error(Get("stages") ?? at, "stages", "a list of stages (- name: learning rate, space: {...})");
            stages = [];
            foreach (var item in stageList)
            {
                var keys = y.Keys(item, "a stage", ["name", "space", "strategy", "trials"]);
                string stageName = keys.TryGetValue("name", out var sn) ? y.Text(sn, "name") : $"stage {stages.Count + 1}";
                bool random = keys.TryGetValue("strategy", out var ss) && y.Text(ss, "strategy") switch
                {
                    "grid" => false,
                    "random" => true,
                    _ => throw y.Error(ss, "strategy", "grid or random within a stage"),
                };
                int? stageTrials = keys.TryGetValue("trials", out var st) ? y.PositiveInt(st, "trials") : null;
                if (random && stageTrials is null) throw y.Error(ss!, "trials", "a number of trials for a random stage");
                stages.Add(new StageSpec(stageName, ReadSpace(y, keys.GetValueOrDefault("space") ?? throw y.Error(item, "space", "a space for every stage"), config), random, stageTrials));
            }
        }
        else
        {
            if (Get("stages") is { } stray) throw y.Error(stray, "stages", "strategy: staged to use stages");
            var space = Get("space") is { } sp ? ReadSpace(y, sp, config) : [];
            stages = [new StageSpec("search", space, strategy == Strategy.Random, trials)];
        }

        Halving? halving = null;
        if (strategy == Strategy.Halving)
        {
            var keys = Get("halving") is { } h ? y.Keys(h, "halving", ["min-epochs", "factor"]) : [];
            int minEpochs = keys.TryGetValue("min-epochs", out var me) ? y.PositiveInt(me, "min-epochs") : Math.Max(1, config.Epochs / 8);
            int factor = keys.TryGetValue("factor", out var f) ? y.PositiveInt(f, "factor") : 2;
            if (factor < 2) throw y.Error(keys["factor"], "factor", "a whole number >= 2");
            halving = new Halving(minEpochs, factor);
        }
        else if (Get("halving") is { } stray) throw y.Error(stray, "halving", "strategy: halving to use halving");

        string? question = Get("question") is { } q ? y.Text(q, "question") : null;
        FindingSpec? finding = Get("finding") is { } fn ? ReadFinding(y, fn, stages) : null;
        return new ExperimentSpec(name, config, objective, seeds, strategy, stages, halving, question, finding);
    }

    // A mistake in one option is said where the base that sets it (the experiment's own, else the study's) has it.
    private static void ValidateAt(Reader y, YamlNode? at, RunConfig config, params YamlNode?[] bases)
    {
        try { config.Validate(); }
        catch (TinyNetsException e) when (at is not null)
        {
            throw bases.OfType<YamlMappingNode>().Select(b => RunConfigYaml.At(e, y.File, b)).FirstOrDefault(placed => placed is not null)
                ?? new TinyNetsException($"{y.File}:{at.Start.Line}:{at.Start.Column}: base: {e.Message}");
        }
    }

    private static FindingSpec ReadFinding(Reader y, YamlNode node, List<StageSpec> stages)
    {
        var keys = y.Keys(node, "finding", ["compare", "metric", "expect", "reported"]);
        var compare = keys.GetValueOrDefault("compare") ?? throw y.Error(node, "compare", "the parameter whose choices the finding compares (compare: optimizer)");
        string parameter = y.Text(compare, "compare");
        var choices = stages.SelectMany(s => s.Space).OfType<ChoiceSpec>().FirstOrDefault(p => p.Name == parameter)
            ?? throw y.Error(compare, "compare", $"a parameter with choices in this experiment's space ({string.Join(", ", stages.SelectMany(s => s.Space).OfType<ChoiceSpec>().Select(p => p.Name))})");
        var metricNode = keys.GetValueOrDefault("metric") ?? throw y.Error(node, "metric", "a metric (test-accuracy, epochs-to train-loss <= 0.3, fraction train-accuracy >= 1, ...)");
        var metric = Metric.Parse(y.Text(metricNode, "metric"))
            ?? throw y.Error(metricNode, "metric", $"one of {string.Join(", ", Metric.Measures)}, 'epochs-to MEASURE <= X' or 'fraction MEASURE >= X'");
        var expectNode = keys.GetValueOrDefault("expect") ?? throw y.Error(node, "expect", "the choices in the order the finding expects, best first");
        const string Order = "a list of at least two places, best first, each a choice or a list of tied choices ([[adam, rmsprop], momentum, sgd])";
        if (expectNode is not YamlSequenceNode expected || expected.Children.Count < 2) throw y.Error(expectNode, "expect", Order);
        var labels = new List<string>();
        var groups = new List<int>();
        for (int place = 0; place < expected.Children.Count; place++)
        {
            var entry = expected.Children[place];
            var tied = entry is YamlSequenceNode list ? list.Children : [entry];
            if (tied.Count == 0) throw y.Error(entry, "expect", Order);
            foreach (var e in tied)
            {
                string label = y.Text(e, "expect");
                if (!choices.Choices.Any(c => c.Label == label))
                    throw y.Error(e, "expect", $"a choice of {parameter} ({string.Join(", ", choices.Choices.Select(c => c.Label))})");
                if (labels.Contains(label)) throw y.Error(e, "expect", $"each choice once ('{label}' is already listed)");
                labels.Add(label);
                groups.Add(place);
            }
        }
        return new FindingSpec(parameter, metric, labels, keys.TryGetValue("reported", out var r) ? y.Text(r, "reported") : null,
            groups.Distinct().Count() == groups.Count ? null : groups);
    }

    private static List<ParameterSpec> ReadSpace(Reader y, YamlNode node, RunConfig config)
    {
        if (node is not YamlMappingNode mapping || mapping.Children.Count == 0)
            throw y.Error(node, "space", "a mapping of parameters (lr: [0.01, 0.1], ...)");
        var space = new List<ParameterSpec>();
        foreach (var (keyNode, value) in mapping.Children)
        {
            string name = RunConfigYaml.PlainKey(y.File, keyNode).Value ?? "";
            space.Add(value switch
            {
                YamlSequenceNode list => ReadChoices(y, name, RunConfigYaml.PlainKey(y.File, keyNode), list, config),
                YamlMappingNode m when m.Children.Keys.Any(k => k is YamlScalarNode { Value: "min" or "max" }) => ReadRange(y, name, RunConfigYaml.PlainKey(y.File, keyNode), m, config),
                YamlMappingNode m => ReadNamedChoices(y, name, m, config),
                _ => throw y.Error(value, name, "a list of choices, a mapping of named choices, or a range {min: ..., max: ...}"),
            });
        }
        return space;
    }

    /// <summary><c>lr: [0.01, 0.1]</c>: each item is a value of the run key <paramref name="name"/>.</summary>
    private static ChoiceSpec ReadChoices(Reader y, string name, YamlScalarNode keyNode, YamlSequenceNode list, RunConfig config)
    {
        if (list.Children.Count == 0) throw y.Error(list, name, "at least one choice");
        var choices = new List<Choice>();
        foreach (var item in list)
        {
            var probe = RunConfigYaml.Override(config, y.File, keyNode, item);   // fails here, at this item, when the key or value is wrong
            RunConfigYaml.CheckValues(probe, y.File, option => option == name ? item : null);
            string label = RunConfigYaml.ValueText(probe, name);
            if (choices.Any(c => c.Label == label)) throw y.Error(item, name, "choices that differ from each other");
            choices.Add(new Choice(label, c => RunConfigYaml.Override(c, y.File, keyNode, item)));
        }
        return new ChoiceSpec(name, choices);
    }

    /// <summary><c>optimizer: {sgd: {optimizer: sgd, lr: 0.1}, momentum: {optimizer: sgd, momentum: 0.9}}</c>: labelled sets of keys.</summary>
    private static ChoiceSpec ReadNamedChoices(Reader y, string name, YamlMappingNode mapping, RunConfig config)
    {
        var choices = new List<Choice>();
        foreach (var (labelNode, value) in mapping.Children)
        {
            string label = RunConfigYaml.PlainKey(y.File, labelNode).Value ?? "";
            if (value is not YamlMappingNode keys)
                throw y.Error(value, $"{name}.{label}", "a mapping of train options for this choice (optimizer: sgd, momentum: 0.9)");
            RunConfigYaml.CheckValues(RunConfigYaml.Apply(config, y.File, keys), y.File, option => RunConfigYaml.ValueOf(keys, option));
            choices.Add(new Choice(label, c => RunConfigYaml.Apply(c, y.File, keys)));
        }
        return new ChoiceSpec(name, choices);
    }

    /// <summary><c>lr: {min: 0.0001, max: 0.1, scale: log, count: 4}</c>; <c>type: int</c> rounds to whole numbers.</summary>
    private static RangeSpec ReadRange(Reader y, string name, YamlScalarNode keyNode, YamlMappingNode mapping, RunConfig config)
    {
        var keys = y.Keys(mapping, name, ["min", "max", "scale", "type", "count"]);
        double min = y.Double(keys.GetValueOrDefault("min") ?? throw y.Error(mapping, name, "both min and max"), "min");
        double max = y.Double(keys.GetValueOrDefault("max") ?? throw y.Error(mapping, name, "both min and max"), "max");
        if (!(max >= min)) throw y.Error(keys["max"], "max", $"a value >= min ({min.ToString(CultureInfo.InvariantCulture)})");
        bool log = keys.TryGetValue("scale", out var s) && y.Text(s, "scale") switch
        {
            "log" => true,
            "linear" => false,
            _ => throw y.Error(s, "scale", "log or linear"),
        };
        if (log && !(min > 0)) throw y.Error(keys["min"], "min", "a value > 0 on a log scale");
        bool integer = keys.TryGetValue("type", out var t) && y.Text(t, "type") switch
        {
            "int" => true,
            "real" => false,
            _ => throw y.Error(t, "type", "int or real"),
        };
        int? count = keys.TryGetValue("count", out var c) ? y.PositiveInt(c, "count") : null;
        var key = keyNode;
        YamlScalarNode Scalar(double v) => new(integer ? Math.Round(v).ToString(CultureInfo.InvariantCulture) : v.ToString("R", CultureInfo.InvariantCulture));
        foreach (var end in new[] { "min", "max" })   // the key must take a number, and both ends must be values it takes
            RunConfigYaml.CheckValues(RunConfigYaml.Set(config, y.File, key, Scalar(end == "min" ? min : max)), y.File, option => option == name ? keys[end] : null);
        return new RangeSpec(name, min, max, log, integer, count, (cfg, v) => RunConfigYaml.Set(cfg, y.File, key, Scalar(v)));
    }

    /// <summary>Typed reads of YAML nodes whose errors name file:line:column and the key.</summary>
    private sealed class Reader(string file)
    {
        public string File => file;

        public TinyNetsException Error(YamlNode at, string key, string expected) =>
            new($"{file}:{at.Start.Line}:{at.Start.Column}: '{key}' expects {expected}");

        public Dictionary<string, YamlNode> Keys(YamlNode node, string what, string[] allowed)
        {
            if (node is not YamlMappingNode mapping) throw new TinyNetsException($"{file}:{node.Start.Line}:{node.Start.Column}: {what} expects a mapping of keys ({string.Join(", ", allowed)})");
            var keys = new Dictionary<string, YamlNode>();
            foreach (var (k, v) in mapping.Children)
            {
                string name = RunConfigYaml.PlainKey(file, k).Value ?? "";
                if (!allowed.Contains(name))
                    throw new TinyNetsException($"{file}:{k.Start.Line}:{k.Start.Column}: unknown key '{name}' in {what}; expected one of {string.Join(", ", allowed)}");
                keys[name] = v;
            }
            return keys;
        }

        public string Text(YamlNode node, string key) =>
            node is YamlScalarNode { Value: { Length: > 0 } v } ? v : throw Error(node, key, "a value");

        public double Double(YamlNode node, string key) =>
            double.TryParse(Text(node, key), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : throw Error(node, key, $"a number, got '{Text(node, key)}'");

        public double PositiveDouble(YamlNode node, string key) => Double(node, key) is var v && v > 0 ? v : throw Error(node, key, $"a number > 0, got '{Text(node, key)}'");

        public bool Bool(YamlNode node, string key) => Text(node, key) switch
        {
            "true" => true,
            "false" => false,
            var other => throw Error(node, key, $"true or false, got '{other}'"),
        };

        public int PositiveInt(YamlNode node, string key) =>
            int.TryParse(Text(node, key), NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0 ? v : throw Error(node, key, $"a whole number > 0, got '{Text(node, key)}'");
    }
}
