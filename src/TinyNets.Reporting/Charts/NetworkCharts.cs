using ScottPlot;
using TinyNets.Data;
using TinyNets.Layers;
using TinyNets.Models;

namespace TinyNets.Reporting.Charts;

/// <summary>The network itself: its diagram, each hidden unit's response over a 2-D input plane, and data sets.</summary>
public static class NetworkCharts
{
    /// <summary>Units drawn of a wider layer, in the diagram and as activation maps: the first ones.</summary>
    public const int ShownUnits = 16;

    /// <summary>One hidden activation layer's unit maps: its index in the model, kind, width, and a map per shown unit.</summary>
    public sealed record UnitMaps(int Layer, string Kind, int Units, IReadOnlyList<Plot> Maps);

    /// <summary>
    /// Neurons as nodes, layer by layer; an edge per weight, blue for positive and red for negative, thicker for larger
    /// |w|. Layers wider than 16 units show 16 of them, and only the strongest 400 edges between shown units are drawn,
    /// so nets of up to 8 layers of 64 units stay legible.
    /// </summary>
    public static Plot Diagram(Sequential model, IReadOnlyList<string> inputNames)
    {
        var plot = ChartKit.NewPlot("Network (edges: blue +, red −, width |w|)", "", "");
        var linears = model.Layers.OfType<Linear>().ToArray();
        var widths = new List<int> { model.InputWidth };
        widths.AddRange(linears.Select(l => l.OutFeatures));
        const int Shown = ShownUnits;
        double Y(int layer, int unit) => widths[layer] <= 1 ? 0 : 1 - 2.0 * Math.Min(unit, Shown - 1) / (Math.Min(widths[layer], Shown) - 1);
        var edges = new List<(int Layer, int From, int To, float W)>();
        for (int l = 0; l < linears.Length; l++)
            for (int o = 0; o < Math.Min(linears[l].OutFeatures, Shown); o++)
                for (int i = 0; i < Math.Min(linears[l].InFeatures, Shown); i++)
                    edges.Add((l, i, o, linears[l].Weight.Value[o * linears[l].InFeatures + i]));
        float maxW = edges.Count == 0 ? 1 : Math.Max(edges.Max(e => Math.Abs(e.W)), 1e-6f);
        foreach (var e in edges.Where(e => float.IsFinite(e.W)).OrderByDescending(e => Math.Abs(e.W)).Take(400).Reverse())
        {
            var line = plot.Add.Line(e.Layer, Y(e.Layer, e.From), e.Layer + 1, Y(e.Layer + 1, e.To));
            line.LineColor = (e.W >= 0 ? Colors.SteelBlue : Colors.FireBrick).WithAlpha(0.35 + 0.65 * Math.Abs(e.W) / maxW);
            line.LineWidth = (float)(0.5 + 4 * Math.Abs(e.W) / maxW);
        }
        for (int l = 0; l < widths.Count; l++)
        {
            int shown = Math.Min(widths[l], Shown);
            var xs = Enumerable.Repeat((double)l, shown).ToArray();
            var ys = Enumerable.Range(0, shown).Select(u => Y(l, u)).ToArray();
            plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, 9, l == 0 ? Colors.Gray : ChartKit.LayerColor(l - 1));
            string label = widths[l] > Shown ? $"{widths[l]} units ({Shown} shown)" : $"{widths[l]}";
            var text = plot.Add.Text(l == 0 ? $"inputs: {label}" : $"{label}", l, -1.25);
            text.LabelAlignment = Alignment.UpperCenter;
        }
        for (int i = 0; i < Math.Min(inputNames.Count, Shown) && model.InputWidth <= Shown; i++)
        {
            var name = plot.Add.Text(inputNames[i], -0.08, Y(0, i));
            name.LabelAlignment = Alignment.MiddleRight;
        }
        plot.Axes.SetLimits(-0.6, widths.Count - 0.5, -1.5, 1.2);
        plot.HideGrid();
        plot.Axes.Frameless();
        return plot;
    }

    /// <summary>
    /// For 2-D inputs: what every hidden unit computes over the input plane (as TensorFlow Playground draws it), one
    /// small chart per unit of the first <paramref name="maxUnits"/> units of each hidden activation layer (the units
    /// the diagram shows), each coloured from its own lowest to its highest output over the plane.
    /// </summary>
    public static IReadOnlyList<UnitMaps> ActivationMaps(Sequential model, Dataset data, int maxUnits = ShownUnits)
    {
        var layers = new List<UnitMaps>();
        if (model.InputWidth != 2 || data.Rows == 0) return layers;
        float xMin = float.MaxValue, xMax = float.MinValue, yMin = float.MaxValue, yMax = float.MinValue;
        for (int r = 0; r < data.Rows; r++)
        {
            var row = data.FeatureRow(r);
            xMin = Math.Min(xMin, row[0]); xMax = Math.Max(xMax, row[0]); yMin = Math.Min(yMin, row[1]); yMax = Math.Max(yMax, row[1]);
        }
        const int N = 48;
        var grid = new float[2 * N * N];   // unit-major: x values then y values, row 0 at the top
        for (int r = 0; r < N; r++)
            for (int c = 0; c < N; c++)
            {
                grid[r * N + c] = xMin + (c + 0.5f) * (xMax - xMin) / N;
                grid[N * N + r * N + c] = yMax - (r + 0.5f) * (yMax - yMin) / N;
            }
        bool training = model.Layers.Count > 0 && model.Layers[0].Training;
        model.SetTraining(false);
        model.Forward(grid, N * N);
        foreach (var (l, kind) in model.ActivationKinds.Where(a => a.Key + 1 < model.Layers.Count).OrderBy(a => a.Key))   // hidden: not the output's
        {
            var y = model.LayerOutput(l, N * N);
            int units = y.Length / (N * N);
            var maps = new List<Plot>();
            for (int u = 0; u < Math.Min(units, maxUnits); u++)
            {
                var plot = new Plot();
                var values = new double[N, N];
                for (int r = 0; r < N; r++) for (int c = 0; c < N; c++) values[r, c] = y[u * N * N + r * N + c];
                var map = plot.Add.Heatmap(values);
                map.Colormap = new ScottPlot.Colormaps.MellowRainbow();
                map.Extent = new CoordinateRect(xMin, xMax, yMin, yMax);
                plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
                plot.Axes.Frameless();
                maps.Add(plot);
            }
            layers.Add(new UnitMaps(l, kind, units, maps));
        }
        model.SetTraining(training);
        return layers;
    }

    /// <summary>A 2-D data set as points coloured by class (or by target value for regression).</summary>
    public static Plot Dataset(Dataset data, string title)
    {
        var plot = ChartKit.NewPlot(title, data.FeatureNames.Count > 0 ? data.FeatureNames[0] : "x1", data.FeatureNames.Count > 1 ? data.FeatureNames[1] : "x2");
        if (data.FeatureWidth != 2 || data.Rows == 0)
        {
            ChartKit.NoData(plot, "scatter plots are drawn for 2-D data");
            return plot;
        }
        if (data.IsClassification)
        {
            ModelCharts.AddPoints(plot, data, MarkerShape.FilledCircle, data.ClassNames, null);
            plot.ShowLegend(Edge.Right);
        }
        else
        {
            var colormap = new ScottPlot.Colormaps.Turbo();
            var finite = data.Targets.Where(float.IsFinite).ToArray();
            float lo = finite.Length > 0 ? finite.Min() : 0, hi = finite.Length > 0 ? finite.Max() : 1;
            for (int r = 0; r < data.Rows; r++)
                plot.Add.Marker(data.FeatureRow(r)[0], data.FeatureRow(r)[1], MarkerShape.FilledCircle, 5,
                    colormap.GetColor(hi > lo ? (data.Targets[r] - lo) / (hi - lo) : 0.5));
            ChartKit.ColorBar(plot, colormap, new ScottPlot.Range(lo, Math.Max(hi, lo + 1e-6)));   // what the colours mean
        }
        plot.Axes.SquareUnits();
        return plot;
    }
}
