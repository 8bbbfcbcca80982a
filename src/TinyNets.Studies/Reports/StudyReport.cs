using System.Globalization;
using System.Net;
using ScottPlot;
using TinyNets.Reporting;
using TinyNets.Runs;
using TinyNets.Serialization;
using TinyNets.Studies.Analysis;
using TinyNets.Studies.Execution;
using TinyNets.Studies.Specs;
using TinyNets.Studies.Storage;

namespace TinyNets.Studies.Reports;

/// <summary>
/// <c>DIR/report.html</c>, self-contained (inline SVG, no script): the findings first, then per experiment its
/// leaderboard (mean and 95% interval over seeds), round winners, parallel coordinates, learning rate against the
/// objective, the top trials' curves, first-layer gradient norms grouped by optimizer and by initialization where the
/// experiment varies them, and the best configuration as a train command.
/// </summary>
public static class StudyReport
{
    /// <summary>Configurations shown in curves and the leaderboard's top rows.</summary>
    private const int Top = 5;

    /// <summary>Writes report.html and the best/ models it links to; returns the best/ folder (null when nothing finished
    /// yet). <paramref name="diagnoseAgain"/>: the leaderboard's diagnoses by today's rules, from each trial's recorded
    /// steps, rather than its findings.json as the trial wrote it (a study run before a rule changed).</summary>
    public static string? Write(StudyFolder folder, StudyAnalysis analysis, bool diagnoseAgain = false)
    {
        string? best = BestModel.Export(folder, analysis);
        AtomicFile.WriteAllText(folder.Report, Build(folder, analysis, diagnoseAgain));
        return best;
    }

