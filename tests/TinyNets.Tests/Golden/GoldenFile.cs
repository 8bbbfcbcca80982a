using System.Text.Json;
using TinyNets.Losses;
using TinyNets.Models;
using TinyNets.Serialization;

namespace TinyNets.Tests.Golden;

/// <summary>The fixtures PyTorch computed (tests/fixtures/generate_golden.py), loaded once.</summary>
internal static class GoldenFile
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "golden.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    public static JsonElement Section(string name) => Root.GetProperty(name);

    public static IEnumerable<object[]> Indices(string section) =>
        Enumerable.Range(0, Section(section).GetArrayLength()).Select(i => new object[] { i });

    public static float[] Floats(this JsonElement e) => e.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();

    public static int[] Ints(this JsonElement e) => e.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;

    public static Dictionary<string, NamedTensor> Tensors(this JsonElement e) =>
        e.EnumerateObject().ToDictionary(p => p.Name,
            p => new NamedTensor(p.Name, p.Value.GetProperty("shape").Ints(), p.Value.GetProperty("data").Floats()));

    /// <summary>The model a fixture describes, with the fixture's parameters loaded.</summary>
    public static Sequential Model(this JsonElement e, string parametersProperty)
    {
        var model = new ModelSpec(e.GetProperty("sizes").Ints(), e.Str("activation"), e.Str("output")).Build();
        StateDict.Load(model, e.GetProperty(parametersProperty).Tensors());
        return model;
    }

    public static Loss Loss(string name, JsonElement? args = null) => LossNames.Create(name,
        huberDelta: args?.TryGetProperty("delta", out var d) == true ? d.GetDouble() : 1.0,
        labelSmoothing: args?.TryGetProperty("label_smoothing", out var s) == true ? s.GetDouble() : 0);
}
