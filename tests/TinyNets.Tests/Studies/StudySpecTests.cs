using TinyNets.Studies.Analysis;
using TinyNets.Studies.Search;
using TinyNets.Studies.Specs;
using Xunit;

namespace TinyNets.Tests.Studies;

public sealed class StudySpecTests
{
    internal static StudySpec Parse(string yaml) => StudySpecYaml.Parse(yaml.Replace("\r\n", "\n"), "spec.yaml", "spec");

    [Fact]
    public void A_single_search_reads_its_base_space_and_strategy()
    {
        var spec = Parse("""
            base: {dataset: gaussians, epochs: 50, optimizer: sgd}
            seeds: 3
            objective: val-accuracy
            space:
              lr: {min: 0.001, max: 0.1, scale: log, count: 3}
              hidden: [[8], [8, 8]]
              opt:
                plain: {momentum: 0}
                momentum: {momentum: 0.9, nesterov: true}
            """);
        var e = Assert.Single(spec.Experiments);
        Assert.Equal(("spec", Strategy.Grid, 3, Objective.ValidationAccuracy, 50), (e.Name, e.Strategy, e.Seeds, e.Objective, e.Base.Epochs));
        var points = SearchSpace.Grid(e.Stages[0].Space);
        Assert.Equal(12, points.Count);
        Assert.Equal("lr=0.001, hidden=[8], opt=plain", points[0].ToString());
        Assert.Equal(["0.001", "0.01", "0.1"], points.Select(p => p.Values[0].Value).Distinct());
        var config = SearchSpace.Apply(e.Base, points[^1].Values, e.Stages[0].Space);
        Assert.Equal((0.1, "8,8", 0.9, true, "sgd"), (config.LearningRate, string.Join(",", config.Hidden), config.Momentum, config.Nesterov, config.Optimizer));
    }

    [Fact]
    public void A_choice_of_hidden_sizes_replaces_the_layers_of_the_base_and_layers_in_the_same_mapping_win()
    {
        // Before, a base's layers silently won, so every choice trained the base's 2-4-1.
        var spec = Parse("""
            base: {dataset: moons, layers: [2, 4, 1]}
            space:
              hidden: [[5], [5, 5]]
            """);
        var e = Assert.Single(spec.Experiments);
        var configs = SearchSpace.Grid(e.Stages[0].Space).Select(p => SearchSpace.Apply(e.Base, p.Values, e.Stages[0].Space)).ToArray();
        Assert.All(configs, c => Assert.Null(c.Layers));
        Assert.Equal(["5", "5,5"], configs.Select(c => string.Join(",", c.Hidden)));

        var named = Parse("""
            base: {dataset: moons, layers: [2, 4, 1]}
            space:
              width: {wide: {hidden: [16]}, listed: {layers: [2, 8, 1], hidden: [3]}}
            """).Experiments[0];
        var byLabel = SearchSpace.Grid(named.Stages[0].Space).ToDictionary(p => p.ToString(), p => SearchSpace.Apply(named.Base, p.Values, named.Stages[0].Space));
        Assert.Equal((null, "16"), (byLabel["width=wide"].Layers, string.Join(",", byLabel["width=wide"].Hidden)));
        Assert.Equal("2,8,1", string.Join(",", byLabel["width=listed"].Layers!));
    }

    [Fact]
    public void Experiments_inherit_the_study_keys_and_merge_bases()
    {
        var spec = Parse("""
            name: two
            seeds: 2
            base: {dataset: spiral, epochs: 40}
            experiments:
              - name: a
                base: {epochs: 10}
                space: {lr: [0.1]}
              - name: b
                seeds: 4
                space: {init: [he-normal]}
            """);
        Assert.Equal("two", spec.Name);
        Assert.Equal([("a", 2, 10, "spiral"), ("b", 4, 40, "spiral")], spec.Experiments.Select(e => (e.Name, e.Seeds, e.Base.Epochs, e.Base.Dataset!)));
    }