    public static string Build(StudyFolder folder, StudyAnalysis a, bool diagnoseAgain = false)
    {
        var configs = a.Trials.ToDictionary(t => t.Id, t => RunConfigYaml.Parse(t.ConfigYaml, $"trial {t.Id}"));
        IReadOnlyList<Diagnostics.Finding> Findings(TrialRecord t) =>
            (diagnoseAgain ? RunFolderReader.Diagnose(folder.Full(t.Path!), configs[t.Id]) : null) ?? RunFolderReader.Findings(folder.Full(t.Path!));
        var html = new ReportPage("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append($"<title>TinyNets study {E(a.Spec.Name)}</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1400px;color:#222}h2{margin-top:1.6em;border-bottom:1px solid #ddd}")
            .Append(".finding{padding:.6em 1em;margin:.5em 0;border-left:6px solid}.held{border-color:#2e7d32;background:#edf7ed}")
            .Append(".not-held{border-color:#c62828;background:#fdecea}.open{border-color:#9e9e9e;background:#f5f5f5}")
            .Append("table{border-collapse:collapse}td,th{padding:.25em .8em;border-bottom:1px solid #eee;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}")
            .Append(".charts{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0}code{background:#f4f4f4;padding:.1em .3em}</style></head><body>\n");
        var counts = a.Trials.GroupBy(t => t.State).ToDictionary(g => g.Key, g => g.Count());
        html.Append($"<h1>Study {E(a.Spec.Name)}</h1>\n<p>{a.Trials.Count} trials: ")
            .Append(string.Join(", ", Enum.GetValues<TrialState>().Where(counts.ContainsKey).Select(s => $"{counts[s]} {s.ToString().ToLowerInvariant()}")))
            .Append($"; {a.Spec.Experiments.Count} experiment(s).</p>\n");
        if (a.BudgetNote() is { } budget) html.Append($"<p class=\"finding open\">{E(budget)}</p>\n");

        html.Append("<h2 id=\"findings\">Findings</h2>\n");
        var withFindings = a.Experiments.Where(e => e.Spec.Finding is not null).ToArray();
        if (withFindings.Length == 0) html.Append("<p>This study states no findings to check.</p>\n");
        foreach (var e in withFindings)
        {
            var f = e.Finding!;
            string css = f.Held switch { true => "held", false => "not-held", null => "open" };
            html.Append($"<div class=\"finding {css}\"><h3>{E(e.Spec.Name)}: {E(e.Spec.Question ?? f.Spec.Compare)}</h3>");
            if (f.Spec.Reported is { } reported) html.Append($"<p><b>Reported:</b> {E(reported)}</p>");
            html.Append($"<p><b>Here:</b> {E(f.Statement)}</p></div>\n");
        }

        var norms = new Dictionary<long, double[]>();   // each trial's steps are read once for every grouping
        double[] FirstLayerNorms(TrialRecord t)
        {
            if (!norms.TryGetValue(t.Id, out var values))
                norms[t.Id] = values = RunFolderReader.StepColumn(folder.Full(t.Path!), t.Outcome!.WinningAttempt, "0.weight.grad_norm");
            return values;
        }
        foreach (var e in a.Experiments) Experiment(html, folder, a, e, configs, FirstLayerNorms, Findings);

        // Gradients are compared within an experiment (one architecture, one data set); pooled over the whole study only
        // when no experiment varies the optimizer or the initialization, and the study's experiments differ in it (one
        // group alone compares nothing).
        bool pooledOptimizer = Varies(a.Trials, configs, OptimizerLabel), pooledInit = Varies(a.Trials, configs, InitLabel);
        if (!a.Experiments.Any(e => Varies(e.Trials, configs, OptimizerLabel) || Varies(e.Trials, configs, InitLabel)) && (pooledOptimizer || pooledInit))
        {
            html.Append("<h2 id=\"gradients\">Gradient norms across the study</h2>\n<p>").Append(GradientNote).Append("</p>\n<div class=\"charts\">");
            if (pooledOptimizer) html.Figure("gradients-by-optimizer", GradientGroups(a.Trials, configs, FirstLayerNorms, "optimizer", OptimizerLabel));
            if (pooledInit) html.Figure("gradients-by-init", GradientGroups(a.Trials, configs, FirstLayerNorms, "initialization", InitLabel));
            html.Append("</div>\n");
        }
        html.Append("<p><small>Made by TinyNets. Every chart is inline SVG: this page needs no network. ")
            .Append("Each trial's run folder is under trials/; <code>tinynets report trials/NNNN</code> draws its own report.</small></p>\n</body></html>\n");
        return html.ToString();
    }

    /// <summary>A regression trial's test RMSE from its summary.json; null when it has none (an older trial, no test set).</summary>
    private static double? TestRmse(StudyFolder folder, TrialRecord t) =>
        t.Path is null ? null : RunFolderReader.Summary(folder.Full(t.Path)).FirstOrDefault(s => s.Key == "test_rmse").Value is { } text
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : null;

    /// <summary>A trial's report.html when it has one (<c>trial-reports: true</c>), else its folder.</summary>
    private static string TrialLink(StudyFolder folder, TrialRecord t)
    {
        string path = t.Path!.Replace('\\', '/');
        return File.Exists(Path.Combine(folder.Full(t.Path!), "report.html")) ? $"{path}/report.html" : $"{path}/";
    }

    /// <summary>What the diagnoses found in a configuration's finished trials (<paramref name="findings"/>): each rule, marked
    /// "(info)" where it was only information, and in how many of the trials: warnings and errors first, each group most
    /// frequent first; "none" when they found nothing.</summary>
    private static string Diagnoses(IReadOnlyList<TrialRecord> trials, Func<TrialRecord, IReadOnlyList<Diagnostics.Finding>> findings)
    {
        var read = trials.Where(t => t.Path is not null && t.Outcome is not null).Select(findings).ToArray();
        if (read.Length == 0) return "";
        var rules = read.SelectMany(f => f.Select(x => x.Severity == Diagnostics.Severity.Info ? $"{x.Rule} (info)" : x.Rule).Distinct())
            .GroupBy(r => r).OrderBy(g => g.Key.EndsWith(" (info)", StringComparison.Ordinal)).ThenByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal);
        string text = string.Join(", ", rules.Select(g => $"{g.Key} {g.Count()}/{read.Length}"));
        return text.Length == 0 ? "none" : text;
    }

    private const string GradientNote = "The first layer's weight-gradient norm per step (smoothed), the mean over the finished trials of each group " +
        "(their winning attempt; at most 8 a group, as far as half of them ran). Vanishing gradients show as curves that sink decades below the others.";

