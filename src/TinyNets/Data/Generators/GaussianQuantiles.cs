using TinyNets.Randomness;

namespace TinyNets.Data.Generators;

/// <summary>
/// scikit-learn's <c>make_gaussian_quantiles</c> in 2-D: standard normal points, sorted by distance from the origin and
/// cut into <c>classes</c> nested shells of (nearly) equal size; the class is the shell, innermost first. Rows shuffled.
/// </summary>
public static class GaussianQuantiles
{
    public static Dataset Generate(int points, int classes, RandomStream random)
    {
        Require.Positive(points, "points");
        if (classes < 2 || classes > points) throw new TinyNetsException($"gaussian-quantiles needs 2 to {points} classes, got {classes}");
        var p = new (double X, double Y)[points];
        for (int i = 0; i < points; i++) p[i] = (random.Normal(), random.Normal());
        var byRadius = Enumerable.Range(0, points).OrderBy(i => p[i].X * p[i].X + p[i].Y * p[i].Y).ToArray();
        var label = new int[points];
        for (int rank = 0; rank < points; rank++) label[byRadius[rank]] = (int)((long)rank * classes / points);
        var order = Enumerable.Range(0, points).ToArray();
        random.Shuffle(order.AsSpan());
        var x = new float[points * 2];
        var y = new float[points];
        for (int i = 0; i < points; i++)
        {
            x[2 * i] = (float)p[order[i]].X;
            x[2 * i + 1] = (float)p[order[i]].Y;
            y[i] = label[order[i]];
        }
        return new Dataset(x, y, featureWidth: 2, targetWidth: 1, classCount: classes);
    }
}
