using TinyNets.Randomness;

namespace TinyNets.Initializers;

/// <summary>Which fan Kaiming initialization preserves: the forward pass's variance (fan_in) or the backward pass's (fan_out).</summary>
public enum FanMode { FanIn, FanOut }

/// <summary>
/// He et al. (2015), "Delving Deep into Rectifiers": U(−b, b) with b = √3·gain/√fan, gain = calculate_gain(nonlinearity, a),
/// as <c>nn.init.kaiming_uniform_</c> (defaults a = 0, fan_in, leaky_relu).
/// </summary>
public sealed record KaimingUniform(double A = 0, FanMode Mode = FanMode.FanIn, string Nonlinearity = "leaky_relu") : Initializer
{
    public override void Fill(Span<float> values, int fanIn, int fanOut, RandomStream random)
    {
        double std = Gain.Calculate(Nonlinearity, A) / Math.Sqrt(Mode == FanMode.FanIn ? fanIn : fanOut);
        double bound = Math.Sqrt(3.0) * std;
        FillUniform(values, -bound, bound, random);
    }
}

/// <summary>He et al. (2015): N(0, std²) with std = gain/√fan, as <c>nn.init.kaiming_normal_</c>.</summary>
public sealed record KaimingNormal(double A = 0, FanMode Mode = FanMode.FanIn, string Nonlinearity = "leaky_relu") : Initializer
{
    public override void Fill(Span<float> values, int fanIn, int fanOut, RandomStream random) =>
        FillNormal(values, 0, Gain.Calculate(Nonlinearity, A) / Math.Sqrt(Mode == FanMode.FanIn ? fanIn : fanOut), random);
}
