using TinyNets.Layers;

namespace TinyNets.Activations;

/// <summary>Activations by the names the command line, configs and <c>model.json</c> use.</summary>
public static class ActivationNames
{
    /// <summary>Every name <see cref="Create"/> accepts.</summary>
    public static readonly string[] All = ["relu", "leaky-relu", "tanh", "sigmoid", "gelu", "identity", "softmax"];

    /// <summary>A new activation layer; an unknown name is an error listing the valid ones.</summary>
    public static Layer Create(string name, double leakySlope = 0.01) => name switch
    {
        "relu" => new ReLU(),
        "leaky-relu" => new LeakyReLU(leakySlope),
        "tanh" => new Tanh(),
        "sigmoid" => new Sigmoid(),
        "gelu" => new GELU(),
        "identity" => new Identity(),
        "softmax" => new Softmax(),
        _ => throw new TinyNetsException($"unknown activation '{name}'; expected one of {string.Join(", ", All)}"),
    };

    /// <summary>The name <c>calculate_gain</c> uses for an activation.</summary>
    internal static string GainName(string name) => name switch
    {
        "leaky-relu" => "leaky_relu",
        "softmax" => "linear",
        _ => name,
    };
}