    private static string OptimizerLabel(RunConfig c) => c.Optimizer + (c.Momentum > 0 ? " + momentum" : "");

    private static string InitLabel(RunConfig c) => c.Init;

    private static bool Varies(IEnumerable<TrialRecord> trials, Dictionary<long, RunConfig> configs, Func<RunConfig, string> label) =>
        trials.Select(t => label(configs[t.Id])).Distinct().Skip(1).Any();

    private static void Experiment(ReportPage html, StudyFolder folder, StudyAnalysis a, ExperimentAnalysis e, Dictionary<long, RunConfig> configs,
        Func<TrialRecord, double[]> firstLayerNorms, Func<TrialRecord, IReadOnlyList<Diagnostics.Finding>> findings)
    {
        string id = BestModel.Safe(e.Spec.Name);
        string objective = StudyAnalysis.ObjectiveName(e);
        html.Append($"<h2 id=\"{id}\">Experiment {E(e.Spec.Name)}</h2>\n");
        if (e.Spec.Question is { } q) html.Append($"<p><i>{E(q)}</i></p>\n");
        html.Append($"<p>{e.Spec.Strategy.ToString().ToLowerInvariant()} search, {e.Spec.Seeds} seed(s) per configuration, objective {objective} " +
            $"({(e.Spec.Objective == Objective.ValidationAccuracy ? "higher" : "lower")} is better).</p>\n");
        if (e.Rounds.Count == 0)
        {
            html.Append("<p>No trials yet.</p>\n");
            return;
        }
        if (e.Rounds.Count > 1)
        {
            html.Append("<h3>Winner of each round</h3>\n<table><tr><th>round</th><th>configurations</th><th>winner</th><th class=\"n\">").Append(objective).Append("</th></tr>");
            foreach (var r in e.Rounds)
                html.Append($"<tr><td>{E(r.Name)}</td><td class=\"n\">{r.Standings.Count}</td><td>{E(r.Winner?.Configuration ?? "none finished")}</td>")
                    .Append($"<td class=\"n\">{(r.Winner is { } w ? E(w.Objective.ToString()) : "")}</td></tr>");
            html.Append("</table>\n");
        }
        var final = e.Rounds[^1];
        // A regression has no accuracy: its test RMSE (summary.json, in the target's units) takes that column.
        var finished = final.Standings.SelectMany(s => s.Trials).Where(t => t.Outcome is not null).ToArray();
        bool regression = finished.Length > 0 && finished.All(t => t.Outcome!.TestAccuracy is null);
        html.Append($"<h3>Leaderboard ({E(final.Name)})</h3>\n<table><tr><th>#</th><th>configuration</th><th class=\"n\">{objective} (95% interval)</th>")
            .Append($"<th class=\"n\">seeds</th><th class=\"n\">{(regression ? "test rmse" : "test accuracy")}</th><th class=\"n\">epochs</th><th>diagnoses (trials)</th><th>trials</th></tr>");
        int rank = 0;
        foreach (var s in final.Standings)
        {
            var done = s.Trials.Where(t => t.Outcome is not null).ToArray();
            var tests = regression ? done.Select(t => TestRmse(folder, t)).OfType<double>().ToArray()
                : done.Where(t => t.Outcome!.TestAccuracy is not null).Select(t => t.Outcome!.TestAccuracy!.Value).ToArray();
            string test = tests.Length > 0 ? Interval.Of(tests).ToString() : "";
            string epochs = done.Length > 0 ? done.Average(t => t.Outcome!.Epochs).ToString("0", CultureInfo.InvariantCulture) : "";
            // Why a trial failed (a choice that does not fit the data, say) was said only on the terminal that ran it.
            var errors = s.Trials.Where(t => t.State == TrialState.Failed && t.Error is not null).Select(t => t.Error!).Distinct().ToArray();
            string bad = s.Bad > 0 ? $" ({s.Bad} diverged or failed{(errors.Length > 0 ? ": " + string.Join("; ", errors) : "")})" : "";
            html.Append($"<tr><td class=\"n\">{++rank}</td><td>{E(s.Configuration)}</td><td class=\"n\">{E(s.Objective.ToString())}{bad}</td><td class=\"n\">{s.Objective.Count}</td>")
                .Append($"<td class=\"n\">{E(test)}</td><td class=\"n\">{epochs}</td><td>{E(Diagnoses(s.Trials, findings))}</td><td>")
                .Append(string.Join(" ", s.Trials.Where(t => t.Path is not null).Select(t => $"<a href=\"{E(TrialLink(folder, t))}\">{t.Id}</a>")))
                .Append("</td></tr>");
        }
        html.Append("</table>\n");
        if (e.Leader is { } leader && StudyAnalysis.BestTrial(leader, e.Spec.Objective) is { } best)
        {
            var config = configs[best.Id];
            html.Append($"<h3>Best configuration</h3>\n<p><code>{E(TrainCommandLine.For(config))}</code></p>\n")
                .Append($"<p>or <code>tinynets train --config {E(Path.Combine(folder.Path, "best", id, "config.yaml"))}</code>. ")
                .Append($"Its model (trial {best.Id}, seed {best.Seed}) is exported to <a href=\"best/{id}/\">best/{E(id)}/</a>: model.safetensors with model.json, loadable by <code>tinynets predict</code> and PyTorch.</p>\n");
        }
        html.Append("<div class=\"charts\">");
        var standings = e.Rounds.SelectMany(r => r.Standings).ToArray();
        html.Figure($"{id}-parallel", ParallelCoordinates(e, standings));
        if (e.Trials.Select(t => configs[t.Id].LearningRate).Distinct().Count() > 1) html.Figure($"{id}-lr", LearningRate(e, configs));
        html.Figure($"{id}-curves", TopCurves(a, e));
        html.Append("</div>\n");
        bool byOptimizer = Varies(e.Trials, configs, OptimizerLabel), byInit = Varies(e.Trials, configs, InitLabel);
        if (byOptimizer || byInit)
        {
            html.Append($"<p>{GradientNote}</p>\n<div class=\"charts\">");
            var places = Places(e);
            if (byOptimizer) html.Figure($"{id}-gradients-by-optimizer", GradientGroups(e.Trials, configs, firstLayerNorms, "optimizer", OptimizerLabel, places));
            if (byInit) html.Figure($"{id}-gradients-by-init", GradientGroups(e.Trials, configs, firstLayerNorms, "initialization", InitLabel, places));
            html.Append("</div>\n");
        }
        Boundaries(html, folder, e, configs, id);
    }

