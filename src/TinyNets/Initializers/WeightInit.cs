using TinyNets.Activations;
using TinyNets.Layers;
using TinyNets.Models;
using TinyNets.Randomness;

namespace TinyNets.Initializers;

/// <summary>
/// Initializes every Linear layer of a model by a named scheme, layer by layer in order, weight before bias.
/// "default" is PyTorch's <c>nn.Linear.reset_parameters</c>: kaiming_uniform(a = √5) weights, i.e. U(±1/√fan_in), and
/// U(±1/√fan_in) biases. Every other scheme sets the weights as named and the biases to zero, as Keras does.
/// </summary>
public static class WeightInit
{
    public static readonly string[] Names = ["default", "xavier-uniform", "xavier-normal", "he-uniform", "he-normal", "orthogonal", "zeros"];

    /// <summary>Initializes <paramref name="model"/>; <paramref name="activation"/> (the hidden activation) sets the He and Xavier gains.</summary>
    public static void Apply(Sequential model, string scheme, RandomStream random, string activation = "relu", double leakySlope = 0.01)
    {
        string gainName = ActivationNames.GainName(activation);
        double? gainParam = gainName == "leaky_relu" ? leakySlope : null;
        Initializer? weights = scheme switch
        {
            "default" => null,
            "xavier-uniform" => new XavierUniform(),
            "xavier-normal" => new XavierNormal(),
            // He initialization for the activation that follows; a linear/sigmoid/tanh net gets the matching gain.
            "he-uniform" => new KaimingUniform(gainParam ?? 0, FanMode.FanIn, gainName),
            "he-normal" => new KaimingNormal(gainParam ?? 0, FanMode.FanIn, gainName),
            "orthogonal" => new Orthogonal(Gain.Calculate(gainName, gainParam)),
            "zeros" => Constant.Zeros,
            _ => throw new TinyNetsException($"unknown init '{scheme}'; expected one of {string.Join(", ", Names)}"),
        };
        foreach (var linear in model.Layers.OfType<Linear>())
        {
            if (weights is null)
                PyTorchDefault(linear, random);
            else
            {
                weights.Fill(linear.Weight, random);
                Constant.Zeros.Fill(linear.Bias, random);
            }
        }
    }

    /// <summary>PyTorch's default for <c>nn.Linear</c>.</summary>
    public static void PyTorchDefault(Linear linear, RandomStream random)
    {
        new KaimingUniform(Math.Sqrt(5)).Fill(linear.Weight, random);
        double bound = 1.0 / Math.Sqrt(linear.InFeatures);
        new Uniform(-bound, bound).Fill(linear.Bias, random);
    }
}
