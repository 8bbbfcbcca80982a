using TinyNets.Models;
using TinyNets.Randomness;

namespace TinyNets.Initializers;

/// <summary>
/// Fills a tensor with starting values, as the functions of <c>torch.nn.init</c>. Fans follow PyTorch:
/// for a weight [out, in], fan_in = in and fan_out = out; a 1-D tensor has fan_in = fan_out = its length.
/// </summary>
public abstract record Initializer
{
    /// <summary>Fills <paramref name="values"/>, a tensor of shape [fanOut, fanIn], drawing from <paramref name="random"/>.</summary>
    public abstract void Fill(Span<float> values, int fanIn, int fanOut, RandomStream random);

    /// <summary>Fills a parameter using its shape to find the fans.</summary>
    public void Fill(Parameter parameter, RandomStream random)
    {
        var (fanIn, fanOut) = Fans(parameter.Shape);
        Fill(parameter.Value, fanIn, fanOut, random);
    }

    /// <summary>PyTorch's <c>_calculate_fan_in_and_fan_out</c> for 1-D and 2-D tensors.</summary>
    public static (int FanIn, int FanOut) Fans(IReadOnlyList<int> shape) => shape.Count switch
    {
        1 => (shape[0], shape[0]),
        2 => (shape[1], shape[0]),
        _ => throw new ArgumentException($"fans are defined for 1-D and 2-D tensors, got shape {Parameter.FormatShape(shape)}"),
    };

    protected static void FillUniform(Span<float> values, double low, double high, RandomStream random)
    {
        for (int i = 0; i < values.Length; i++) values[i] = (float)random.Uniform(low, high);
    }

    protected static void FillNormal(Span<float> values, double mean, double std, RandomStream random)
    {
        for (int i = 0; i < values.Length; i++) values[i] = (float)random.Normal(mean, std);
    }
}