    /// <summary>One line per configuration across the parameters' axes and the objective's, darker for better.</summary>
    private static Plot ParallelCoordinates(ExperimentAnalysis e, IReadOnlyList<Standing> standings)
    {
        var plot = ChartKit.NewPlot("Parallel coordinates (darker is better)", "", "");
        var names = standings.SelectMany(s => s.Parameters.Keys).Distinct().ToList();
        var scored = standings.Where(s => s.Objective.Count > 0).ToArray();
        if (names.Count == 0 || scored.Length == 0)
        {
            ChartKit.NoData(plot, names.Count == 0 ? "no searched parameters" : "no finished trials");
            return plot;
        }
        // A parameter a configuration did not search (a staged search's earlier stages) has the base's value, which its
        // axis names; it was drawn at a place with no name.
        string Value(Standing s, string name) => s.Parameters.TryGetValue(name, out var v) ? v
            : RunConfigYaml.KeyNames.Contains(name) ? RunConfigYaml.ValueText(e.Spec.Base, name) : "base";
        var axes = names.Select(n => InOrder(standings.Select(s => Value(s, n)).Distinct()).ToList()).ToArray();
        double lo = scored.Min(s => s.Objective.Mean), hi = scored.Max(s => s.Objective.Mean);
        bool lower = e.Spec.Objective == Objective.ValidationLoss;
        foreach (var s in scored.OrderBy(s => lower ? -s.Objective.Mean : s.Objective.Mean))
        {
            double quality = hi > lo ? (lower ? hi - s.Objective.Mean : s.Objective.Mean - lo) / (hi - lo) : 1;
            var ys = names.Select((n, i) => Position(axes[i].IndexOf(Value(s, n)), axes[i].Count))
                .Append(hi > lo ? (s.Objective.Mean - lo) / (hi - lo) : 0.5).ToArray();
            var line = plot.Add.ScatterLine(Enumerable.Range(0, ys.Length).Select(i => (double)i).ToArray(), ys,
                Colors.Navy.WithAlpha(0.15 + 0.85 * quality));
            line.LineWidth = 1.5f + 2 * (float)quality;
        }
        for (int i = 0; i < names.Count; i++)
            for (int k = 0; k < axes[i].Count; k++)
            {
                var label = plot.Add.Text(axes[i][k], i, Position(k, axes[i].Count));
                Beside(label);
                label.LabelBackgroundColor = Colors.White.WithAlpha(0.7);
            }
        Beside(plot.Add.Text(FindingCheck.F(lo), names.Count, 0));
        Beside(plot.Add.Text(FindingCheck.F(hi), names.Count, 1));
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, names.Count + 1).Select(i => (double)i).ToArray(), [.. names, StudyAnalysis.ObjectiveName(e, note: false)]);
        plot.Axes.Left.SetTicks([], []);
        plot.Axes.SetLimits(-0.3, names.Count + 0.5, -0.1, 1.1);
        return plot;
    }

    // A value's name to the right of its place on the axis, where the lines that meet there do not cross its first letters.
    private static void Beside(ScottPlot.Plottables.Text label)
    {
        label.LabelFontSize = 10;
        label.LabelAlignment = Alignment.MiddleLeft;
        label.OffsetX = 6;
    }

    private static double Position(int index, int count) => count <= 1 ? 0.5 : index / (double)(count - 1);

    /// <summary>Numbers first, in numeric order, then everything else in text order.</summary>
    private static IEnumerable<string> InOrder(IEnumerable<string> labels)
    {
        static double? Number(string label) =>
            double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : null;
        return labels.OrderBy(l => Number(l) is null).ThenBy(l => Number(l) ?? 0).ThenBy(l => l, StringComparer.Ordinal);
    }

    /// <summary>
    /// The trials of the rounds in which the learning rate varies (a staged search's learning-rate stage; every rung of a
    /// halving search that kept several rates), or all when none does: a later stage's trials all train at the rate the
    /// first one chose, and pooled with its trials they pulled that rate's mean towards other layers' and optimizers' results.
    /// </summary>
    internal static IReadOnlyList<TrialRecord> LearningRateTrials(ExperimentAnalysis e, Func<TrialRecord, double> learningRate)
    {
        var varying = e.Trials.GroupBy(t => t.Round).Where(g => g.Select(learningRate).Distinct().Skip(1).Any()).Select(g => g.Key).ToHashSet();
        return varying.Count == 0 ? e.Trials : e.Trials.Where(t => varying.Contains(t.Round)).ToArray();
    }

    /// <summary>Every trial's objective against its learning rate (log axis), and the mean per learning rate.</summary>
    private static Plot LearningRate(ExperimentAnalysis e, Dictionary<long, RunConfig> configs)
    {
        string objective = StudyAnalysis.ObjectiveName(e, note: false);
        var plot = ChartKit.NewPlot($"Learning rate against {objective}", "learning rate (log)", objective);
        var points = LearningRateTrials(e, t => configs[t.Id].LearningRate).Where(t => t.Outcome?.Objective is double v && double.IsFinite(v))
            .Select(t => (Lr: configs[t.Id].LearningRate, Value: t.Outcome!.Objective!.Value, Pruned: t.State == TrialState.Pruned)).ToArray();
        if (points.Length == 0)
        {
            ChartKit.NoData(plot, "no finished trials");
            return plot;
        }
        var kept = points.Where(p => !p.Pruned).ToArray();
        var markers = plot.Add.Markers(kept.Select(p => Math.Log10(p.Lr)).ToArray(), kept.Select(p => p.Value).ToArray(), MarkerShape.FilledCircle, 6, ChartKit.LayerColor(0));
        markers.LegendText = "trial";
        if (points.Any(p => p.Pruned))
        {
            var pruned = points.Where(p => p.Pruned).ToArray();
            var m = plot.Add.Markers(pruned.Select(p => Math.Log10(p.Lr)).ToArray(), pruned.Select(p => p.Value).ToArray(), MarkerShape.OpenCircle, 6, Colors.Gray);
            m.LegendText = "pruned trial (shorter budget)";
        }
        var means = kept.GroupBy(p => p.Lr).OrderBy(g => g.Key).ToArray();
        ChartKit.AddLine(plot, means.Select(g => Math.Log10(g.Key)).ToArray(), means.Select(g => g.Average(p => p.Value)).ToArray(), "mean", ChartKit.LayerColor(1));
        ChartKit.LogAxis(plot, horizontal: true);
        ChartKit.LegendBelow(plot);
        return plot;
    }

    /// <summary>Validation loss per epoch of the best trial of each of the top configurations (its winning attempt).</summary>
    private static Plot TopCurves(StudyAnalysis a, ExperimentAnalysis e)
    {
        var standings = Furthest(e);
        bool allValidation = e.Trials.All(t => t.Outcome is null || t.Outcome.ValLoss is not null);
        var plot = ChartKit.NewPlot(e.Rounds.Count > 1 && e.Spec.Strategy == Strategy.Halving
            ? $"Top {Top} configurations: each one's best seed at its last rung" : $"Top {Top} configurations: each one's best seed",
            "epoch", allValidation ? "validation loss (log)" : "loss (log)");
        int drawn = 0;
        for (int place = 0; place < Math.Min(Top, standings.Count); place++)
        {
            var s = standings[place];
            if (StudyAnalysis.BestTrial(s, e.Spec.Objective) is not { } t) continue;
            var rows = a.Epochs(t).Where(r => r.Attempt == t.Outcome!.WinningAttempt).ToArray();
            bool validation = rows.Any(r => r.ValLoss is not null);
            drawn += ChartKit.AddLine(plot, rows.Select(r => (double)r.Epoch).ToArray(), rows.Select(r => (validation ? r.ValLoss : r.TrainLoss) ?? double.NaN).ToArray(),
                $"{s.Configuration}{(validation ? "" : " (train)")}", ChartKit.LayerColor(place), log: true);
        }
        ChartKit.LogAxis(plot);
        if (drawn == 0) ChartKit.NoData(plot, "no finished trials");
        ChartKit.LegendBelow(plot);
        return plot;
    }

    /// <summary>For 2-D classification data, the decision boundary of each top configuration's best seed, titled by the
    /// configuration in its colour: what the choices compared did to what the net learned.</summary>
    private static void Boundaries(ReportPage html, StudyFolder folder, ExperimentAnalysis e, Dictionary<long, RunConfig> configs, string id)
    {
        var shown = new List<(string Configuration, TrialRecord Trial, int Place)>();
        var standings = Furthest(e);
        for (int place = 0; place < Math.Min(Top, standings.Count); place++)
            if (StudyAnalysis.BestTrial(standings[place], e.Spec.Objective) is { } t) shown.Add((standings[place].Configuration, t, place));
        if (shown.Count == 0) return;
        var plots = new List<(Plot Plot, int Place)>();
        foreach (var (configuration, trial, place) in shown)
        {
            var split = TrainingRun.LoadData(configs[trial.Id]).Split;   // the trial's own rows: its seed drew them and split them
            var (file, network) = ModelFile.LoadFile(folder.Full(trial.Path!));
            if (network.InputWidth != 2 || split.Train.FeatureWidth != 2 || !split.Train.IsClassification) return;
            var plot = Reporting.Charts.ModelCharts.DecisionBoundary(network, file.Output, split.Train, split.Test, file.Classes ?? [], legend: false);
            ChartKit.NameTitle(plot, configuration, ChartKit.LayerColor(place));
            plots.Add((plot, place));
        }
        html.Append("<h3>What the top configurations learned</h3>\n<p>The decision boundary of each one's best seed, with its training and test points.</p>\n<div class=\"charts\">");
        foreach (var (plot, place) in plots) html.Figure($"{id}-boundary-{place + 1}", plot, 400, 360);
        html.Append("</div>\n");
    }

    /// <summary>
    /// The last round's standings (the leaderboard), then the configurations each earlier round left behind, latest round
    /// first: a successive-halving search's single finalist is followed by the configurations pruned at each rung, each
    /// with its trials at the furthest rung it reached.
    /// </summary>
    private static IReadOnlyList<Standing> Furthest(ExperimentAnalysis e)
    {
        var list = new List<Standing>();
        var seen = new HashSet<string>();
        foreach (var round in e.Rounds.Reverse())
            list.AddRange(round.Standings.Where(s => seen.Add(s.Configuration)));
        return list;
    }

    /// <summary>Each trial of an experiment → its configuration's place in <see cref="Furthest"/> (0 the best, the
    /// leaderboard's places first), which gives a configuration one colour in every chart of the experiment.</summary>
    private static Dictionary<long, int> Places(ExperimentAnalysis e)
    {
        var standings = Furthest(e);
        var place = standings.Select((s, i) => (s.Configuration, i)).ToDictionary(x => x.Configuration, x => x.i);
        return e.Trials.Where(t => place.ContainsKey(t.Configuration)).ToDictionary(t => t.Id, t => place[t.Configuration]);
    }

    /// <summary>
    /// The mean of the series' finite values at each step, as far as half of them reach: past that it is the mean of the
    /// one or two longest runs, whose own ups and downs would read as the group's.
    /// </summary>
    internal static double[] MeanPerStep(IReadOnlyList<double[]> series)
    {
        if (series.Count == 0) return [];
        int length = series.Select(s => s.Length).OrderDescending().ElementAt((series.Count - 1) / 2);
        return Enumerable.Range(0, length).Select(k =>
        {
            var at = series.Where(s => k < s.Length && double.IsFinite(s[k])).Select(s => s[k]).ToArray();
            return at.Length == 0 ? double.NaN : at.Average();
        }).ToArray();
    }

    /// <summary>Mean first-layer gradient norm per step of each group's trials (at most 8 per group, read from their steps.csv).
    /// With <paramref name="places"/>, a group takes the colour of its best-placed configuration (the same as in the top
    /// configurations' chart when the group is the configuration) and groups come in leaderboard order; else in text order.</summary>
    private static Plot GradientGroups(IReadOnlyList<TrialRecord> trials, Dictionary<long, RunConfig> configs, Func<TrialRecord, double[]> firstLayerNorms, string by,
        Func<RunConfig, string> group, IReadOnlyDictionary<long, int>? places = null)
    {
        var plot = ChartKit.NewPlot($"First-layer gradient norm by {by}", "step", "‖gradient‖ (log)");
        int Place(IEnumerable<TrialRecord> ts) => places is null ? int.MaxValue : ts.Select(t => places.GetValueOrDefault(t.Id, int.MaxValue)).Min();
        var groups = trials.Where(t => t.Path is not null && t.State is TrialState.Complete or TrialState.Pruned)
            .GroupBy(t => group(configs[t.Id])).OrderBy(Place).ThenBy(g => g.Key, StringComparer.Ordinal).ToArray();
        int drawn = 0, unplaced = places is { Count: > 0 } ? places.Values.Max() + 1 : 0;
        foreach (var g in groups)
        {
            var series = g.Take(8).Select(firstLayerNorms).Where(s => s.Length > 0).ToArray();
            if (series.Length == 0) continue;
            var mean = MeanPerStep(series);
            int length = mean.Length;
            drawn += ChartKit.AddLine(plot, Enumerable.Range(0, length).Select(k => (double)k).ToArray(), Reporting.Charts.SeriesCharts.Smooth(mean, 0.9),
                $"{g.Key} ({series.Length} trials)", ChartKit.LayerColor(Place(g) is int place and < int.MaxValue ? place : unplaced++), log: true);
        }
        ChartKit.LogAxis(plot);
        if (drawn == 0) ChartKit.NoData(plot, "no steps recorded (record: false)");
        ChartKit.LegendBelow(plot);
        return plot;
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
