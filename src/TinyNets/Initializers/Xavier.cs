using TinyNets.Randomness;

namespace TinyNets.Initializers;

/// <summary>
/// Glorot &amp; Bengio (2010), "Understanding the difficulty of training deep feedforward neural networks":
/// U(−a, a) with a = gain·√(6 / (fan_in + fan_out)), as <c>nn.init.xavier_uniform_</c>.
/// </summary>
public sealed record XavierUniform(double Gain = 1.0) : Initializer
{
    public override void Fill(Span<float> values, int fanIn, int fanOut, RandomStream random)
    {
        double bound = Gain * Math.Sqrt(6.0 / (fanIn + fanOut));
        FillUniform(values, -bound, bound, random);
    }
}

/// <summary>Glorot &amp; Bengio (2010): N(0, std²) with std = gain·√(2 / (fan_in + fan_out)), as <c>nn.init.xavier_normal_</c>.</summary>
public sealed record XavierNormal(double Gain = 1.0) : Initializer
{
    public override void Fill(Span<float> values, int fanIn, int fanOut, RandomStream random) =>
        FillNormal(values, 0, Gain * Math.Sqrt(2.0 / (fanIn + fanOut)), random);
}
