using ScottPlot;
using TinyNets.Data;
using TinyNets.Models;

namespace TinyNets.Reporting.Charts;

// What a model computes over its input plane (2-D data): decision boundaries, regression surfaces, the points on them.
public static partial class ModelCharts
{
    /// <summary>
    /// For 2-D inputs: the predicted class over a 160 × 160 grid covering the data, with training points (circles) and
    /// test points (open squares) coloured by their true class; the legend, unless left out, beside the plane.
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
        // Test points as open squares, not crosses: ScottPlot draws each cross through a fresh SKPath that SkiaSharp 3.119
        // may free while it is being drawn, which crashed one study report in thirty (SIGSEGV in DrawPath); squares and
        // circles are drawn without one.
        if (test is not null) AddPoints(plot, test, MarkerShape.OpenSquare, classNames, "test");
        plane.Limits(plot);
        if (legend) plot.ShowLegend(Edge.Right);   // beside the plane: inside it, it hid XOR's point (1, 1)
        else plot.HideLegend();
        return plot;
    }

    /// <summary>
    /// For 2-D regression: the model's (first) output over a 160 × 160 grid covering the data, with training points
    /// (circles) and test points (squares) in the colour of their target on the same scale, so a point that stands out
    /// from the surface around it is one the model gets wrong; in the target's own units when <paramref name="standardizer"/>
    /// standardized it.
    /// </summary>
    public static Plot PredictionSurface(Sequential model, Dataset train, Dataset? test, Standardizer? standardizer = null)
    {
        double Unit(double v) => standardizer?.RestoreTarget(v) ?? v;
        var plot = ChartKit.NewPlot(model.OutputWidth > 1 ? "Prediction over the plane (first output)" : "Prediction over the plane",
            train.FeatureNames.Count > 0 ? train.FeatureNames[0] : "x1", train.FeatureNames.Count > 1 ? train.FeatureNames[1] : "x2");
        if (train.FeatureWidth != 2 || train.Rows == 0 || train.IsClassification)
        {
            ChartKit.NoData(plot, "prediction surfaces are drawn for 2-D regression data");
            return plot;
        }
        var plane = Plane.Covering(train, test);
        var y = model.Predict(plane.Points, Plane.Cells);
        var surface = Enumerable.Range(0, Plane.Cells).Select(i => Unit(y[i * model.OutputWidth])).ToArray();
        var targets = Enumerable.Range(0, train.Rows).Select(r => Unit(train.TargetRow(r)[0]))
            .Concat(test is null ? [] : Enumerable.Range(0, test.Rows).Select(r => Unit(test.TargetRow(r)[0]))).Where(double.IsFinite).ToArray();
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
                    colormap.GetColor(Unit(data.TargetRow(r)[0]), range));
                marker.MarkerStyle.OutlineColor = Colors.White.WithAlpha(0.8);
                marker.MarkerStyle.OutlineWidth = 0.75f;
            }
        }
        Points(train, MarkerShape.FilledCircle);
        if (test is not null) Points(test, MarkerShape.FilledSquare);
        plane.Limits(plot);
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
            else markers.MarkerStyle.LineWidth = 1.5f;
            string name = k < classNames.Count ? classNames[k] : k.ToString();
            markers.LegendText = set is null ? name : $"{name} ({set})";
        }
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
