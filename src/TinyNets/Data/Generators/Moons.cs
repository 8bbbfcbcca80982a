using TinyNets.Randomness;

namespace TinyNets.Data.Generators;

/// <summary>
/// scikit-learn's <c>make_moons</c>: ⌊n/2⌋ points on the upper half circle (class 0) and the rest on a lower half circle
/// shifted to (1, 0.5) (class 1), evenly spaced in angle, then N(0, noise²) on each coordinate; rows shuffled.
/// </summary>
public static class Moons
{
    public static Dataset Generate(int points, RandomStream random, double noise = 0)
    {
        Require.Positive(points, "points");
        Require.NonNegative(noise, "noise");
        int outer = points / 2, inner = points - outer;
        var rows = new List<(double X, double Y, int Label)>(points);
        for (int i = 0; i < outer; i++)
        {
            double t = outer == 1 ? 0 : Math.PI * i / (outer - 1);
            rows.Add((Math.Cos(t), Math.Sin(t), 0));
        }
        for (int i = 0; i < inner; i++)
        {
            double t = inner == 1 ? 0 : Math.PI * i / (inner - 1);
            rows.Add((1 - Math.Cos(t), 1 - Math.Sin(t) - 0.5, 1));
        }
        return Shaped.Shuffled(rows, random, noise);
    }
}

/// <summary>Shared by the scikit-learn shapes: shuffle rows, then add Gaussian noise, as <c>make_moons</c> does.</summary>
internal static class Shaped
{
    public static Dataset Shuffled(List<(double X, double Y, int Label)> rows, RandomStream random, double noise)
    {
        var order = Enumerable.Range(0, rows.Count).ToArray();
        random.Shuffle(order.AsSpan());
        var x = new float[rows.Count * 2];
        var y = new float[rows.Count];
        for (int i = 0; i < order.Length; i++)
        {
            var (px, py, label) = rows[order[i]];
            x[2 * i] = (float)(px + random.Normal(0, noise));
            x[2 * i + 1] = (float)(py + random.Normal(0, noise));
            y[i] = label;
        }
        return new Dataset(x, y, featureWidth: 2, targetWidth: 1, classCount: 2);
    }
}
