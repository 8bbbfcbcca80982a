using ScottPlot;
using TinyNets.Data;
using TinyNets.Models;

namespace TinyNets.Reporting.Charts;

/// <summary>Charts of what a model computes: its classes and confusions, predicted against true values, its initial
/// weights; over a 2-D input plane, its decision boundary or regression surface (ModelCharts.Plane.cs).</summary>
public static partial class ModelCharts
{
    /// <summary>The predicted class of every input, as a class index (threshold 0.5 on a sigmoid, 0 on a logit, else arg-max).</summary>
    public static int[] Classes(Sequential model, string output, ReadOnlySpan<float> rows, int count)
    {
        var y = model.Predict(rows, count);
        int w = model.OutputWidth;
        var classes = new int[count];
        for (int r = 0; r < count; r++)
        {
            var row = y.AsSpan(r * w, w);
            if (w == 1) classes[r] = row[0] >= (output == "sigmoid" ? 0.5f : 0f) ? 1 : 0;
            else
                for (int c = 1; c < w; c++)
                    if (row[c] > row[classes[r]]) classes[r] = c;
        }
        return classes;
    }

    /// <summary>The class index of each row of a data set whose targets are indices, 0/1 or one-hot.</summary>
    public static int[] TrueClasses(Dataset data) => Enumerable.Range(0, data.Rows)
        .Select(r => data.TargetWidth == 1 ? (int)data.Targets[r] : data.TargetRow(r).IndexOf(1f)).ToArray();

    /// <summary>Predicted against true value of every row of a regression data set, one colour per output, with the
    /// diagonal where they agree; in the targets' own units when <paramref name="standardizer"/> standardized them.</summary>
    public static Plot PredictedVsActual(Sequential model, Dataset data, string set, Standardizer? standardizer = null)
    {
        var plot = ChartKit.NewPlot($"Predicted against true ({set})", "true value", "predicted value");
        if (data.IsClassification || data.Rows == 0)
        {
            ChartKit.NoData(plot, "drawn for regression data");
            return plot;
        }
        var y = model.Predict(data.Features, data.Rows);
        var targets = data.Targets.ToArray();
        if (standardizer?.TargetMean is not null && model.OutputWidth == data.TargetWidth)
        {
            standardizer.RestoreTargets(y);
            standardizer.RestoreTargets(targets);
        }
        int outputs = Math.Min(model.OutputWidth, data.TargetWidth);
        double lo = double.MaxValue, hi = double.MinValue;
        for (int o = 0; o < outputs; o++)
        {
            var truth = Enumerable.Range(0, data.Rows).Select(r => (double)targets[r * data.TargetWidth + o]).ToArray();
            var predicted = Enumerable.Range(0, data.Rows).Select(r => (double)y[r * model.OutputWidth + o]).ToArray();
            var keep = Enumerable.Range(0, data.Rows).Where(r => double.IsFinite(truth[r]) && double.IsFinite(predicted[r])).ToArray();
            if (keep.Length == 0) continue;
            var markers = plot.Add.Markers(keep.Select(r => truth[r]).ToArray(), keep.Select(r => predicted[r]).ToArray(),
                MarkerShape.FilledCircle, data.Rows <= 200 ? 6 : 4, ChartKit.LayerColor(o).WithAlpha(0.7));
            markers.LegendText = data.TargetNames.Count > o ? data.TargetNames[o] : $"output {o}";
            lo = Math.Min(lo, keep.Min(r => Math.Min(truth[r], predicted[r])));
            hi = Math.Max(hi, keep.Max(r => Math.Max(truth[r], predicted[r])));
        }
        if (lo > hi)
        {
            ChartKit.NoData(plot, "no finite predictions");
            return plot;
        }
        var diagonal = plot.Add.Line(lo, lo, hi, hi);
        diagonal.LineColor = Colors.Gray;
        diagonal.LinePattern = LinePattern.Dashed;
        if (outputs < 2) plot.HideLegend();
        return plot;
    }

