namespace TinyNets.Models;

/// <summary>
/// A trainable tensor: its values, the gradient of the last backward pass, and its shape.
/// <see cref="Name"/> is the key of the equivalent <c>torch.nn.Sequential</c> state dict ("0.weight", "2.bias").
/// </summary>
public sealed class Parameter
{
    public Parameter(string name, params int[] shape)
    {
        Name = name;
        Shape = shape;
        int count = 1;
        foreach (int d in shape) count *= d;
        Value = new float[count];
        Grad = new float[count];
    }

    /// <summary>The state-dict key.</summary>
    public string Name { get; internal set; }

    /// <summary>Dimensions, outermost first (a Linear weight is [out, in]).</summary>
    public int[] Shape { get; }

    /// <summary>Values, row-major.</summary>
    public float[] Value { get; }

    /// <summary>Gradient of the loss with respect to <see cref="Value"/>, written by each backward pass.</summary>
    public float[] Grad { get; }

    /// <summary>Number of elements.</summary>
    public int Count => Value.Length;

    /// <summary>The shape as PyTorch prints it, e.g. [4, 2].</summary>
    public string ShapeText => FormatShape(Shape);

    internal static string FormatShape(IReadOnlyList<int> shape) => "[" + string.Join(", ", shape) + "]";
}
