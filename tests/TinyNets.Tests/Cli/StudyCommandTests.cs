using System.Text.RegularExpressions;
using System.Text.Json;
using TinyNets.Studies;
using TinyNets.Tests.Studies;
using Xunit;

namespace TinyNets.Tests.Cli;

public sealed class StudyCommandTests
{
    private const string Small = """
        name: small
        seeds: 2
        objective: val-accuracy
        base: {dataset: circles, classes: 2, points: 200, hidden: [8], epochs: 30, restarts: 0}
        space:
          lr: [0.003, 0.03]
          init: [he-normal, xavier-normal]
        finding: {compare: init, metric: val-accuracy, expect: [he-normal, xavier-normal]}
        """;

    [Fact]
    public void Run_stores_every_trial_reports_and_exports_the_best_then_running_again_has_nothing_left()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("small.yaml"), Small);
        string folder = Path.Combine(dir.Path, "out");
        var run = CliRunner.Run("study", "run", dir.File("small.yaml"), "--out", folder, "--workers", "2");
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        Assert.Contains("8 trials: 8 complete", run.Out);
        // One line per trial, its time in milliseconds when under a second (it said "0.0 s").
        Assert.Equal(8, System.Text.RegularExpressions.Regex.Matches(run.Out,
            @"(?m)^\[\d/8\] trial \d small lr=[0-9.]+, init=\S+ seed \d+: complete, val loss [0-9.]+, val acc [0-9.]+, 30 epochs \(\d+ ms\)$").Count);   // 30 epochs of 200 rows: milliseconds
        Assert.Contains("small: best ", run.Out);
        Assert.Contains("finding ", run.Out);
        Assert.Equal(8, Directory.GetDirectories(Path.Combine(folder, "trials")).Length);
        var (_, model) = Serialization.ModelFile.Load(Path.Combine(folder, "best", "small"));
        Assert.Equal(2, model.InputWidth);

        string html = File.ReadAllText(Path.Combine(folder, "report.html"));
        foreach (var part in new[] { "id=\"findings\"", "Leaderboard", "95% interval", "Best configuration", "tinynets train --dataset circles",
                     "id=\"small-parallel\"", "id=\"small-lr\"", "id=\"small-curves\"", "id=\"small-gradients-by-init\"",
                     "What the top configurations learned", "id=\"small-boundary-1\"><svg", "id=\"small-boundary-4\"><svg" })
            Assert.Contains(part, html);
        Assert.DoesNotContain("small-gradients-by-optimizer", html);   // every trial uses the same optimizer
        Assert.DoesNotContain("small-boundary-5", html);   // four configurations
        // One colour per configuration within the experiment: a gradient group takes its best-placed configuration's
        // colour in the top configurations' chart, whose legend lists them in leaderboard order.
        var curves = LegendColours(html, "small-curves");
        var groups = LegendColours(html, "small-gradients-by-init");
        Assert.Equal(2, groups.Count);
        // Below the plot: inside it, configuration names covered the curves.
        Reporting.SvgText.AssertBelow(Reporting.SvgText.Figure(html, "small-curves"), "epoch", curves.Select(c => c.Label));
        Reporting.SvgText.AssertBelow(Reporting.SvgText.Figure(html, "small-gradients-by-init"), "step", groups.Select(c => c.Label));
        Reporting.SvgText.AssertBelow(Reporting.SvgText.Figure(html, "small-lr"), "learning rate (log)", ["trial", "mean"]);
        foreach (var (label, colour) in groups)
        {
            string init = label[..label.IndexOf(' ')];
            Assert.Equal(curves.First(c => c.Label.Contains($"init={init}")).Colour, colour);
        }
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", ""));   // self-contained: nothing fetched

        // The leaderboard counts each configuration's diagnoses in its trials: give one trial of the best configuration
        // two findings (one only information) and the other none. study report diagnoses a trial again from its recorded
        // steps (a study run before a rule changed), so these two lose theirs and count by their findings.json.
        Assert.Contains("<th>diagnoses (trials)</th>", html);
        var leader = Regex.Match(html, "<tr><td class=\"n\">1</td>.*?href=\"(trials/\\d+)/\".*?href=\"(trials/\\d+)/\"");
        Assert.True(leader.Success);
        string Finding(string rule, string severity) =>
            $"{{\"rule\":\"{rule}\",\"severity\":\"{severity}\",\"first_step\":0,\"last_step\":1,\"layer\":null,\"explanation\":\"x\",\"fix\":\"y\"}}";
        File.WriteAllText(Path.Combine(folder, leader.Groups[1].Value, "findings.json"), $"[{Finding("dead-relu", "error")},{Finding("still-improving", "info")}]");
        File.WriteAllText(Path.Combine(folder, leader.Groups[2].Value, "findings.json"), "[]");
        foreach (int g in new[] { 1, 2 }) File.Delete(Path.Combine(folder, leader.Groups[g].Value, Runs.RunFolder.BinaryStepsFile));
        // A trial whose steps are there is diagnosed anew: a finding no rule makes is gone from the report.
        string other = Regex.Match(html, "<tr><td class=\"n\">2</td>.*?href=\"(trials/\\d+)/\"").Groups[1].Value;
        File.WriteAllText(Path.Combine(folder, other, "findings.json"), $"[{Finding("rule-of-an-older-version", "warning")}]");
        Assert.Equal(0, CliRunner.Run("study", "report", folder).ExitCode);
        string rebuilt = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.Matches("<tr><td class=\"n\">1</td>.*<td>dead-relu 1/2, still-improving \\(info\\) 1/2</td>", rebuilt);
        Assert.DoesNotContain("rule-of-an-older-version", rebuilt);

        var status = CliRunner.Run("study", "status", folder, "--json");
        var json = JsonDocument.Parse(status.Out).RootElement;
        Assert.Equal((8, 8, 0, 0, 0, 0), (json.GetProperty("total").GetInt32(), json.GetProperty("complete").GetInt32(), json.GetProperty("running").GetInt32(),
            json.GetProperty("queued").GetInt32(), json.GetProperty("pruned").GetInt32(), json.GetProperty("failed").GetInt32()));
        var best = json.GetProperty("best")[0];
        Assert.Equal("val-accuracy", best.GetProperty("objective").GetString());
        Assert.True(Directory.Exists(Path.Combine(folder, best.GetProperty("path").GetString()!)));

        var again = CliRunner.Run("study", "run", dir.File("small.yaml"), "--out", folder, "--quiet");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("8 trials: 8 complete", again.Out);
        Assert.Equal(8, Directory.GetDirectories(Path.Combine(folder, "trials")).Length);

        File.WriteAllText(dir.File("small.yaml"), Small.Replace("epochs: 30", "epochs: 31"));
        var changed = CliRunner.Run("study", "run", dir.File("small.yaml"), "--out", folder);
        Assert.Equal(2, changed.ExitCode);
        Assert.Contains("different spec", changed.Error);
    }

    [Fact]
    public void Gradients_are_pooled_across_the_study_by_what_its_experiments_differ_in_and_only_then()
    {
        using var dir = new TempDirectory();
        string Report(string name, string spec)
        {
            File.WriteAllText(dir.File(name + ".yaml"), spec);
            var run = CliRunner.Run("study", "run", dir.File(name + ".yaml"), "--out", dir.File(name), "--quiet");
            Assert.True(run.ExitCode == 0, run.Error + run.Out);
            return File.ReadAllText(Path.Combine(dir.File(name), "report.html"));
        }
        // Two experiments, one optimizer each: the study-wide chart is where SGD and Adam's gradients meet; every trial
        // has the same initialization, so a chart by initialization would compare nothing.
        string two = Report("two", """
            base: {dataset: xor, points: 40, hidden: [4], epochs: 5, restarts: 0}
            experiments:
              - {name: sgd, base: {optimizer: sgd}, space: {lr: [0.1]}}
              - {name: adam, base: {optimizer: adam}, space: {lr: [0.01]}}
            """);
        Assert.Contains("Gradient norms across the study", two);
        Assert.Equal(2, LegendColours(two, "gradients-by-optimizer").Count);
        Assert.DoesNotContain("gradients-by-init", two);
        // One experiment that varies the learning rate only: one optimizer, one initialization, nothing to pool.
        string one = Report("one", """
            base: {dataset: xor, points: 40, hidden: [4], epochs: 5, restarts: 0}
            space: {lr: [0.01, 0.1]}
            """);
        Assert.DoesNotContain("Gradient norms across the study", one);
        Assert.DoesNotContain("gradients-by-", one);
    }

    [Fact]
    public void A_trial_budget_that_cuts_the_plan_says_so_and_a_raised_budget_adds_the_trials_it_left_out()
    {
        using var dir = new TempDirectory();
        string Spec(int budget) => $$"""
            name: budget
            seeds: 2
            budget: {trials: {{budget}}}   # what is left out is added when this is raised
            base: {dataset: xor, points: 40, hidden: [4], epochs: 3, restarts: 0}
            space: {lr: [0.001, 0.01, 0.1, 0.3]}
            """;
        string folder = dir.File("out");
        File.WriteAllText(dir.File("budget.yaml"), Spec(5));
        var cut = CliRunner.Run("study", "run", dir.File("budget.yaml"), "--out", folder, "--quiet");
        Assert.True(cut.ExitCode == 0, cut.Error + cut.Out);
        Assert.Contains("5 trials: 5 complete", cut.Out);
        Assert.Contains("The trial budget (5 trials) stopped the study with 3 planned trial(s) not run", cut.Out);
        Assert.Contains("3 planned trial(s) not run", File.ReadAllText(Path.Combine(folder, "report.html")));
        Assert.Equal(3, JsonDocument.Parse(CliRunner.Run("study", "status", folder, "--json").Out).RootElement.GetProperty("left_out_by_budget").GetInt32());
        // Every learning rate got its first seed before any got a second.
        Assert.Contains("lr=0.3", File.ReadAllText(Path.Combine(folder, "report.html")));

        // The same spec with a larger budget (and another comment) is the same study: it runs the three left out.
        File.WriteAllText(dir.File("budget.yaml"), Spec(10).Replace("what is left out is added when this is raised", "raised"));
        var raised = CliRunner.Run("study", "run", dir.File("budget.yaml"), "--out", folder, "--quiet");
        Assert.True(raised.ExitCode == 0, raised.Error + raised.Out);
        Assert.Contains("8 trials: 8 complete", raised.Out);
        Assert.DoesNotContain("trial budget", raised.Out);
        Assert.Contains("trials: 10", File.ReadAllText(Path.Combine(folder, "study.yaml")));
        var status = JsonDocument.Parse(CliRunner.Run("study", "status", folder, "--json").Out).RootElement;
        Assert.Equal((8, 0), (status.GetProperty("complete").GetInt32(), status.GetProperty("left_out_by_budget").GetInt32()));

        // Anything else changed is another study.
        File.WriteAllText(dir.File("budget.yaml"), Spec(10).Replace("epochs: 3", "epochs: 4"));
        var other = CliRunner.Run("study", "run", dir.File("budget.yaml"), "--out", folder, "--quiet");
        Assert.Equal(2, other.ExitCode);
        Assert.Contains("different spec", other.Error);
        Assert.Contains("only its budget may change", other.Error);
    }

    [Fact]
    public void Parallel_coordinates_put_a_numeric_axis_in_numeric_order()
    {
        // Learning rates closer than 0.01 kept the order they were listed in (0.004642 below 0.001).
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("order.yaml"), """
            base: {dataset: xor, points: 40, hidden: [4], epochs: 1, restarts: 0, split: '1,0,0'}
            space: {lr: [0.1, 0.004642, 0.001, 0.02154]}
            """);
        var run = CliRunner.Run("study", "run", dir.File("order.yaml"), "--out", dir.File("out"), "--quiet");
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        string svg = Reporting.SvgText.Figure(File.ReadAllText(Path.Combine(dir.File("out"), "report.html")), "order-parallel");
        var heights = new[] { "0.001", "0.004642", "0.02154", "0.1" }.Select(lr => Assert.Single(Reporting.SvgText.Y(svg, lr))).ToArray();
        Assert.Equal(heights.OrderByDescending(y => y), heights);   // lowest value at the bottom (largest y)
        // With no validation split the objective is measured on the training rows, and its axis says so.
        Assert.Single(Reporting.SvgText.Y(svg, "train-loss"));
        Assert.Empty(Reporting.SvgText.Y(svg, "val-loss"));
    }

    [Fact]
    public void A_halving_search_draws_its_finalist_and_the_configurations_each_rung_pruned()
    {
        // The loss curves showed the last rung only: one line, the finalist's.
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("halving.yaml"), """
            base: {dataset: xor, points: 40, hidden: [4], epochs: 4, restarts: 0}
            strategy: halving
            halving: {min-epochs: 1, factor: 2}
            space: {lr: [0.001, 0.01, 0.1, 0.3]}
            """);
        var run = CliRunner.Run("study", "run", dir.File("halving.yaml"), "--out", dir.File("out"), "--quiet");
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        string html = File.ReadAllText(Path.Combine(dir.File("out"), "report.html"));
        var leader = Regex.Match(html, "<tr><td class=\"n\">1</td><td>([^<]+)</td>").Groups[1].Value;
        var curves = LegendColours(html, "halving-curves");
        Assert.Equal(4, curves.Count);
        Assert.Equal(leader, curves[0].Label);
        Assert.Equal(4, curves.Select(c => c.Colour).Distinct().Count());
    }

    [Fact]
    public void Trial_reports_draw_every_trials_report_and_the_leaderboard_links_to_them()
    {
        using var dir = new TempDirectory();
        const string spec = """
            base: {dataset: moons, points: 100, hidden: [4], epochs: 3, restarts: 0}
            space: {lr: [0.01, 0.1]}
            """;
        File.WriteAllText(dir.File("s.yaml"), spec);
        string folder = dir.File("out");
        Assert.Equal(0, CliRunner.Run("study", "run", dir.File("s.yaml"), "--out", folder, "--quiet").ExitCode);
        Assert.All(Directory.GetDirectories(Path.Combine(folder, "trials")), t => Assert.False(File.Exists(Path.Combine(t, "report.html"))));

        // On in a new study, each trial draws its page as it finishes; turned on for the finished study (the same study: it
        // trains nothing differently), its trials get theirs.
        File.WriteAllText(dir.File("s.yaml"), spec + "\ntrial-reports: true\n");
        var fresh = CliRunner.Run("study", "run", dir.File("s.yaml"), "--out", dir.File("fresh"), "--quiet");
        Assert.True(fresh.ExitCode == 0, fresh.Error + fresh.Out);
        Assert.DoesNotContain("drew the reports", fresh.Out);
        var again = CliRunner.Run("study", "run", dir.File("s.yaml"), "--out", folder, "--quiet");
        Assert.True(again.ExitCode == 0, again.Error + again.Out);
        Assert.Contains("drew the reports of 2 trial(s)", again.Out);
        foreach (var study in new[] { dir.File("fresh"), folder })
        {
            var trials = Directory.GetDirectories(Path.Combine(study, "trials"));
            Assert.Equal(2, trials.Length);
            foreach (var trial in trials) Assert.Contains("id=\"decision-boundary\"><svg", File.ReadAllText(Path.Combine(trial, "report.html")));
            Assert.Matches("href=\"trials/\\d+/report.html\"", File.ReadAllText(Path.Combine(study, "report.html")));
        }
    }

    [Fact]
    public void A_choice_no_run_accepts_is_refused_before_the_study_folder_is_made()
    {
        // It made the folder, and running the corrected spec into it was then refused as "a different spec".
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("s.yaml"), "base: {dataset: xor, epochs: 2}\nspace:\n  optimizer: [adam, sgdd]\n");
        var bad = CliRunner.Run("study", "run", dir.File("s.yaml"), "--out", dir.File("out"), "--quiet");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("s.yaml:3:21: unknown optimizer 'sgdd'", bad.Error);
        Assert.False(Directory.Exists(dir.File("out")));
        // In a staged search's later stage too: it was found only when the stage was planned, after the first had run.
        File.WriteAllText(dir.File("staged.yaml"), "base: {dataset: xor, epochs: 2}\nstrategy: staged\nstages:\n" +
            "  - {name: lr, space: {lr: [0.1, 0.3]}}\n  - {name: optimizer, space: {optimizer: [adam, sgdd]}}\n");
        var staged = CliRunner.Run("study", "run", dir.File("staged.yaml"), "--out", dir.File("out"), "--quiet");
        Assert.Equal(2, staged.ExitCode);
        Assert.Contains("staged.yaml:5:49: unknown optimizer 'sgdd'", staged.Error);
        Assert.False(Directory.Exists(dir.File("out")));
        File.WriteAllText(dir.File("s.yaml"), "base: {dataset: xor, epochs: 2}\nspace:\n  optimizer: [adam, sgd]\n");
        var fixedRun = CliRunner.Run("study", "run", dir.File("s.yaml"), "--out", dir.File("out"), "--quiet");
        Assert.True(fixedRun.ExitCode == 0, fixedRun.Error);
    }

    [Fact]
    public void The_report_says_why_a_trial_failed_and_names_a_parameter_an_earlier_stage_did_not_search()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("s.yaml"), "name: s\nbase: {dataset: gaussians, epochs: 3}\nstrategy: staged\nstages:\n" +
            "  - {name: learning rate, space: {lr: [0.01, 0.1]}}\n  - {name: loss, space: {loss: [cross-entropy, bce]}}\n");
        var run = CliRunner.Run("study", "run", dir.File("s.yaml"), "--out", dir.File("out"), "--quiet");
        Assert.True(run.ExitCode == 0, run.Error);
        string html = File.ReadAllText(dir.File("out/report.html"));
        // The reason was only on the terminal that ran the study.
        Assert.Contains("(1 diverged or failed: --loss bce is for two classes; the data has 5 (use cross-entropy))", html);
        // The learning-rate stage's trials train with the base's loss, auto: their place on the loss axis had no name.
        Assert.Single(Reporting.SvgText.Y(Reporting.SvgText.Figure(html, "s-parallel"), "auto"));
    }

    [Fact]
    public void A_regression_study_s_leaderboard_gives_test_rmse_where_a_classifier_s_gives_accuracy()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("plane.yaml"), "name: plane\nseeds: 2\nbase: {dataset: plane, epochs: 5, restarts: 0}\nspace:\n  lr: [0.003, 0.01]\n");
        string folder = Path.Combine(dir.Path, "out");
        var run = CliRunner.Run("study", "run", dir.File("plane.yaml"), "--out", folder, "--quiet");
        Assert.True(run.ExitCode == 0, run.Error);
        string html = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.Contains("<th class=\"n\">test rmse</th>", html);
        Assert.DoesNotContain("test accuracy", html);
        // Each configuration's mean and interval over its two seeds, as the objective's.
        Assert.Equal(2, Regex.Matches(html, "<td class=\"n\">2</td><td class=\"n\">0\\.\\d+ &#177; [0-9.E-]+</td>").Count);
    }

    [Fact]
    public void A_trial_line_counts_epochs_over_its_attempts()
    {
        // "472 epochs" for a trial of at most 200 was three attempts' together, and did not say so.
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("r.yaml"), "name: r\nbase: {dataset: circles, classes: 2, points: 100, hidden: [4], epochs: 200, patience: 2, restarts: 2}\nspace:\n  lr: [0.01]\n");
        var run = CliRunner.Run("study", "run", dir.File("r.yaml"), "--out", dir.File("out"));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches(@"\] trial 1 r lr=0.01 seed 1: complete, val loss [0-9.]+, val acc [0-9.]+, \d+ epochs in 3 attempts \(", run.Out);
    }

    [Fact]
    public void The_best_configuration_command_reproduces_its_trial()
    {
        var config = new Runs.RunConfig { Dataset = "spiral", Classes = 3, Hidden = [16, 8], Activation = "tanh", Optimizer = "sgd", LearningRate = 0.05,
            Momentum = 0.9, Nesterov = true, Epochs = 3, Seed = 7, Shuffle = false, Record = false, Split = "0.8,0.2,0", Header = false };
        string command = TrainCommandLine.For(config);
        Assert.StartsWith("tinynets train --dataset spiral", command);
        Assert.Contains(" --no-header ", command);
        using var dir = new TempDirectory();
        var args = command.Split(' ').Skip(1).Concat(["--out", dir.Path, "--quiet"]).ToArray();
        var run = CliRunner.Run(args);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(RunConfigYaml.Write(config), File.ReadAllText(Path.Combine(dir.Path, "config.yaml")));
    }

    [Fact]
    public void A_relative_data_path_in_a_spec_is_stored_absolute_in_the_study_and_its_trials()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("table.csv"), "a,b,label\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{i % 4 / 2},{i % 2},{(i % 4 is 1 or 2 ? "y" : "x")}\n")));
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, dir.File("table.csv"));
        Assert.False(Path.IsPathRooted(relative));
        File.WriteAllText(dir.File("csv.yaml"), $"base: {{data: {relative}, hidden: [4], epochs: 3, restarts: 0}}\nspace: {{lr: [0.01, 0.1]}}\n");
        string folder = Path.Combine(dir.Path, "out");

        var run = CliRunner.Run("study", "run", dir.File("csv.yaml"), "--out", folder, "--quiet");
        Assert.True(run.ExitCode == 0, run.Error + run.Out);

        string absolute = $"\"{dir.File("table.csv")}\"";
        Assert.Contains(absolute, File.ReadAllText(Path.Combine(folder, "study.yaml")));   // what resume re-reads
        var trials = Directory.GetDirectories(Path.Combine(folder, "trials"));
        Assert.Equal(2, trials.Length);
        Assert.All(trials, t => Assert.Contains($"data: {dir.File("table.csv")}", File.ReadAllLines(Path.Combine(t, "config.yaml"))));
        Assert.Equal(0, CliRunner.Run("report", trials[0]).ExitCode);
    }

    [Theory]
    [InlineData("base: {dataset: xor}\nspace: {lr: [0.1, x]}", "bad.yaml:2:19: 'lr' expects a number, got 'x'")]
    [InlineData("base: {dataset: xor}\nspace: {lr: [0.1]\n", "bad.yaml:3:1: not valid YAML")]
    // YamlDotNet's scanner throws an InvalidOperationException, with no position, for this one (an unclosed '{' followed by
    // more lines); it was a stack trace and exit code 134.
    [InlineData("name: x\nbase: {dataset: moons, epochs: 5\nspace:\n  lr: [0.01]\n", "bad.yaml:3:1: not valid YAML: a '{' or '[' opened before here is not closed")]
    public void A_bad_spec_is_one_line_naming_the_place_and_exit_code_2(string yaml, string expected)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("bad.yaml"), yaml);
        var run = CliRunner.Run("study", "run", dir.File("bad.yaml"), "--out", Path.Combine(dir.Path, "out"));
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"tinynets: error: {dir.File(expected)}", run.Error);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "out")));
    }

    [Fact]
    public void Status_resume_and_report_of_a_folder_that_is_not_a_study_are_clear_errors()
    {
        using var dir = new TempDirectory();
        foreach (var verb in new[] { "status", "resume", "report" })
        {
            var run = CliRunner.Run("study", verb, dir.Path);
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("not a study folder", run.Error);
        }
        File.WriteAllText(dir.File("small.yaml"), Small);
        File.WriteAllText(dir.File("a-file"), "not a folder");
        var onFile = CliRunner.Run("study", "run", dir.File("small.yaml"), "--out", dir.File("a-file"));
        Assert.Equal(2, onFile.ExitCode);
        Assert.Equal($"tinynets: error: {dir.File("a-file")}: a file, not a folder; give --out the folder the study should go to", onFile.Error.Trim());
        var train = CliRunner.Run("train", "--dataset", "xor", "--out", Path.Combine(dir.File("a-file"), "run"));
        Assert.Equal(2, train.ExitCode);
        Assert.Equal("", train.Out);   // refused before training, not after
        // It said "The file '...' already exists."
        Assert.Equal($"tinynets: error: {dir.File("a-file")}: a file, not a folder; give --out the folder the run should go to",
            CliRunner.Run("train", "--dataset", "xor", "--out", dir.File("a-file")).Error.Trim());
        var workers = CliRunner.Run("study", "run", "x.yaml", "--workers", "0");
        Assert.Equal(2, workers.ExitCode);
        Assert.Contains("--workers must be >= 1", workers.Error);
    }

    [Fact]
    public void The_classic_study_answers_its_five_questions()
    {
        using var dir = new TempDirectory();
        string spec = Path.Combine(StudySpecTests.RepositoryRoot(), "examples", "classic-study.yaml");
        var run = CliRunner.Run("study", "run", spec, "--out", dir.Path, "--workers", "2", "--quiet");
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        string html = File.ReadAllText(Path.Combine(dir.Path, "report.html"));
        int answered = System.Text.RegularExpressions.Regex.Matches(html, "<b>Here:</b> (held|did not hold) on ").Count;
        Assert.Equal(5, answered);
        Assert.Equal(6, Directory.GetDirectories(Path.Combine(dir.Path, "best")).Length);   // the five, and the staged tuning
        Assert.Contains("stage 3: optimizer", html);
    }

    /// <summary>A chart's legend entries in order: each label's text and the stroke colour of the line drawn after it.</summary>
    private static List<(string Label, string Colour)> LegendColours(string html, string figureId)
    {
        string svg = Reporting.SvgText.Figure(html, figureId);
        return System.Text.RegularExpressions.Regex.Matches(svg, "<text[^>]*>\\s*([^<]+?)\\s*</text>\\s*<path fill=\"none\" stroke=\"(#[0-9A-Fa-f]{6})\"")
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
    }
}
