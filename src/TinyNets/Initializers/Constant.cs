using TinyNets.Randomness;

namespace TinyNets.Initializers;

/// <summary>Every value set to <paramref name="Value"/>, as <c>nn.init.constant_</c>; <c>Constant(0)</c> is <c>zeros_</c>.</summary>
public sealed record Constant(double Value) : Initializer
{
    public static Constant Zeros { get; } = new(0);

    public override void Fill(Span<float> values, int fanIn, int fanOut, RandomStream random) => values.Fill((float)Value);
}
