using TinyNets.Randomness;

namespace TinyNets.Initializers;

/// <summary>U(low, high), as <c>nn.init.uniform_</c> (default U(0, 1)).</summary>
public sealed record Uniform(double Low = 0, double High = 1) : Initializer
{
    public override void Fill(Span<float> values, int fanIn, int fanOut, RandomStream random)
    {
        if (!(High >= Low)) throw new TinyNetsException($"uniform init needs low <= high, got ({Low}, {High})");
        FillUniform(values, Low, High, random);
    }
}
