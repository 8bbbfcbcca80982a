using ScottPlot;

namespace TinyNets.Reporting;

/// <summary>Readable defaults shared by every chart, and the colour of each layer (the same in every chart).</summary>
public static class ChartKit
{
    public const int Width = 640, Height = 360;

    private static readonly Color[] Palette = new ScottPlot.Palettes.Category10().Colors;

    /// <summary>The colour of the <paramref name="index"/>-th Linear layer, in every chart of a report.</summary>
    public static Color LayerColor(int index) => Palette[index % Palette.Length];

    /// <summary>A class's colour in scatter and boundary charts: the palette from its start (blue, orange, green, red,
    /// purple, ...), whose first colours are the easiest to tell apart; from its fourth on, five classes were red, purple,
    /// brown, pink and grey, three of them alike and grey lost on its grey region.</summary>
    public static Color ClassColor(int index) => Palette[index % Palette.Length];

    /// <summary>
    /// Renders a small chart and discards it: the first chart in a process loads the fonts and compiles the drawing
    /// code, about 0.1 s, which a caller can spend on an idle core while it trains, before it renders the report.
    /// </summary>
    public static void WarmUp()
    {
        var plot = NewPlot("warm-up", "x", "y");
        AddLine(plot, [0.0, 1.0], [0.0, 1.0], "line", LayerColor(0));
        plot.GetSvgXml(160, 120);
    }

