namespace TinyNets.Initializers;

/// <summary>The recommended gain for a nonlinearity, as <c>torch.nn.init.calculate_gain</c>.</summary>
public static class Gain
{
    /// <summary>Names <see cref="Calculate"/> accepts.</summary>
    public static readonly string[] Nonlinearities = ["linear", "identity", "sigmoid", "tanh", "relu", "leaky_relu", "selu", "gelu"];

    /// <summary>
    /// linear, identity and sigmoid: 1; tanh: 5/3; relu: √2; leaky_relu: √(2 / (1 + slope²)) with slope 0.01 unless given;
    /// selu: 3/4. GELU has no entry in PyTorch; TinyNets uses relu's √2, its nearest relative.
    /// </summary>
    public static double Calculate(string nonlinearity, double? param = null) => nonlinearity switch
    {
        "linear" or "identity" or "sigmoid" => 1.0,
        "tanh" => 5.0 / 3.0,
        "relu" or "gelu" => Math.Sqrt(2.0),
        "leaky_relu" => Math.Sqrt(2.0 / (1.0 + Math.Pow(param ?? 0.01, 2))),
        "selu" => 3.0 / 4.0,
        _ => throw new TinyNetsException($"unknown nonlinearity '{nonlinearity}'; expected one of {string.Join(", ", Nonlinearities)}"),
    };
}
