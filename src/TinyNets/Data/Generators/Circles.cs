using TinyNets.Randomness;

namespace TinyNets.Data.Generators;

/// <summary>
/// Circles within circles: <c>classes</c> concentric rings, ring i (i = 1 … k − 1) of radius 0.2·i and the outer one of
/// radius 1, points spread evenly over the rings at uniform angles, each coordinate moved by N(0, noise²).
/// The class is the ring, innermost first.
/// </summary>
public static class Circles
{
    public static Dataset Generate(int points, int classes, RandomStream random, double noise = 0.05)
    {
        Require.Positive(points, "points");
        if (classes < 2) throw new TinyNetsException($"circles needs at least 2 rings, got {classes}");
        Require.NonNegative(noise, "noise");
        var x = new float[points * 2];
        var y = new float[points];
        for (int i = 0; i < points; i++)
        {
            int ring = i % classes;
            double radius = ring == classes - 1 ? 1.0 : 0.2 * (ring + 1);
            double angle = random.Uniform(0, 2 * Math.PI);
            x[2 * i] = (float)(radius * Math.Cos(angle) + random.Normal(0, noise));
            x[2 * i + 1] = (float)(radius * Math.Sin(angle) + random.Normal(0, noise));
            y[i] = ring;
        }
        return new Dataset(x, y, featureWidth: 2, targetWidth: 1, classCount: classes);
    }
}

/// <summary>
/// scikit-learn's <c>make_circles</c>: ⌊n/2⌋ points evenly spaced on the unit circle (class 0) and the rest on a circle of
/// radius <c>factor</c> (class 1), then N(0, noise²) on each coordinate; rows shuffled.
/// </summary>
public static class MakeCircles
{
    public static Dataset Generate(int points, RandomStream random, double noise = 0, double factor = 0.8)
    {
        Require.Positive(points, "points");
        if (!(factor >= 0 && factor < 1)) throw new TinyNetsException($"factor must be in [0, 1), got {factor}");
        Require.NonNegative(noise, "noise");
        int outer = points / 2, inner = points - outer;
        var rows = new List<(double X, double Y, int Label)>(points);
        for (int i = 0; i < outer; i++)
        {
            double t = 2 * Math.PI * i / outer;
            rows.Add((Math.Cos(t), Math.Sin(t), 0));
        }
        for (int i = 0; i < inner; i++)
        {
            double t = 2 * Math.PI * i / inner;
            rows.Add((factor * Math.Cos(t), factor * Math.Sin(t), 1));
        }
        return Shaped.Shuffled(rows, random, noise);
    }
}
