using System.Globalization;
using System.Net;
using TinyNets.Data;
using TinyNets.Diagnostics;
using TinyNets.Models;
using TinyNets.Reporting.Charts;
using TinyNets.Runs;
using TinyNets.Serialization;

namespace TinyNets.Reporting;

/// <summary>What a run report shows. Built from a finished run or read back from its folder.</summary>
public sealed record ReportInput(
    string Title,
    IReadOnlyList<(string Key, string Value)> Summary,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<AttemptEpoch> Epochs,
    IReadOnlyDictionary<string, double[]> Steps,
    Sequential? Model,
    ModelFile? Description,
    Dataset? Train,
    Dataset? Test,
    IReadOnlyList<(string Key, float[] Values)> InitialWeights,
    IReadOnlyList<(int Epoch, IReadOnlyDictionary<string, NamedTensor> Weights)>? Snapshots = null)
{
    /// <summary>The report input of a run folder; <paramref name="data"/> is the run's split, re-created from its config.</summary>
    public static ReportInput FromFolder(string directory, DataSplit? data)
    {
        var (file, model) = ModelFile.LoadFile(directory);
        // The per-step charts show the winning attempt, whose weights these are.
        var steps = RunFolderReader.Steps(directory, RunFolderReader.WinningAttempt(directory));
        return new ReportInput(Path.GetFileName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar)),
            RunFolderReader.Summary(directory), RunFolderReader.Findings(directory), RunFolderReader.Metrics(directory),
            steps, model, file, data?.Train, data?.Test, RunFolderReader.InitialWeights(directory), RunFolderReader.Snapshots(directory));
    }
}

/// <summary>
/// <c>report.html</c>: one self-contained page (inline SVG, no script, nothing fetched), findings first, then the
/// summary table and the charts.
/// </summary>
public static class HtmlReport
{
    public static string Build(ReportInput r) => Page(r).ToString();

