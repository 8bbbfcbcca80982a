using TinyNets.Models;

namespace TinyNets.Serialization;

/// <summary>
/// A model's parameters as the state dict of the equivalent <c>torch.nn.Sequential</c>, so that
/// <c>model.load_state_dict(safetensors.torch.load_file(path))</c> works in PyTorch, and back.
/// </summary>
public static class StateDict
{
    /// <summary>Copies of every parameter, keyed as in PyTorch.</summary>
    public static IReadOnlyList<NamedTensor> Of(Sequential model) =>
        model.Parameters.Select(p => new NamedTensor(p.Name, (int[])p.Shape.Clone(), (float[])p.Value.Clone())).ToArray();

    /// <summary>Writes the model's weights as a safetensors file (atomically).</summary>
    public static void Save(Sequential model, string path, IReadOnlyDictionary<string, string>? metadata = null, bool durable = true) =>
        SafeTensors.Save(path, Of(model), metadata, durable);

    /// <summary>Loads weights from a safetensors file into <paramref name="model"/>.</summary>
    public static void Load(Sequential model, string path) => Load(model, SafeTensors.Load(path).Tensors, path);

    /// <summary>
    /// Copies tensors into the model's parameters. Every key must match (PyTorch's strict loading): a missing or
    /// unexpected key, or a shape mismatch, is an error naming the key and both shapes; nothing is changed then.
    /// </summary>
    public static void Load(Sequential model, IReadOnlyDictionary<string, NamedTensor> tensors, string source = "state dict")
    {
        var expected = model.Parameters.Select(p => p.Name).ToHashSet();
        var unexpected = tensors.Keys.Where(k => !expected.Contains(k)).Order(StringComparer.Ordinal).ToArray();
        if (unexpected.Length > 0)
            throw new TinyNetsException($"{source}: unexpected key(s) {string.Join(", ", unexpected.Select(k => $"'{k}'"))}; the model has {string.Join(", ", expected)}");
        foreach (var p in model.Parameters)
        {
            if (!tensors.TryGetValue(p.Name, out var t))
                throw new TinyNetsException($"{source}: missing key '{p.Name}' (shape {p.ShapeText})");
            if (!t.Shape.SequenceEqual(p.Shape))
                throw new TinyNetsException($"{source}: key '{p.Name}' has shape {Parameter.FormatShape(t.Shape)} in the file, {p.ShapeText} in the model");
        }
        foreach (var p in model.Parameters) tensors[p.Name].Data.CopyTo(p.Value, 0);
    }
}
