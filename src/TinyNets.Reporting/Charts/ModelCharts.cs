using ScottPlot;
using TinyNets.Data;
using TinyNets.Models;

namespace TinyNets.Reporting.Charts;

/// <summary>Charts of what a model computes: its decision boundary, its confusions, its initial weights.</summary>
public static class ModelCharts
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

    /// <summary>
    /// For 2-D inputs: the predicted class over a 160 × 160 grid covering the data, with training points (circles) and
    /// test points (crosses) coloured by their true class; the legend, unless left out, beside the plane.
    /// </summary>
    public static Plot DecisionBoundary(Sequential model, string output, Dataset train, Dataset? test, IReadOnlyList<string> classNames, bool legend = true)
    {
        var plot = ChartKit.NewPlot("Decision boundary", train.FeatureNames.Count > 0 ? train.FeatureNames[0] : "x1", train.FeatureNames.Count > 1 ? train.FeatureNames[1] : "x2");
        if (train.FeatureWidth != 2 || train.Rows == 0 || !train.IsClassification)
        {
            ChartKit.NoData(plot, "decision boundaries are drawn for 2-D classification data");
            return plot;
        }
        var all = test is null ? train.Features : [.. train.Features, .. test.Features];
        float xMin = float.MaxValue, xMax = float.MinValue, yMin = float.MaxValue, yMax = float.MinValue;
        for (int i = 0; i + 1 < all.Length; i += 2)
        {
            if (!float.IsFinite(all[i]) || !float.IsFinite(all[i + 1])) continue;
            xMin = Math.Min(xMin, all[i]); xMax = Math.Max(xMax, all[i]);
            yMin = Math.Min(yMin, all[i + 1]); yMax = Math.Max(yMax, all[i + 1]);
        }
        float padX = Math.Max((xMax - xMin) * 0.08f, 0.1f), padY = Math.Max((yMax - yMin) * 0.08f, 0.1f);
        xMin -= padX; xMax += padX; yMin -= padY; yMax += padY;
        const int N = 160;
        var grid = new float[N * N * 2];
        for (int r = 0; r < N; r++)   // row 0 at the top
            for (int c = 0; c < N; c++)
            {
                grid[(r * N + c) * 2] = xMin + (c + 0.5f) * (xMax - xMin) / N;
                grid[(r * N + c) * 2 + 1] = yMax - (r + 0.5f) * (yMax - yMin) / N;
            }
        var predicted = Classes(model, output, grid, N * N);
        var intensities = new double[N, N];
        for (int r = 0; r < N; r++) for (int c = 0; c < N; c++) intensities[r, c] = predicted[r * N + c];
        var map = plot.Add.Heatmap(intensities);
        map.Colormap = new ClassColormap(train.ClassCount);
        map.ManualRange = new ScottPlot.Range(0, Math.Max(train.ClassCount - 1, 1));
        map.Extent = new CoordinateRect(xMin, xMax, yMin, yMax);
        map.Opacity = 0.35;
        AddPoints(plot, train, MarkerShape.FilledCircle, classNames, "train");
        if (test is not null) AddPoints(plot, test, MarkerShape.Eks, classNames, "test");
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        if (legend) plot.ShowLegend(Edge.Right);   // beside the plane: inside it, it hid XOR's point (1, 1)
        else plot.HideLegend();
        return plot;
    }

    // Points are drawn larger when there are few (XOR's four would be lost at the size that suits five hundred), and
    // training points get a dark rim, so one lying in the region of its own class still shows.
    /// <summary>A data set's points coloured by class, each class labelled "name (set)", or "name" without a set.</summary>
    internal static void AddPoints(Plot plot, Dataset data, MarkerShape shape, IReadOnlyList<string> classNames, string? set)
    {
        var classes = TrueClasses(data);
        float size = (data.Rows <= 20 ? 12 : data.Rows <= 200 ? 7 : 5) + (shape == MarkerShape.FilledCircle ? 0 : 2);
        for (int k = 0; k < data.ClassCount; k++)
        {
            var rows = Enumerable.Range(0, data.Rows).Where(r => classes[r] == k).ToArray();
            if (rows.Length == 0) continue;
            var markers = plot.Add.Markers(rows.Select(r => (double)data.FeatureRow(r)[0]).ToArray(),
                rows.Select(r => (double)data.FeatureRow(r)[1]).ToArray(), shape, size, ChartKit.ClassColor(k));
            if (shape == MarkerShape.FilledCircle)
            {
                markers.MarkerStyle.OutlineColor = Colors.Black.WithAlpha(0.55);
                markers.MarkerStyle.OutlineWidth = 0.75f;
            }
            string name = k < classNames.Count ? classNames[k] : k.ToString();
            markers.LegendText = set is null ? name : $"{name} ({set})";
        }
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

    /// <summary>Maps a class index (the heatmap's value) to that class's colour.</summary>
    private sealed class ClassColormap(int classes) : IColormap
    {
        public string Name => "classes";

        public Color GetColor(double position)
        {
            if (double.IsNaN(position)) return Colors.Transparent;
            int k = (int)Math.Round(position * Math.Max(classes - 1, 1));
            return ChartKit.ClassColor(Math.Clamp(k, 0, Math.Max(classes - 1, 0)));
        }
    }
}
