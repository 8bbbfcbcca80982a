using System.Text.Json.Serialization;

namespace TinyNets.Runs;

/// <summary>
/// <c>summary.json</c> and <c>findings.json</c> through System.Text.Json's source generator. The reflection-based
/// serializer built its metadata on first use: summary.json took about 35 ms of a short <c>tinynets train</c>, 17 ms
/// this way (docs/BENCHMARKS.md). The
/// values are boxed in dictionaries, so every type they hold is listed here.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(Dictionary<string, object?>))]
[JsonSerializable(typeof(Dictionary<string, object?>[]))]
[JsonSerializable(typeof(Dictionary<string, int?>))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(ulong))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(string))]
internal sealed partial class RunJson : JsonSerializerContext;
