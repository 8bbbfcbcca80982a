using TinyNets.Randomness;

namespace TinyNets.Data.Generators;

/// <summary>
/// The k-arm spiral of Stanford's CS231n notes: for arm j, n = points / classes points with radius
/// r = linspace(0, 1, n) and angle t = linspace(4j, 4(j + 1), n) + N(0, noise²), at (r·sin t, r·cos t).
/// Targets are class indices; rows come arm by arm.
/// </summary>
public static class Spiral
{
    public static Dataset Generate(int points, int classes, RandomStream random, double noise = 0.2)
    {
        Require.Positive(classes, "classes");
        int perArm = points / classes;
        if (perArm < 2) throw new TinyNetsException($"a spiral needs at least 2 points per arm, got {points} points for {classes} arms");
        Require.NonNegative(noise, "noise");
        var x = new float[perArm * classes * 2];
        var y = new float[perArm * classes];
        for (int j = 0, i = 0; j < classes; j++)
            for (int k = 0; k < perArm; k++, i++)
            {
                double r = (double)k / (perArm - 1);
                double t = 4.0 * j + 4.0 * k / (perArm - 1) + random.Normal(0, noise);
                x[2 * i] = (float)(r * Math.Sin(t));
                x[2 * i + 1] = (float)(r * Math.Cos(t));
                y[i] = j;
            }
        return new Dataset(x, y, featureWidth: 2, targetWidth: 1, classCount: classes);
    }
}
