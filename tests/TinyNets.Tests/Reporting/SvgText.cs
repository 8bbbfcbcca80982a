using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace TinyNets.Tests.Reporting;

/// <summary>Reads charts back out of a report page: a figure's SVG, and where a text sits in it.</summary>
public static class SvgText
{
    /// <summary>The SVG of the figure with id <paramref name="figureId"/> in <paramref name="html"/>.</summary>
    public static string Figure(string html, string figureId)
    {
        int start = html.IndexOf($"id=\"{figureId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, figureId);
        return html[start..html.IndexOf("</figure>", start, StringComparison.Ordinal)];
    }

    /// <summary>The vertical position (pixels from the top) of each <c>text</c> element whose whole text is <paramref name="text"/>.</summary>
    public static double[] Y(string svg, string text) =>
        Regex.Matches(svg, "<text[^>]* transform=\"(?:translate\\([-0-9.e]+ |matrix\\([-0-9.e ]+ )([-0-9.e]+)\\)\"[^>]*>\\s*([^<]+?)\\s*</text>")
            .Where(m => System.Net.WebUtility.HtmlDecode(m.Groups[2].Value) == text)
            .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Asserts that every text in <paramref name="entries"/> is drawn once, below the axis label <paramref name="axis"/>
    /// (a legend under the plot rather than inside it).</summary>
    public static void AssertBelow(string svg, string axis, IEnumerable<string> entries)
    {
        double axisY = Assert.Single(Y(svg, axis));
        foreach (var entry in entries)
            Assert.True(Assert.Single(Y(svg, entry)) > axisY, $"'{entry}' is not below the axis label '{axis}'");
    }
}