    [Theory]
    [InlineData("base: {dataset: xor}\nspace: {lr: [0.1, fast]}", "spec.yaml:2:19: 'lr' expects a number, got 'fast'")]
    [InlineData("base: {dataset: xor}\nspace:\n\tlr: [0.1]", "spec.yaml:3:1: not valid YAML: a tab indents this line; YAML indents with spaces only")]
    [InlineData("base: {dataset: xor}\nstratgy: grid", "spec.yaml:2:1: unknown key 'stratgy' in the study")]
    [InlineData("base: {dataset: xor}\nspace: {lrr: [0.1]}", "spec.yaml:2:9: unknown key 'lrr'")]
    [InlineData("base: {dataset: xor}\nstrategy: random\nspace: {lr: [0.1]}", "spec.yaml:2:11: 'trials' expects a number of trials for strategy: random")]
    [InlineData("base: {dataset: xor}\nspace:\n  lr: {min: 0.1, max: 0.01}", "spec.yaml:3:23: 'max' expects a value >= min")]
    [InlineData("base: {dataset: xor}\nspace:\n  lr: {min: 0, max: 1, scale: log}", "spec.yaml:3:13: 'min' expects a value > 0 on a log scale")]
    [InlineData("base: {dataset: xor, lr: -1}\nspace: {lr: [0.1]}", "spec.yaml:1:26: lr must be > 0, got -1")]
    [InlineData("base: {dataset: xor, optimizer: adam}\nexperiments:\n  - name: a\n    base: {nesterov: true}\n    space: {lr: [0.1]}", "spec.yaml:4:22: nesterov applies to optimizer sgd only")]
    [InlineData("base: {lr: 0.1}\nspace: {lr: [0.1]}", "spec.yaml:1:7: base: give either --dataset NAME or --data FILE.csv")]
    [InlineData("base: {dataset: xor}\nspace: {lr: [0.1, -1]}", "spec.yaml:2:19: lr must be > 0, got -1")]
    [InlineData("base: {dataset: xor}\nstrategy: staged\nstages:\n  - {name: a, space: {lr: [0.1]}}\n  - {name: b, space: {activation: [relu, swish]}}", "spec.yaml:5:42: unknown activation 'swish'")]
    [InlineData("base: {dataset: xor}\nspace:\n  opt: {plain: {optimizer: sgd}, fancy: {optimizer: lion}}", "spec.yaml:3:53: unknown optimizer 'lion'")]
    [InlineData("base: {dataset: xor}\nspace:\n  dropout: {min: 0, max: 1.5}", "spec.yaml:3:26: dropout must be in [0, 1), got 1.5")]
    [InlineData("base: {dataset: xor}\nseeds: two", "spec.yaml:2:8: 'seeds' expects a whole number > 0, got 'two'")]
    [InlineData("base: {dataset: xor}\nstrategy: staged\nspace: {lr: [0.1]}", "spec.yaml:3:8: 'space' expects stages")]
    [InlineData("base: {dataset: xor}\nspace: {lr: [0.1, 0.2]}\nfinding: {compare: lr, metric: speed, expect: [0.1, 0.2]}", "spec.yaml:3:32: 'metric' expects one of train-loss")]
    [InlineData("base: {dataset: xor}\nspace: {lr: [0.1, 0.2]}\nfinding: {compare: lr, metric: val-loss, expect: [0.1, 0.3]}", "spec.yaml:3:56: 'expect' expects a choice of lr (0.1, 0.2)")]
    [InlineData("base: {dataset: xor}\nspace: {lr: [0.1, 0.2}", "spec.yaml:2:")]
    [InlineData("- just\n- a list", "spec.yaml:1:1: a study spec is a mapping")]
    [InlineData("base: {dataset: xor}\nspace:\n  ? [a, b]\n  : [1]", "spec.yaml:3:5: expected a plain key")]
    [InlineData("base: {dataset: xor, ? [k] : 1}", "spec.yaml:1:24: expected a plain key")]
    [InlineData("base: {dataset: xor}\nspace:\n  opt:\n    ? [x]\n    : {lr: 1}", "spec.yaml:4:7: expected a plain key")]
    [InlineData("base: {dataset: xor}\nspace: {lr: [[0.1, [2]]]}", "spec.yaml:2:20: 'lr' expects plain values")]
    [InlineData("base: {dataset: xor}\ntrial-reports: yes", "spec.yaml:2:16: 'trial-reports' expects true or false, got 'yes'")]
    public void Mistakes_name_the_line_column_and_key(string yaml, string expected)
    {
        var e = Assert.Throws<TinyNetsException>(() => Parse(yaml));
        Assert.StartsWith(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_choice_is_checked_on_its_own_not_against_a_base_an_earlier_stage_changes()
    {
        // momentum does not go with the base's adam, but the first stage may choose sgd, which it does go with.
        var spec = Parse("""
            base: {dataset: xor, optimizer: adam}
            strategy: staged
            stages:
              - {name: optimizer, space: {optimizer: [sgd, adam]}}
              - {name: momentum, space: {momentum: [0, 0.9]}}
            """);
        Assert.Equal(2, spec.Experiments[0].Stages.Count);
    }

    [Fact]
    public void Random_draws_are_in_range_on_the_right_scale_and_repeatable()
    {
        var e = Parse("""
            base: {dataset: xor}
            strategy: random
            trials: 40
            space:
              lr: {min: 0.0001, max: 1, scale: log}
              batch-size: {min: 4, max: 64, type: int}
            """).Experiments[0];
        var a = SearchSpace.Random(e.Stages[0].Space, 40, new Randomness.RandomStream(7));
        var b = SearchSpace.Random(e.Stages[0].Space, 40, new Randomness.RandomStream(7));
        Assert.Equal(a.Select(p => p.ToString()), b.Select(p => p.ToString()));
        var lrs = a.Select(p => double.Parse(p.Values[0].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.All(lrs, lr => Assert.InRange(lr, 0.0001, 1));
        Assert.InRange(lrs.Count(lr => lr < 0.01), 10, 30);   // log-uniform: half below the geometric middle; uniform would put ~1% there
        Assert.All(a, p => Assert.True(int.TryParse(p.Values[1].Value, out int size) && size is >= 4 and <= 64));
    }

    [Fact]
    public void Relative_data_and_init_weights_paths_become_absolute_and_the_rest_of_the_text_stays()
    {
        string text = """
            # a comment that stays
            base: {data: tables/iris.csv, hidden: [8]}   # and this one
            experiments:
              - name: a
                base:
                  init-weights: 'start.safetensors'
                  epochs: 5
              - name: b
                space:
                  table: {small: {data: "small.csv"}, same: {data: /already/absolute.csv}}
                  data: [x.csv, y.csv]
            """.Replace("\r\n", "\n");
        string rewritten = StudySpecYaml.WithAbsolutePaths(text);

        string Quoted(string relative) => $"\"{Path.GetFullPath(relative)}\"";
        Assert.Equal(text
            .Replace("tables/iris.csv", Quoted("tables/iris.csv"))
            .Replace("'start.safetensors'", Quoted("start.safetensors"))
            .Replace("\"small.csv\"", Quoted("small.csv"))
            .Replace("[x.csv, y.csv]", $"[{Quoted("x.csv")}, {Quoted("y.csv")}]"), rewritten);
        var spec = Parse(rewritten);
        Assert.Equal(Path.GetFullPath("tables/iris.csv"), spec.Experiments[0].Base.Data);
        Assert.Equal(Path.GetFullPath("start.safetensors"), spec.Experiments[0].Base.InitWeights);
        Assert.Equal(5, spec.Experiments[0].Base.Epochs);
        Assert.Equal("not: [valid", StudySpecYaml.WithAbsolutePaths("not: [valid"));   // left for Parse to report
    }

    [Fact]
    public void A_finding_may_leave_choices_tied_and_a_choice_listed_twice_is_refused()
    {
        string spec = """
            base: {dataset: gaussians}
            space: {opt: {adam: {optimizer: adam}, rmsprop: {optimizer: rmsprop}, sgd: {optimizer: sgd}}}
            finding: {compare: opt, metric: train-loss, expect: [[adam, rmsprop], sgd]}
            """;
        var finding = Parse(spec).Experiments[0].Finding!;
        Assert.Equal(["adam", "rmsprop", "sgd"], finding.Expect);
        Assert.Equal([["adam", "rmsprop"], ["sgd"]], finding.Ranked());
        Assert.Null(Parse(spec.Replace("[[adam, rmsprop], sgd]", "[adam, rmsprop, sgd]")).Experiments[0].Finding!.Groups);

        var twice = Assert.Throws<TinyNetsException>(() => Parse(spec.Replace("[[adam, rmsprop], sgd]", "[[adam, rmsprop], adam]")));
        Assert.Equal("spec.yaml:3:71: 'expect' expects each choice once ('adam' is already listed)", twice.Message);
    }

    [Fact]
    public void A_spec_is_the_same_study_with_another_budget_or_other_comments_and_another_study_with_anything_else()
    {
        const string spec = "name: s   # a study\nbudget: {trials: 5}\nbase: {dataset: xor, epochs: 3}\nspace: {lr: [0.01, 0.1]}\n";
        Assert.True(StudySpecYaml.SameStudy(spec, spec));
        Assert.True(StudySpecYaml.SameStudy(spec, spec.Replace("trials: 5}", "trials: 50, minutes: 3}")));
        Assert.True(StudySpecYaml.SameStudy(spec, spec.Replace("budget: {trials: 5}\n", "")));
        Assert.True(StudySpecYaml.SameStudy(spec, spec.Replace("# a study", "# the same study")));
        Assert.True(StudySpecYaml.SameStudy(spec, spec + "trial-reports: true\n"));   // what a study writes, not what it trains
        Assert.False(StudySpecYaml.SameStudy(spec, spec.Replace("epochs: 3", "epochs: 4")));
        Assert.False(StudySpecYaml.SameStudy(spec, spec.Replace("[0.01, 0.1]", "[0.01, 0.1, 1]")));
        Assert.False(StudySpecYaml.SameStudy(spec, spec.Replace("base: {", "budget2: {")));
        Assert.False(StudySpecYaml.SameStudy(spec, "base: {dataset: xor"));   // not YAML: only the identical text is the same
    }

    [Fact]
    public void The_classic_study_example_reads()
    {
        string path = Path.Combine(RepositoryRoot(), "examples", "classic-study.yaml");
        var spec = StudySpecYaml.Read(path);
        Assert.Equal(["init", "optimizers", "depth", "circles", "restarts", "tuning"], spec.Experiments.Select(e => e.Name));
        Assert.All(spec.Experiments.Take(5), e => Assert.NotNull(e.Finding));
        Assert.Equal(Strategy.Staged, spec.Experiments[^1].Strategy);
        Assert.All(spec.Experiments, e => Assert.NotNull(e.Question));
    }

    [Fact]
    public void The_spec_in_the_readme_reads()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        int section = readme.IndexOf("### Studies", StringComparison.Ordinal);
        int start = readme.IndexOf("```yaml\n", section, StringComparison.Ordinal) + "```yaml\n".Length;
        var spec = Parse(readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)]);
        var e = Assert.Single(spec.Experiments);
        Assert.Equal((Strategy.Staged, 3, 3), (e.Strategy, e.Stages.Count, e.Seeds));
        Assert.Equal(["adam", "momentum", "sgd"], e.Finding!.Expect);
    }

    [Theory]
    [InlineData("test-accuracy", MetricKind.Final, false)]
    [InlineData("val-loss", MetricKind.Final, true)]
    [InlineData("epochs-to train-loss <= 0.3", MetricKind.EpochsTo, true)]
    [InlineData("fraction train-accuracy >= 1", MetricKind.Fraction, false)]
    public void Metrics_read_and_know_which_way_is_better(string text, MetricKind kind, bool lowerIsBetter)
    {
        var m = Metric.Parse(text)!;
        Assert.Equal((kind, lowerIsBetter, text), (m.Kind, m.LowerIsBetter, m.ToString()));
        Assert.Null(Metric.Parse("epochs-to speed <= 1"));
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TinyNets.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("TinyNets.slnx not found above the test binaries");
    }
}
