namespace TinyNets.Diagnostics;

/// <summary>Small statistics over recorded series, ignoring NaN (values that were not recorded).</summary>
internal static class Series
{
    public static float[] Finite(IEnumerable<float> values) => values.Where(float.IsFinite).ToArray();

    public static double Median(IReadOnlyList<float> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2.0;
    }

    /// <summary>The last <paramref name="fraction"/> of the rows (at least one), as (row index, value) with NaN dropped.</summary>
    public static (int Row, float Value)[] Tail(float[] values, double fraction)
    {
        int start = Math.Min(values.Length - 1, (int)(values.Length * (1 - fraction)));
        return Enumerable.Range(Math.Max(start, 0), values.Length - Math.Max(start, 0))
            .Where(i => !float.IsNaN(values[i])).Select(i => (i, values[i])).ToArray();
    }

    /// <summary>How far the values jump about their own trend, as a share of their level: the mean distance of each
    /// value from the midpoint of its two neighbours, over the mean value. A smooth curve, falling or flat, is near 0;
    /// a loss that bounces from epoch to epoch is not. NaN for fewer than three values.</summary>
    public static double Roughness(IReadOnlyList<double> values)
    {
        if (values.Count < 3) return double.NaN;
        double jumps = 0;
        for (int i = 1; i + 1 < values.Count; i++) jumps += Math.Abs(values[i] - (values[i - 1] + values[i + 1]) / 2);
        return jumps / (values.Count - 2) / values.Average();
    }

    public static long Step(RunTrace trace, int row) => trace.StepNumbers.Length > row ? (long)trace.StepNumbers[row] : row;

    public static string Percent(double fraction) => $"{fraction * 100:0}%";

    public static string Number(double value) => value.ToString("G3", System.Globalization.CultureInfo.InvariantCulture);
}