    /// <summary>Counts of true class (rows) against predicted class (columns) on one data set.</summary>
    public static Plot ConfusionMatrix(Sequential model, string output, Dataset data, IReadOnlyList<string> classNames, string set)
    {
        var plot = ChartKit.NewPlot($"Confusion matrix ({set})", "predicted", "true");
        if (!data.IsClassification || data.Rows == 0)
        {
            ChartKit.NoData(plot, "no classes to confuse");
            return plot;
        }
        int k = data.ClassCount;
        var predicted = Classes(model, output, data.Features, data.Rows);
        var truth = TrueClasses(data);
        var counts = new double[k, k];
        for (int r = 0; r < data.Rows; r++) counts[truth[r], predicted[r]]++;
        // True class t is drawn at height k − 1 − t, so the first class is the top row, as confusion matrices are read.
        // One rectangle per cell: a k × k heatmap bitmap does not survive the SVG export.
        var blues = new ScottPlot.Colormaps.Blues();
        double max = Math.Max(counts.Cast<double>().Max(), 1);
        for (int t = 0; t < k; t++)
            for (int p = 0; p < k; p++)
            {
                var cell = plot.Add.Rectangle(p - 0.5, p + 0.5, k - 1.5 - t, k - 0.5 - t);
                cell.FillColor = blues.GetColor(0.95 - 0.85 * counts[t, p] / max);   // this colormap runs from dark to light
                cell.LineColor = Colors.White;
                var label = plot.Add.Text(counts[t, p].ToString("0"), p, k - 1 - t);
                label.LabelAlignment = Alignment.MiddleCenter;
                label.LabelFontSize = 14;
                label.LabelFontColor = counts[t, p] > max / 2 ? Colors.White : Colors.Black;
            }
        var names = Enumerable.Range(0, k).Select(i => i < classNames.Count ? classNames[i] : i.ToString()).ToArray();
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, k).Select(i => (double)i).ToArray(), names);
        plot.Axes.Left.SetTicks(Enumerable.Range(0, k).Select(i => (double)(k - 1 - i)).ToArray(), names);
        plot.Axes.SetLimits(-0.5, k - 0.5, -0.5, k - 0.5);
        return plot;
    }

    /// <summary>
    /// Box plots (quartiles, 5th and 95th percentiles) of each weight tensor's values before training (light) and, when
    /// given, after it (solid, beside it).
    /// </summary>
    public static Plot InitialWeights(IReadOnlyList<(string Key, float[] Values)> tensors, IReadOnlyList<(string Key, float[] Values)>? final = null)
    {
        var plot = ChartKit.NewPlot(final is null ? "Initial weights per layer" : "Weights per layer: initial (light) and final", "tensor", "value");
        var boxes = new List<(Box Box, Color Color)>();
        for (int i = 0; i < tensors.Count; i++)
        {
            AddBox(boxes, tensors[i].Values, final is null ? i : i - 0.2, ChartKit.LayerColor(i).WithAlpha(0.35));
            if (final is not null && i < final.Count) AddBox(boxes, final[i].Values, i + 0.2, ChartKit.LayerColor(i).WithAlpha(0.9));
        }
        if (boxes.Count == 0)
        {
            ChartKit.NoData(plot, "no weights");
            return plot;
        }
        foreach (var (box, color) in boxes)   // one plottable per box: a box group shares one fill colour
        {
            var added = plot.Add.Box(box);
            added.FillColor = color;   // after adding: Add.Box paints it with the next palette colour
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, tensors.Count).Select(i => (double)i).ToArray(), tensors.Select(t => t.Key).ToArray());
        return plot;
    }

    private static void AddBox(List<(Box, Color)> boxes, float[] values, double position, Color color)
    {
        var v = values.Where(float.IsFinite).Select(x => (double)x).Order().ToArray();
        if (v.Length == 0) return;
        double Q(double q) => v[(int)Math.Round(q * (v.Length - 1))];
        boxes.Add((new Box
        {
            Position = position, Width = 0.35, WhiskerMin = Q(0.05), BoxMin = Q(0.25), BoxMiddle = Q(0.5), BoxMax = Q(0.75), WhiskerMax = Q(0.95),
        }, color));
    }
}
