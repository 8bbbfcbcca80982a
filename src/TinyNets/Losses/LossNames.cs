namespace TinyNets.Losses;

/// <summary>Losses by the names the command line and configs use.</summary>
public static class LossNames
{
    public static readonly string[] All = ["mse", "l1", "huber", "bce", "bce-logits", "cross-entropy"];

    /// <summary>A new loss; an unknown name is an error listing the valid ones.</summary>
    public static Loss Create(string name, double huberDelta = 1.0, double labelSmoothing = 0) => name switch
    {
        "mse" => new MeanSquaredError(),
        "l1" => new L1Loss(),
        "huber" => new HuberLoss(huberDelta),
        "bce" => new BinaryCrossEntropy(),
        "bce-logits" => new BinaryCrossEntropyWithLogits(),
        "cross-entropy" => new CrossEntropy(labelSmoothing),
        _ => throw new TinyNetsException($"unknown loss '{name}'; expected one of {string.Join(", ", All)}"),
    };
}
