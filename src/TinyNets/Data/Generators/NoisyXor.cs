using TinyNets.Randomness;

namespace TinyNets.Data.Generators;

/// <summary>
/// The XOR problem with noise: points spread evenly over the four corners of the unit square (the first corners
/// take the remainder), label x1 XOR x2 of the corner, each coordinate moved by N(0, noise²).
/// </summary>
public static class NoisyXor
{
    public static Dataset Generate(int points, RandomStream random, double noise = 0.1)
    {
        Require.Positive(points, "points");
        Require.NonNegative(noise, "noise");
        var x = new float[points * 2];
        var y = new float[points];
        for (int i = 0; i < points; i++)
        {
            int corner = i % 4, a = corner >> 1, b = corner & 1;
            x[2 * i] = (float)(a + random.Normal(0, noise));
            x[2 * i + 1] = (float)(b + random.Normal(0, noise));
            y[i] = a ^ b;
        }
        return new Dataset(x, y, featureWidth: 2, targetWidth: 1, classCount: 2);
    }
}
