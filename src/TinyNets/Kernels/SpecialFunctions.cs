namespace TinyNets.Kernels;

/// <summary>Functions the BCL lacks, in double precision.</summary>
public static class SpecialFunctions
{
    private static readonly double TwoOverSqrtPi = 2.0 / Math.Sqrt(Math.PI);

    /// <summary>
    /// The error function to about 1e-15. For |x| &lt; 3 the series erf(x) = 2/√π e^(−x²) Σ 2ⁿ x^(2n+1) / (2n+1)!!,
    /// whose terms are all positive (no cancellation); beyond, the continued fraction of erfc.
    /// </summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        double ax = Math.Abs(x);
        double result;
        if (ax < 3.0)
        {
            double x2 = ax * ax, term = ax, sum = ax;
            for (int n = 1; n < 200 && term > sum * 1e-17; n++)
            {
                term *= 2.0 * x2 / (2 * n + 1);
                sum += term;
            }
            result = TwoOverSqrtPi * Math.Exp(-x2) * sum;
        }
        else
        {
            result = 1.0 - ErfcTail(ax);
        }
        return x < 0 ? -result : result;
    }

    /// <summary>
    /// The complementary error function 1 − erf(x), accurate relative to itself also where it is tiny (large x), where
    /// 1 − erf(x) would cancel: from x = 3 on, its continued fraction.
    /// </summary>
    public static double Erfc(double x) => double.IsNaN(x) ? double.NaN : x >= 3.0 ? ErfcTail(x) : 1.0 - Erf(x);

    /// <summary>erfc(x) for x ≥ 3 from its continued fraction, evaluated from the tail.</summary>
    private static double ErfcTail(double x)
    {
        if (x > 27) return 0.0;
        double fraction = 0.0;
        for (int k = 60; k >= 1; k--)
            fraction = (k / 2.0) / (x + fraction);
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / (x + fraction);
    }
}
