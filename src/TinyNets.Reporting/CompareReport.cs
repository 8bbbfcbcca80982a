using System.Net;
using ScottPlot;
using TinyNets.Diagnostics;
using TinyNets.Data;
using TinyNets.Runs;

namespace TinyNets.Reporting;

/// <summary>
/// One page overlaying several runs (SGD against Adam, Xavier against He, ...): each run has one colour in every chart
/// and is named by what differs in its config.yaml from the others.
/// </summary>
public static class CompareReport
{
    /// <param name="Model">The run's kept weights and what they mean (model.json); with <paramref name="Data"/>, its decision boundary.</param>
    /// <param name="Data">The run's data, made again from its config.yaml; null when the caller did not make it.</param>
    public sealed record Run(string Name, string Folder, IReadOnlyList<AttemptEpoch> Epochs, IReadOnlyDictionary<string, double[]> Steps,
        IReadOnlyList<(string Key, string Value)> Summary, IReadOnlyList<Diagnostics.Finding> Findings,
        (Serialization.ModelFile File, Models.Sequential Network)? Model = null, DataSplit? Data = null);

    // config.yaml keys that change what a run writes, not how it trains: not part of a run's name.
    private static readonly string[] NotTraining = ["record"];

    // summary.json's figures a comparison is read by, in this order.
    private static readonly string[] ResultKeys = ["test_accuracy", "test_rmse", "test_loss", "val_accuracy", "val_loss", "train_loss", "best_epoch", "epochs_run", "train_seconds"];