    public static Plot NewPlot(string title, string x, string y)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        plot.Legend.Alignment = Alignment.UpperRight;
        // Epochs and steps are whole numbers: a two-epoch run had ticks at epoch 1.1, 1.2, ...
        if (x is "epoch" or "step") plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        return plot;
    }

    /// <summary>
    /// Adds a line of the finite points only (NaN and infinities are gaps in the data, not errors). On a log axis the
    /// values are plotted as log10 and non-positive ones are dropped. Returns how many points were drawn.
    /// </summary>
    public static int AddLine(Plot plot, IReadOnlyList<double> xs, IReadOnlyList<double> ys, string label, Color color, bool log = false, bool dashed = false)
    {
        var px = new List<double>();
        var py = new List<double>();
        for (int i = 0; i < Math.Min(xs.Count, ys.Count); i++)
        {
            double y = ys[i];
            if (!double.IsFinite(y) || !double.IsFinite(xs[i]) || (log && y <= 0)) continue;
            px.Add(xs[i]);
            py.Add(log ? Math.Log10(y) : y);
        }
        if (px.Count == 0) return 0;
        int drawn = px.Count;
        if (px.Count > MaxPoints) (px, py) = Downsample(px, py);
        var line = plot.Add.ScatterLine(px.ToArray(), py.ToArray(), color);
        line.LegendText = label;
        line.LineWidth = 1.5f;
        // A lone point is drawn as a marker, which has no line to dash; a dashed one made Skia's SVG writer print
        // "Unsupported path effect in addPaint." on the process's standard error for every run of one epoch.
        if (dashed && px.Count > 1) line.LinePattern = LinePattern.Dashed;
        if (px.Count == 1) line.MarkerSize = 6;
        return drawn;
    }

    private const int MaxPoints = 500;

    /// <summary>At most <see cref="MaxPoints"/> points: each of 250 buckets keeps its lowest and highest, so spikes stay visible.</summary>
    private static (List<double>, List<double>) Downsample(List<double> xs, List<double> ys)
    {
        const int Buckets = MaxPoints / 2;
        var ox = new List<double>(MaxPoints);
        var oy = new List<double>(MaxPoints);
        for (int b = 0; b < Buckets; b++)
        {
            int start = (int)((long)b * xs.Count / Buckets), end = (int)((long)(b + 1) * xs.Count / Buckets);
            if (end <= start) continue;
            int lo = start, hi = start;
            for (int i = start; i < end; i++)
            {
                if (ys[i] < ys[lo]) lo = i;
                if (ys[i] > ys[hi]) hi = i;
            }
            foreach (int i in lo <= hi ? new[] { lo, hi } : [hi, lo])
            {
                ox.Add(xs[i]);
                oy.Add(ys[i]);
            }
        }
        return (ox, oy);
    }

    /// <summary>True when the finite positive values of <paramref name="values"/> span more than
    /// <paramref name="decades"/> powers of ten: too wide for a linear axis to show the small ones.</summary>
    public static bool SpansDecades(IEnumerable<double> values, double decades)
    {
        double lo = double.PositiveInfinity, hi = 0;
        foreach (double v in values)
            if (double.IsFinite(v) && v > 0)
            {
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
        return hi > 0 && hi / lo > Math.Pow(10, decades);
    }

    /// <summary>Labels a log10 axis (the left one, or the bottom one) with the values themselves (0.001, 0.01, ...).</summary>
    public static void LogAxis(Plot plot, bool horizontal = false)
    {
        ((IAxis)(horizontal ? plot.Axes.Bottom : plot.Axes.Left)).TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = v => Math.Pow(10, v).ToString("G2", System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>
    /// Bars of each series' mean: on a log axis (<paramref name="log"/>) of its finite positive values, rising from one
    /// decade below the smallest; else of its finite values, from 0 (shares of units, where 0 is an answer). Returns false
    /// (and notes it) when no bar has data.
    /// </summary>
    public static bool AddMeanBars(Plot plot, IEnumerable<(double Position, IReadOnlyList<double> Values, Color Color)> series,
        double[] tickPositions, string[] tickLabels, string noData, bool log = false)
    {
        var bars = new List<Bar>();
        foreach (var (position, values, color) in series)
        {
            var finite = values.Where(v => double.IsFinite(v) && (!log || v > 0)).ToArray();
            if (finite.Length > 0) bars.Add(new Bar { Position = position, Value = log ? Math.Log10(finite.Average()) : finite.Average(), FillColor = color });
        }
        if (bars.Count == 0)
        {
            NoData(plot, noData);
            return false;
        }
        double low = log ? bars.Min(b => b.Value) - 1 : 0;
        foreach (var b in bars) b.ValueBase = low;
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(tickPositions, tickLabels);
        if (log) LogAxis(plot);
        plot.Axes.SetLimitsY(low, log ? bars.Max(b => b.Value) + 0.5 : Math.Max(bars.Max(b => b.Value) * 1.1, 1e-3));
        // Every tick inside, with room for its label: a last group with bars of only some series ended the axis at its
        // first bar, cutting its label in half or leaving it out.
        var xs = bars.Select(b => b.Position).Concat(tickPositions).ToArray();
        plot.Axes.SetLimitsX(xs.Min() - 1, xs.Max() + 1);
        return true;
    }

    /// <summary>Titles a chart with a run's or configuration's name, smaller than a chart title (names are long) and in
    /// the colour the run has in the page's other charts.</summary>
    public static void NameTitle(Plot plot, string name, Color color)
    {
        plot.Title(name);
        plot.Axes.Title.Label.FontSize = 12;
        plot.Axes.Title.Label.ForeColor = color;
    }

    /// <summary>A centred note when a chart has nothing to show.</summary>
    public static void NoData(Plot plot, string why)
    {
        var text = plot.Add.Text(why, 0.5, 0.5);
        text.LabelFontSize = 14;
        text.LabelAlignment = Alignment.MiddleCenter;
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.HideGrid();
    }

    public static string Svg(Plot plot, int width = Width, int height = Height) => plot.GetSvgXml(width, height);

    /// <summary>
    /// Moves the legend below the plot, one entry a line, when it has entries: for legends that name runs or
    /// configurations, too long to sit beside a chart of <see cref="Width"/> pixels, and inside the plot they covered the
    /// curves. (A legend panel with no entries leaves the whole chart blank. Side by side, the entries wrap by their
    /// widths, and ScottPlot sizes the panel from its previous layout, so the last row could fall off the chart.)
    /// <see cref="FigureHeight"/> makes room for it.
    /// </summary>
    public static void LegendBelow(Plot plot)
    {
        if (!plot.Legend.GetItems().Any()) return;
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Vertical;
    }

    /// <summary>The height at which <paramref name="plot"/>'s data area is as tall as it would be at
    /// <paramref name="height"/> without a legend below: the legend's frame and margins take 44 pixels, each entry 20.</summary>
    public static int FigureHeight(Plot plot, int height) =>
        plot.Axes.GetPanels().Any(p => p is ScottPlot.Panels.LegendPanel { Edge: Edge.Bottom })
            ? height + 44 + 20 * plot.Legend.GetItems().Count()
            : height;

    /// <summary>A colour bar beside the plot for values coloured by <paramref name="colormap"/> over <paramref name="range"/>
    /// (points coloured one by one have no heatmap to give it).</summary>
    public static void ColorBar(Plot plot, IColormap colormap, ScottPlot.Range range) => plot.Add.ColorBar(new ColorScale(colormap, range), Edge.Right);

    private sealed class ColorScale(IColormap colormap, ScottPlot.Range range) : IHasColorAxis
    {
        public IColormap Colormap { get; set; } = colormap;
        public ScottPlot.Range GetRange() => range;
    }
}
