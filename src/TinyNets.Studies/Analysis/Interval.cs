namespace TinyNets.Studies.Analysis;

/// <summary>A mean over replicates with its 95% confidence interval (Student's t: seeds are few).</summary>
public sealed record Interval(double Mean, double HalfWidth, int Count)
{
    public double Low => Mean - HalfWidth;
    public double High => Mean + HalfWidth;

    /// <summary><c>0.123 ± 0.004</c>; the mean alone for one value; empty for none.</summary>
    public override string ToString() =>
        Count == 0 ? "" : FindingCheck.F(Mean) + (double.IsNaN(HalfWidth) ? "" : $" ± {FindingCheck.F(HalfWidth)}");

    /// <summary>The mean of <paramref name="values"/> and the half-width of its 95% interval (NaN for fewer than two values).</summary>
    public static Interval Of(IReadOnlyList<double> values)
    {
        int n = values.Count;
        if (n == 0) return new Interval(double.NaN, double.NaN, 0);
        double mean = values.Average();
        if (n == 1) return new Interval(mean, double.NaN, 1);
        double variance = values.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        return new Interval(mean, StudentT975(n - 1) * Math.Sqrt(variance / n), n);
    }

    /// <summary>The 97.5th percentile of Student's t with <paramref name="df"/> degrees of freedom (tabulated to 30, then the normal's 1.96).</summary>
    public static double StudentT975(int df) => df switch
    {
        <= 0 => double.NaN,
        <= 30 => Table[df - 1],
        <= 60 => 2.000,
        <= 120 => 1.980,
        _ => 1.960,
    };

    private static readonly double[] Table =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];
}