    /// <summary>Reads the folders and names each run by the config keys whose values differ between them;
    /// <paramref name="configs"/> holds each folder's config.yaml as key → value text, <paramref name="data"/> (when
    /// given) each run's data, for its decision boundary, and <paramref name="findings"/> (when given) what the diagnoses
    /// find in each run now, in place of its findings.json.</summary>
    public static IReadOnlyList<Run> Load(IReadOnlyList<string> folders, IReadOnlyList<IReadOnlyDictionary<string, string>> configs,
        IReadOnlyList<DataSplit>? data = null, IReadOnlyList<IReadOnlyList<Finding>>? findings = null)
    {
        if (configs.Count != folders.Count || (data is not null && data.Count != folders.Count) || (findings is not null && findings.Count != folders.Count))
            throw new ArgumentException("one config (and data, and findings) per folder");
        var differing = configs.SelectMany(c => c.Keys).Distinct().Where(k => !NotTraining.Contains(k))
            .Where(k => configs.Select(c => c.GetValueOrDefault(k, "")).Distinct().Count() > 1).ToArray();
        return folders.Select((folder, i) =>
        {
            string name = differing.Length == 0 ? Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar))
                : string.Join(", ", differing.Select(k => $"{k}={configs[i].GetValueOrDefault(k, "-")}"));
            int winner = RunFolderReader.WinningAttempt(folder);
            return new Run(name, folder, RunFolderReader.Metrics(folder).Where(e => e.Attempt == winner).ToArray(),
                RunFolderReader.Steps(folder, winner), RunFolderReader.Summary(folder), findings?[i] ?? RunFolderReader.Findings(folder),
                data is null ? null : Serialization.ModelFile.LoadFile(folder), data?[i]);
        }).ToArray();
    }

    public static string Build(IReadOnlyList<Run> runs) => Page(runs).ToString();

    /// <summary>The page not yet rendered: its text and its charts (<see cref="ReportPage.WriteImages"/>).</summary>
    public static ReportPage Page(IReadOnlyList<Run> runs)
    {
        var html = new ReportPage("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>TinyNets comparison</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}h2{border-bottom:1px solid #ddd}")
            .Append(".charts{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0}td span{display:inline-block;width:1em;height:1em;margin-right:.5em;vertical-align:middle}")
            .Append("table{border-collapse:collapse}th,td{padding:.3em .8em;border-bottom:1px solid #eee;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}</style></head><body>\n")
            .Append($"<h1>Comparing {runs.Count} runs</h1>\n");
        Results(html, runs);
        html.Append("<h2>Learning curves</h2>\n<div class=\"charts\">");
        html.Figure("val-loss", Curves(runs, "Validation loss per epoch", "validation loss", m => m.ValidationLoss ?? double.NaN, loss: true));
        html.Figure("train-loss", Curves(runs, "Training loss per epoch", "training loss", m => m.TrainLoss, loss: true));
        html.Figure("val-accuracy", Curves(runs, "Validation accuracy per epoch", "validation accuracy", m => m.ValidationAccuracy ?? double.NaN, loss: false));
        html.Append("</div>\n<h2>Gradients</h2>\n<div class=\"charts\">");
        html.Figure("first-layer-gradients", FirstLayerGradients(runs));
        html.Figure("gradient-flow", GradientFlow(runs));
        html.Figure("activation-spread", ActivationSpread(runs));
        html.Append("</div>\n<h3>Each layer's gradient norm, run by run</h3>\n<div class=\"charts\">");
        PerLayerGradients(html, runs);
        html.Append("</div>\n<h2>Weights and units</h2>\n<div class=\"charts\">");
        html.Figure("weight-norms", LayerBars(runs, ".weight.norm", "Weight norm per layer", "mean ‖W‖ over training (log)", key => key.Replace(".norm", "")));
        html.Figure("unit-health", UnitHealth(runs));
        html.Append("</div>\n");
        Boundaries(html, runs);
        html.Append("</body></html>\n");
        return html;
    }

    /// <summary>
    /// One chart per run of every tensor's gradient norm over training (as the run's own report draws it), on one shared
    /// scale, so a layer whose gradients vanish under one initialization and hold under another shows as lines at other
    /// heights; titled by the run's name in its colour.
    /// </summary>
    private static void PerLayerGradients(ReportPage html, IReadOnlyList<Run> runs)
    {
        var logs = runs.SelectMany(r => r.Steps.Where(c => c.Key.EndsWith(".grad_norm", StringComparison.Ordinal)).SelectMany(c => Charts.SeriesCharts.Smooth(c.Value, 0.9)))
            .Where(v => double.IsFinite(v) && v > 0).Select(Math.Log10).ToArray();   // the lines are smoothed as PerLayer draws them
        for (int i = 0; i < runs.Count; i++)
        {
            if (!runs[i].Steps.Keys.Any(k => k.EndsWith(".grad_norm", StringComparison.Ordinal))) continue;   // --no-record: nothing to draw
            var plot = Charts.SeriesCharts.PerLayer(runs[i].Steps, "grad_norm", runs[i].Name, "‖gradient‖ (log)");
            ChartKit.NameTitle(plot, runs[i].Name, ChartKit.LayerColor(i));
            if (logs.Length > 0) plot.Axes.SetLimitsY(logs.Min() - 0.1, logs.Max() + 0.1);
            html.Figure($"gradient-norms-{i + 1}", plot, ChartKit.Width + 140, ChartKit.Height);
        }
    }

    /// <summary>For 2-D classification data, each run's decision boundary with its training and test points, titled by the
    /// run's name: how the initialization or optimizer changed what the net learned.</summary>
    private static void Boundaries(ReportPage html, IReadOnlyList<Run> runs)
    {
        var drawable = runs.Select((run, i) => (run, i)).Where(x => x.run is { Model: { } m, Data: { } d }
            && m.Network.InputWidth == 2 && d.Train.FeatureWidth == 2 && d.Train.IsClassification).ToArray();
        if (drawable.Length == 0) return;
        html.Append("<h2>What each run learned</h2>\n<div class=\"charts\">");
        foreach (var (run, i) in drawable)
        {
            var (file, network) = run.Model!.Value;
            var plot = Charts.ModelCharts.DecisionBoundary(network, file.Output, run.Data!.Train, run.Data.Test, file.Classes ?? [], legend: false);
            ChartKit.NameTitle(plot, run.Name, ChartKit.LayerColor(i));
            html.Figure($"boundary-{i + 1}", plot, 420, 380);
        }
        html.Append("</div>\n");
    }

    /// <summary>Per activation layer, the mean share of its units that were dead (ReLU) or saturated (sigmoid, tanh) over
    /// training, one bar per run: an initialization or a learning rate that kills units shows as a taller bar.</summary>
    private static Plot UnitHealth(IReadOnlyList<Run> runs)
    {
        var plot = ChartKit.NewPlot("Dead or saturated units per layer", "layer", "mean share of the layer's units");
        // The statistic that means something for the layer's kind, as the run report draws it. Without the models, a
        // statistic that is 0 in every run (a ReLU layer's saturation) is left out.
        var kinds = runs.Where(r => r.Model is not null).SelectMany(r => r.Model!.Value.Network.ActivationKinds).DistinctBy(k => k.Key).ToDictionary();
        bool Applies(string key) => kinds.TryGetValue(Charts.SeriesCharts.LayerIndex(key), out var kind)
            ? key.EndsWith("." + Charts.SeriesCharts.UnitStatistic(kind), StringComparison.Ordinal)
            : runs.Any(r => r.Steps.TryGetValue(key, out var v) && v.Any(x => double.IsFinite(x) && x > 0));
        var keys = runs.SelectMany(r => r.Steps.Keys).Where(k => k.EndsWith(".dead_fraction", StringComparison.Ordinal) || k.EndsWith(".saturated_fraction", StringComparison.Ordinal))
            .Distinct().Where(Applies).ToArray();
        if (keys.Length == 0)
        {
            ChartKit.NoData(plot, "no ReLU, sigmoid or tanh layer recorded");
            return plot;
        }
        GroupedBars(plot, runs, keys, k => $"layer {Charts.SeriesCharts.LayerIndex(k)} {(k.EndsWith(".dead_fraction", StringComparison.Ordinal) ? "dead" : "saturated")}", log: false);
        return plot;
    }

    /// <summary>One row per run, in its colour: the final figures of summary.json and what the diagnoses found.</summary>
    private static void Results(ReportPage html, IReadOnlyList<Run> runs)
    {
        var keys = ResultKeys.Where(k => runs.Any(r => r.Summary.Any(s => s.Key == k && s.Value != "-"))).ToArray();
        html.Append("<table><tr><th>run</th>");
        foreach (var k in keys) html.Append($"<th>{WebUtility.HtmlEncode(k.Replace('_', ' '))}</th>");
        html.Append("<th>findings</th></tr>\n");
        for (int i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            html.Append($"<tr><td><span style=\"background:{ChartKit.LayerColor(i).ToHex()}\"></span>{WebUtility.HtmlEncode(run.Name)}")
                .Append($"<br><small>{WebUtility.HtmlEncode(run.Folder)}</small></td>");
            foreach (var k in keys)
                html.Append($"<td class=\"n\">{WebUtility.HtmlEncode(run.Summary.FirstOrDefault(s => s.Key == k).Value ?? "-")}</td>");
            string findings = run.Findings.Count == 0 ? "none"
                : string.Join(", ", run.Findings.Select(f => $"{f.Severity.ToString().ToLowerInvariant()}: {f.Rule}{(f.Layer is null ? "" : $" ({f.Layer})")}"));
            html.Append($"<td>{WebUtility.HtmlEncode(findings)}</td></tr>\n");
        }
        html.Append("</table>\n");
    }

    /// <summary>One line per run; losses on a log scale when the runs' values together span more than two decades, as in
    /// a run's own report (a run that reaches 1e-4 lay flat on zero beside one that stays near 0.2).</summary>
    private static Plot Curves(IReadOnlyList<Run> runs, string title, string axis, Func<Training.EpochMetrics, double> value, bool loss)
    {
        bool log = loss && ChartKit.SpansDecades(runs.SelectMany(r => r.Epochs.Select(e => value(e.Metrics))), 2);
        var plot = ChartKit.NewPlot(title, "epoch", log ? $"{axis} (log)" : axis);
        int drawn = 0;
        for (int i = 0; i < runs.Count; i++)
            drawn += ChartKit.AddLine(plot, runs[i].Epochs.Select(e => (double)e.Metrics.Epoch).ToArray(), runs[i].Epochs.Select(e => value(e.Metrics)).ToArray(),
                runs[i].Name, ChartKit.LayerColor(i), log);
        if (drawn == 0) ChartKit.NoData(plot, "not recorded");
        else if (log) ChartKit.LogAxis(plot);
        ChartKit.LegendBelow(plot);
        return plot;
    }

    private static Plot FirstLayerGradients(IReadOnlyList<Run> runs)
    {
        var plot = ChartKit.NewPlot("Gradient norm of the first layer's weights (smoothed)", "step", "‖gradient‖ (log)");
        int drawn = 0;
        for (int i = 0; i < runs.Count; i++)
            if (runs[i].Steps.TryGetValue("0.weight.grad_norm", out var norms) && runs[i].Steps.TryGetValue("step", out var steps))
                drawn += ChartKit.AddLine(plot, steps, Charts.SeriesCharts.Smooth(norms, 0.9), runs[i].Name, ChartKit.LayerColor(i), log: true);
        ChartKit.LogAxis(plot);
        if (drawn == 0) ChartKit.NoData(plot, "no steps recorded");
        ChartKit.LegendBelow(plot);
        return plot;
    }

    /// <summary>Mean gradient norm per layer, one bar per run in each layer's group.</summary>
    private static Plot GradientFlow(IReadOnlyList<Run> runs) =>
        LayerBars(runs, ".weight.grad_norm", "Gradient flow per layer", "mean ‖gradient‖ (log)", key => key.Replace(".grad_norm", ""));

    /// <summary>Mean output std per activation layer, one bar per run in each layer's group: a signal that an
    /// initialization lets shrink or grow with depth.</summary>
    private static Plot ActivationSpread(IReadOnlyList<Run> runs) =>
        LayerBars(runs, ".act_std", "Activation std per layer", "mean std of the layer's output (log)", key => $"layer {Charts.SeriesCharts.LayerIndex(key)}");

    /// <summary>The mean over training of a steps.csv column per layer (<paramref name="suffix"/>), one bar per run in each
    /// layer's group, log scale.</summary>
    private static Plot LayerBars(IReadOnlyList<Run> runs, string suffix, string title, string axis, Func<string, string> label)
    {
        var plot = ChartKit.NewPlot(title, "layer", axis);
        GroupedBars(plot, runs, runs.SelectMany(r => r.Steps.Keys).Where(k => k.EndsWith(suffix, StringComparison.Ordinal)).Distinct(), label, log: true);
        return plot;
    }

    /// <summary>One group of bars per steps.csv column (in layer order), one bar per run in its colour: the column's mean
    /// over training, on a log axis or from 0.</summary>
    private static void GroupedBars(Plot plot, IReadOnlyList<Run> runs, IEnumerable<string> columns, Func<string, string> label, bool log)
    {
        var keys = columns.OrderBy(Charts.SeriesCharts.LayerIndex).ThenBy(k => k, StringComparer.Ordinal).ToArray();
        var series = keys.SelectMany((key, k) => runs.Select((run, i) => (k, i, run)))
            .Where(x => x.run.Steps.ContainsKey(keys[x.k]))
            .Select(x => ((double)(x.k * (runs.Count + 1) + x.i), (IReadOnlyList<double>)x.run.Steps[keys[x.k]], ChartKit.LayerColor(x.i)));
        if (!ChartKit.AddMeanBars(plot, series, keys.Select((_, k) => k * (runs.Count + 1) + (runs.Count - 1) / 2.0).ToArray(),
                keys.Select(label).ToArray(), "no steps recorded", log)) return;
        // Which colour is which run: the bars carry no names of their own.
        for (int i = 0; i < runs.Count; i++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = runs[i].Name, FillColor = ChartKit.LayerColor(i) });
        ChartKit.LegendBelow(plot);
    }
}
