using TinyNets.Randomness;

namespace TinyNets.Initializers;

/// <summary>N(mean, std²), as <c>nn.init.normal_</c> (default N(0, 1)).</summary>
public sealed record Normal(double Mean = 0, double Std = 1) : Initializer
{
    public override void Fill(Span<float> values, int fanIn, int fanOut, RandomStream random)
    {
        Require.NonNegative(Std, "std");
        FillNormal(values, Mean, Std, random);
    }
}
