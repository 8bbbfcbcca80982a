using System.Globalization;
using TinyNets.Activations;
using TinyNets.Layers;

namespace TinyNets.Models;

/// <summary>
/// A multilayer perceptron in a line: every layer size, input and output included (<c>2,4,12,4,5</c>), one activation
/// after every hidden Linear, an optional output activation, and optional dropout after each hidden activation.
/// </summary>
public sealed record ModelSpec
{
    public ModelSpec(IReadOnlyList<int> sizes, string activation = "relu", string output = "none", double dropout = 0, double leakySlope = 0.01)
    {
        if (sizes.Count < 2) throw new TinyNetsException($"layers need at least an input and an output size, got '{string.Join(",", sizes)}'");
        foreach (int s in sizes)
            if (s <= 0) throw new TinyNetsException($"layer sizes must be > 0, got '{string.Join(",", sizes)}'");
        if (!ActivationNames.All.Contains(activation) || activation == "softmax")
            throw new TinyNetsException($"unknown hidden activation '{activation}'; expected one of {string.Join(", ", ActivationNames.All.Where(a => a != "softmax"))}");
        if (output != "none" && !ActivationNames.All.Contains(output))
            throw new TinyNetsException($"unknown output activation '{output}'; expected none or one of {string.Join(", ", ActivationNames.All)}");
        if (!(dropout >= 0 && dropout < 1)) throw new TinyNetsException($"dropout must be in [0, 1), got {dropout}");
        Sizes = sizes.ToArray();
        Activation = activation;
        Output = output;
        Dropout = dropout;
        LeakySlope = leakySlope;
    }

    public IReadOnlyList<int> Sizes { get; }
    public string Activation { get; }

    /// <summary>The output activation, or "none" for raw outputs (logits).</summary>
    public string Output { get; }
    public double Dropout { get; }
    public double LeakySlope { get; }

    /// <summary>Parses a size list such as <c>2,4,12,4,5</c>.</summary>
    public static int[] ParseSizes(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] <= 0)
                throw new TinyNetsException($"layer sizes must be positive integers separated by commas, like 2,4,12,4,5; got '{text}'");
        return sizes;
    }

    /// <summary>The layers, in <c>torch.nn.Sequential</c> order, with all parameters zero.</summary>
    public Sequential Build()
    {
        var layers = new List<Layer>();
        for (int i = 0; i + 1 < Sizes.Count; i++)
        {
            layers.Add(new Linear(Sizes[i], Sizes[i + 1]));
            bool hidden = i + 2 < Sizes.Count;
            if (hidden)
            {
                layers.Add(ActivationNames.Create(Activation, LeakySlope));
                if (Dropout > 0) layers.Add(new Dropout(Dropout));
            }
            else if (Output != "none")
            {
                layers.Add(ActivationNames.Create(Output, LeakySlope));
            }
        }
        return new Sequential(layers);
    }
}