    /// <summary>The report as a page not yet rendered: its text, and its charts (<see cref="ReportPage.WriteImages"/>).</summary>
    public static ReportPage Page(ReportInput r)
    {
        var html = new ReportPage();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append($"<title>TinyNets run {E(r.Title)}</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1400px;color:#222}")
            .Append("h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}")
            .Append(".finding{padding:.6em 1em;margin:.5em 0;border-left:6px solid}.error{border-color:#c62828;background:#fdecea}")
            .Append(".warning{border-color:#ef6c00;background:#fff4e5}.info{border-color:#1565c0;background:#e8f1fb}")
            .Append("table{border-collapse:collapse}td,th{padding:.25em .8em;border-bottom:1px solid #eee;text-align:left}")
            .Append(".charts{display:flex;flex-wrap:wrap;gap:1em}.chart{flex:0 0 auto;margin:0}.chart svg{display:block}</style></head><body>\n");
        html.Append($"<h1>Run {E(r.Title)}</h1>\n");
        if (r.Description is { } d) html.Append($"<p><code>{E(d.Torch)}</code>, {E(d.Loss ?? "")} loss</p>\n");

        // A run trained with --no-record has no steps: no diagnoses and no per-step charts, said once rather than drawn empty.
        bool recorded = r.Steps.ContainsKey("step");
        html.Append("<h2>Findings</h2>\n");
        if (!recorded) html.Append("<p>Not diagnosed: the diagnoses read the per-step statistics, which this run did not record (<code>--no-record</code>).</p>\n");
        else if (r.Findings.Count == 0) html.Append("<p>No problems found.</p>\n");
        foreach (var f in r.Findings)
        {
            string where = f.LastStep > 0 ? $" (steps {f.FirstStep}–{f.LastStep}{(f.Layer is null ? "" : $", layer {E(f.Layer)}")})" : "";
            html.Append($"<div class=\"finding {f.Severity.ToString().ToLowerInvariant()}\"><h3>{E(f.Severity.ToString())}: {E(f.Rule)}{where}</h3>")
                .Append($"<p>{E(f.Explanation)}</p><p><b>Try:</b> {E(f.Fix)}</p></div>\n");
        }

        html.Append("<h2>Summary</h2>\n<table>");
        int attempts = r.Epochs.Select(e => e.Attempt).Distinct().Count();
        foreach (var (key, value) in r.Summary)
            html.Append($"<tr><th>{E(key)}</th><td>{E(key == "winning_attempt" ? WinningAttempt(value, attempts) : value)}</td></tr>");
        html.Append("</table>\n");

        html.Append("<h2>Training</h2>\n<div class=\"charts\">");
        var steps = r.Steps.TryGetValue("step", out var s) ? s : [];
        var loss = r.Steps.TryGetValue("loss", out var l) ? l : [];
        if (recorded) Chart(html, "step-loss", SeriesCharts.StepLoss(steps, loss));
        Chart(html, "epoch-loss", SeriesCharts.Epochs(r.Epochs, accuracy: false));
        if (r.Epochs.Any(e => e.Metrics.TrainAccuracy is not null))   // a regression has none: no empty chart
            Chart(html, "epoch-accuracy", SeriesCharts.Epochs(r.Epochs, accuracy: true));
        if (r.Epochs.Select(e => e.Metrics.LearningRate).Distinct().Skip(1).Any())   // a schedule (or a plateau) changed it
            Chart(html, "learning-rate", SeriesCharts.LearningRate(r.Epochs));
        html.Append("</div>\n<h2>Inside the layers</h2>\n");
        if (!recorded)
            html.Append("<p>Gradients, weight norms, update ratios and dead or saturated units over training need the per-step statistics: train without <code>--no-record</code>.</p>\n");
        html.Append("<div class=\"charts\">");
        if (recorded)
        {
            Chart(html, "gradient-flow", SeriesCharts.GradientFlow(r.Steps));
            Chart(html, "gradient-norms", SeriesCharts.PerLayer(r.Steps, "grad_norm", "Gradient norm per layer", "‖gradient‖ (log)"), WithLegend);
            Chart(html, "weight-norms", SeriesCharts.PerLayer(r.Steps, "norm", "Weight and bias norms", "‖θ‖ (log)"), WithLegend);
            Chart(html, "update-ratios", SeriesCharts.PerLayer(r.Steps, "update_ratio", "Update ratio ‖Δθ‖ / ‖θ‖", "ratio (log)"), WithLegend);
            var kinds = r.Model?.ActivationKinds ?? new Dictionary<int, string>();
            Chart(html, "unit-health", SeriesCharts.UnitHealth(r.Steps, kinds), WithLegend);
            Chart(html, "activations", SeriesCharts.ActivationSpread(r.Steps, kinds), WithLegend);
        }
        var finalWeights = r.Model?.Parameters.Where(p => p.Name.EndsWith(".weight", StringComparison.Ordinal)).Select(p => (p.Name, p.Value)).ToArray();
        Chart(html, "initial-weights", ModelCharts.InitialWeights(r.InitialWeights, finalWeights));
        html.Append("</div>\n");

        if (r.Model is not null)
        {
            html.Append("<h2>The network</h2>\n<div class=\"charts\">");
            Chart(html, "network", NetworkCharts.Diagram(r.Model, r.Description?.Features ?? []), 820, 420,
                "Edges: blue positive, red negative, thicker for larger |w|; wide layers show 16 units and the strongest 400 edges.");
            html.Append("</div>\n");
        }
        if (r.Model is not null && r.Train is not null && r.Model.InputWidth == 2)
        {
            var layers = NetworkCharts.ActivationMaps(r.Model, r.Train);
            if (layers.Count > 0)
            {
                html.Append("<h2>What each hidden unit computes</h2>\n<p>Each unit's output over the input plane, from blue (its lowest) ")
                    .Append("to red (its highest); a map of one colour is a unit whose output is the same everywhere, as a dead ReLU unit's is.</p>\n");
                foreach (var layer in layers)
                {
                    string shown = layer.Maps.Count < layer.Units ? $", the first {layer.Maps.Count} shown" : "";
                    html.Append($"<h3>Layer {layer.Layer}: {E(layer.Kind)}, {layer.Units} units{shown}</h3>\n<div class=\"charts\">");
                    for (int u = 0; u < layer.Maps.Count; u++) Chart(html, $"unit-{layer.Layer}-{u}", layer.Maps[u], 150, 150, $"unit {u}");
                    html.Append("</div>\n");
                }
            }
        }
        if (r.Model is not null && r.Train is not null && r.Description is not null)
        {
            var classes = r.Description.Classes ?? [];
            bool plane = r.Model.InputWidth == 2 && r.Train.FeatureWidth == 2;
            html.Append("<h2>What the model learned</h2>\n<div class=\"charts\">");
            if (plane && r.Train.IsClassification)
                Chart(html, "decision-boundary", ModelCharts.DecisionBoundary(r.Model, r.Description.Output, r.Train, r.Test, classes), 720, 560);
            else if (plane)
                Chart(html, "prediction-surface", ModelCharts.PredictionSurface(r.Model, r.Train, r.Test, r.Description.Standardization?.ToStandardizer()), 720, 560,
                    "Colour is the predicted value (circles: training rows, squares: test rows, in the colour of their true value).");
            if (plane && r.Snapshots is { Count: > 1 } && r.Train.IsClassification)
            {
                html.Append("</div>\n<h3>The boundary as it formed</h3>\n<div class=\"charts\">");
                foreach (var (epoch, weights) in r.Snapshots)
                {
                    var model = r.Description.ToSpec().Build();
                    StateDict.Load(model, weights, $"snapshot of epoch {epoch}");
                    var plot = ModelCharts.DecisionBoundary(model, r.Description.Output, r.Train, null, classes, legend: false);
                    plot.Title($"epoch {epoch}");
                    Chart(html, $"boundary-epoch-{epoch}", plot, 300, 280);
                }
                html.Append("</div>\n<div class=\"charts\">");
            }
            var shownSet = r.Test ?? r.Train;
            string setName = r.Test is null ? "train" : "test";
            if (r.Train.IsClassification)
                Chart(html, "confusion-matrix", ModelCharts.ConfusionMatrix(r.Model, r.Description.Output, shownSet, classes, setName), 480, 420);
            else
                Chart(html, "predicted-vs-actual", ModelCharts.PredictedVsActual(r.Model, shownSet, setName, r.Description.Standardization?.ToStandardizer()), 480, 420);
            html.Append("</div>\n");
        }
        html.Append("<p><small>Made by TinyNets. Every chart is inline SVG: this page needs no network.</small></p>\n</body></html>\n");
        return html;
    }

    private static void Chart(ReportPage html, string id, ScottPlot.Plot plot, int width = ChartKit.Width, int height = ChartKit.Height,
        string? caption = null) => html.Figure(id, plot, width, height, caption, "chart");

    // Charts whose legend stands beside the plot: wider by its width.
    private const int WithLegend = ChartKit.Width + 140;

    /// <summary>summary.json's winning_attempt counts from 0, as the attempt column of metrics.csv and steps.csv does; the
    /// charts and train's output count from 1 ("attempt 2 of 3"), so the table says both.</summary>
    private static string WinningAttempt(string value, int attempts) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int w) && attempts > 1 ? $"{value} (attempt {w + 1} of {attempts})" : value;

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
