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
        var plane = Plane.Covering(train, test);
        var predicted = Classes(model, output, plane.Points, Plane.Cells);
        var map = plane.Heatmap(plot, predicted.Select(c => (double)c).ToArray());
        map.Colormap = new ClassColormap(train.ClassCount);
        map.ManualRange = new ScottPlot.Range(0, Math.Max(train.ClassCount - 1, 1));
        map.Opacity = 0.35;
        AddPoints(plot, train, MarkerShape.FilledCircle, classNames, "train");
        if (test is not null) AddPoints(plot, test, MarkerShape.Eks, classNames, "test");
        plane.Limits(plot);
        if (legend) plot.ShowLegend(Edge.Right);   // beside the plane: inside it, it hid XOR's point (1, 1)
        else plot.HideLegend();
        return plot;
    }

    /// <summary>
    /// For 2-D regression: the model's (first) output over a 160 × 160 grid covering the data, with training points
    /// (circles) and test points (crosses) in the colour of their target on the same scale, so a point that stands out
    /// from the surface around it is one the model gets wrong.
    /// </summary>
    public static Plot PredictionSurface(Sequential model, Dataset train, Dataset? test)
    {
        var plot = ChartKit.NewPlot(model.OutputWidth > 1 ? "Prediction over the plane (first output)" : "Prediction over the plane",
            train.FeatureNames.Count > 0 ? train.FeatureNames[0] : "x1", train.FeatureNames.Count > 1 ? train.FeatureNames[1] : "x2");
        if (train.FeatureWidth != 2 || train.Rows == 0 || train.IsClassification)
        {
            ChartKit.NoData(plot, "prediction surfaces are drawn for 2-D regression data");
            return plot;
        }
        var plane = Plane.Covering(train, test);
        var y = model.Predict(plane.Points, Plane.Cells);
        var surface = Enumerable.Range(0, Plane.Cells).Select(i => (double)y[i * model.OutputWidth]).ToArray();
        var targets = Enumerable.Range(0, train.Rows).Select(r => (double)train.TargetRow(r)[0])
            .Concat(test is null ? [] : Enumerable.Range(0, test.Rows).Select(r => (double)test.TargetRow(r)[0])).Where(double.IsFinite).ToArray();
        var finite = surface.Where(double.IsFinite).Concat(targets).ToArray();
        var range = finite.Length == 0 ? new ScottPlot.Range(0, 1) : new ScottPlot.Range(finite.Min(), Math.Max(finite.Max(), finite.Min() + 1e-12));
        var colormap = new ScottPlot.Colormaps.Viridis();
        var map = plane.Heatmap(plot, surface);
        map.Colormap = colormap;
        map.ManualRange = range;
        plot.Add.ColorBar(map);
        void Points(Dataset data, MarkerShape shape)
        {
            for (int r = 0; r < data.Rows; r++)
            {
                var marker = plot.Add.Marker(data.FeatureRow(r)[0], data.FeatureRow(r)[1], shape, data.Rows <= 20 ? 12 : data.Rows <= 200 ? 7 : 5,
                    colormap.GetColor(data.TargetRow(r)[0], range));
                marker.MarkerStyle.OutlineColor = Colors.White.WithAlpha(0.8);
                marker.MarkerStyle.OutlineWidth = 0.75f;
            }
        }
        Points(train, MarkerShape.FilledCircle);
        if (test is not null) Points(test, MarkerShape.FilledSquare);
        plane.Limits(plot);
        return plot;
    }

    /// <summary>Predicted against true value of every row of a regression data set, one colour per output, with the
    /// diagonal where they agree.</summary>
    public static Plot PredictedVsActual(Sequential model, Dataset data, string set)
    {
        var plot = ChartKit.NewPlot($"Predicted against true ({set})", "true value", "predicted value");
        if (data.IsClassification || data.Rows == 0)
        {
            ChartKit.NoData(plot, "drawn for regression data");
            return plot;
        }
        var y = model.Predict(data.Features, data.Rows);
        int outputs = Math.Min(model.OutputWidth, data.TargetWidth);
        double lo = double.MaxValue, hi = double.MinValue;
        for (int o = 0; o < outputs; o++)
        {
            var truth = Enumerable.Range(0, data.Rows).Select(r => (double)data.TargetRow(r)[o]).ToArray();
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

    /// <summary>A 160 × 160 grid over the plane the data covers (with a margin), row 0 at the top, as inputs for a model.</summary>
    private sealed class Plane
    {
        public const int N = 160, Cells = N * N;
        private readonly float _xMin, _xMax, _yMin, _yMax;

        private Plane(float xMin, float xMax, float yMin, float yMax)
        {
            (_xMin, _xMax, _yMin, _yMax) = (xMin, xMax, yMin, yMax);
            Points = new float[Cells * 2];
            for (int r = 0; r < N; r++)
                for (int c = 0; c < N; c++)
                {
                    Points[(r * N + c) * 2] = xMin + (c + 0.5f) * (xMax - xMin) / N;
                    Points[(r * N + c) * 2 + 1] = yMax - (r + 0.5f) * (yMax - yMin) / N;
                }
        }

        /// <summary>The grid's points, row-major, (x, y) pairs.</summary>
        public float[] Points { get; }

        public static Plane Covering(Dataset train, Dataset? test)
        {
            var all = test is null ? train.Features : [.. train.Features, .. test.Features];
            float xMin = float.MaxValue, xMax = float.MinValue, yMin = float.MaxValue, yMax = float.MinValue;
            for (int i = 0; i + 1 < all.Length; i += 2)
            {
                if (!float.IsFinite(all[i]) || !float.IsFinite(all[i + 1])) continue;
                xMin = Math.Min(xMin, all[i]); xMax = Math.Max(xMax, all[i]);
                yMin = Math.Min(yMin, all[i + 1]); yMax = Math.Max(yMax, all[i + 1]);
            }
            float padX = Math.Max((xMax - xMin) * 0.08f, 0.1f), padY = Math.Max((yMax - yMin) * 0.08f, 0.1f);
            return new Plane(xMin - padX, xMax + padX, yMin - padY, yMax + padY);
        }

        /// <summary>A heatmap of one value per grid cell (in <see cref="Points"/> order) over the plane.</summary>
        public ScottPlot.Plottables.Heatmap Heatmap(Plot plot, IReadOnlyList<double> values)
        {
            var intensities = new double[N, N];
            for (int r = 0; r < N; r++) for (int c = 0; c < N; c++) intensities[r, c] = values[r * N + c];
            var map = plot.Add.Heatmap(intensities);
            map.Extent = new CoordinateRect(_xMin, _xMax, _yMin, _yMax);
            return map;
        }

        public void Limits(Plot plot) => plot.Axes.SetLimits(_xMin, _xMax, _yMin, _yMax);
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
