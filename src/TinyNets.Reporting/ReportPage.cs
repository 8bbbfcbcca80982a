using System.Text;
using System.Text.RegularExpressions;
using ScottPlot;

namespace TinyNets.Reporting;

/// <summary>
/// An HTML page being written, whose charts are rendered to SVG when the page is finished, several at a time: the
/// rendering is most of a report's time (10-20 ms a chart, dozens of charts in a 2-D run's report), and each chart is
/// a Plot of its own, which ScottPlot renders independently of the others (the typeface cache they share is a
/// ConcurrentDictionary). The page comes out the same as rendering each chart where it stands.
/// </summary>
public sealed class ReportPage
{
    private readonly StringBuilder _text;
    private readonly List<(int At, Chart Chart, string Open, string Close)> _figures = [];

    /// <summary>A chart of the page, by its figure id, at the size it is shown.</summary>
    public sealed record Chart(string Id, Plot Plot, int Width, int Height);

    /// <summary>The page's charts, in order.</summary>
    public IReadOnlyList<Chart> Charts => _figures.Select(f => f.Chart).ToArray();

    public ReportPage(string start = "") => _text = new StringBuilder(start);

    public ReportPage Append(string text)
    {
        _text.Append(text);
        return this;
    }

    /// <summary>A <c>figure</c> holding the chart's SVG (its ids scoped by <paramref name="id"/>) and an optional caption;
    /// taller than <paramref name="height"/> by a legend below the plot (<see cref="ChartKit.LegendBelow"/>).</summary>
    public ReportPage Figure(string id, Plot plot, int width = ChartKit.Width, int height = ChartKit.Height, string? caption = null,
        string? cssClass = null)
    {
        string open = cssClass is null ? $"<figure id=\"{id}\">" : $"<figure class=\"{cssClass}\" id=\"{id}\">";
        string close = (caption is null ? "" : $"<figcaption>{System.Net.WebUtility.HtmlEncode(caption)}</figcaption>") + "</figure>";
        _figures.Add((_text.Length, new Chart(id, plot, width, ChartKit.FigureHeight(plot, height)), open, close));
        return this;
    }

    /// <summary>
    /// Writes every chart into <paramref name="folder"/> as <c>ID.png</c> and <c>ID.svg</c> (each file atomically), several
    /// at a time, and returns how many charts it wrote.
    /// </summary>
    public int WriteImages(string folder)
    {
        Directory.CreateDirectory(folder);
        var charts = Charts;
        Parallel.ForEach(charts, chart =>
        {
            string path = Path.Combine(folder, chart.Id);
            var png = chart.Plot.GetImageBytes(chart.Width, chart.Height, ImageFormat.Png);
            Serialization.AtomicFile.Write(path + ".png", s => s.Write(png), durable: false);
            Serialization.AtomicFile.WriteAllText(path + ".svg", ChartKit.Svg(chart.Plot, chart.Width, chart.Height), durable: false);
        });
        return charts.Count;
    }

    /// <summary>The page, with every chart rendered.</summary>
    public override string ToString()
    {
        var figures = new string[_figures.Count];
        Parallel.For(0, figures.Length, i =>
        {
            var (_, chart, open, close) = _figures[i];
            figures[i] = open + ScopedSvg(chart.Plot, chart.Id, chart.Width, chart.Height) + close;
        });
        var page = new StringBuilder(_text.Length + figures.Sum(f => f.Length));
        int from = 0;
        for (int i = 0; i < figures.Length; i++)
        {
            page.Append(_text, from, _figures[i].At - from).Append(figures[i]);
            from = _figures[i].At;
        }
        return page.Append(_text, from, _text.Length - from).ToString();
    }

    /// <summary>A chart's SVG element, ready to inline in a page with others.</summary>
    private static string ScopedSvg(ScottPlot.Plot plot, string id, int width = ChartKit.Width, int height = ChartKit.Height)
    {
        string svg = ChartKit.Svg(plot, width, height);
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        return Scoped(start >= 0 ? svg[start..] : svg, id);
    }

    /// <summary>
    /// Renames the ids inside one chart's SVG (and the references to them) as the chart's id and a number, in order of
    /// appearance: inline SVGs share the page's id space, and every chart names its images alike, so without this they
    /// would all show the first chart's heatmap. The numbers also make the page reproducible: Skia names clip paths by
    /// a counter shared by every chart in the process, whose values depend on the order the charts were rendered in.
    /// </summary>
    private static string Scoped(string svg, string prefix)
    {
        var names = new Dictionary<string, string>();
        string Name(string id) => names.TryGetValue(id, out var name) ? name : names[id] = $"{prefix}-{names.Count}";
        svg = Regex.Replace(svg, "\\bid=\"([^\"]+)\"", m => $"id=\"{Name(m.Groups[1].Value)}\"");
        svg = Regex.Replace(svg, "url\\(#([^)]+)\\)", m => $"url(#{Name(m.Groups[1].Value)})");
        return Regex.Replace(svg, "href=\"#([^\"]+)\"", m => $"href=\"#{Name(m.Groups[1].Value)}\"");
    }
}
