namespace TinyNets.Randomness;

/// <summary>
/// One run seed and the independent streams derived from it, so that changing how the data is split
/// does not change the initial weights, and attempt k of a restart gets an init stream of its own.
/// </summary>
public sealed record RunSeed(ulong Value)
{
    private const ulong InitLabel = 1, SplitLabel = 2, ShuffleLabel = 3, DropoutLabel = 4, DataLabel = 5;

    /// <summary>The stream that initializes the weights of attempt <paramref name="attempt"/> (0 for the first).</summary>
    public RandomStream Init(int attempt = 0) => RandomStream.Derive(Value, InitLabel, (ulong)attempt);

    /// <summary>The stream that splits data into train, validation and test rows.</summary>
    public RandomStream Split() => RandomStream.Derive(Value, SplitLabel);

    /// <summary>The stream that shuffles training rows each epoch of attempt <paramref name="attempt"/>.</summary>
    public RandomStream Shuffle(int attempt = 0) => RandomStream.Derive(Value, ShuffleLabel, (ulong)attempt);

    /// <summary>The stream that draws dropout masks in attempt <paramref name="attempt"/>.</summary>
    public RandomStream Dropout(int attempt = 0) => RandomStream.Derive(Value, DropoutLabel, (ulong)attempt);

    /// <summary>The stream that generates a synthetic dataset.</summary>
    public RandomStream Data() => RandomStream.Derive(Value, DataLabel);
}
