using TinyNets.Randomness;

namespace TinyNets.Data.Generators;

/// <summary>
/// Isotropic Gaussian blobs with scikit-learn's <c>make_blobs</c> semantics: <c>classes</c> centres drawn uniformly in
/// the box [low, high)², <c>points</c> split as evenly as possible among them (the first ones take the remainder),
/// each point its centre plus N(0, std²) noise per coordinate, rows shuffled. Targets are class indices.
/// </summary>
public static class Gaussians
{
    public static Dataset Generate(int points, int classes, RandomStream random, double std = 1.0, double low = -10, double high = 10)
    {
        Require.Positive(points, "points");
        Require.Positive(classes, "classes");
        Require.NonNegative(std, "cluster std");
        var centres = new double[classes * 2];
        for (int i = 0; i < centres.Length; i++) centres[i] = random.Uniform(low, high);
        var labels = new int[points];
        for (int i = 0, c = 0; c < classes; c++)
            for (int k = 0; k < points / classes + (c < points % classes ? 1 : 0); k++) labels[i++] = c;
        random.Shuffle(labels.AsSpan());
        var x = new float[points * 2];
        var y = new float[points];
        for (int i = 0; i < points; i++)
        {
            int c = labels[i];
            x[2 * i] = (float)random.Normal(centres[2 * c], std);
            x[2 * i + 1] = (float)random.Normal(centres[2 * c + 1], std);
            y[i] = c;
        }
        return new Dataset(x, y, featureWidth: 2, targetWidth: 1, classCount: classes);
    }
}
