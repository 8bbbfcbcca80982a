namespace TinyNets.Training;

/// <summary>How the trainer walks through the data, with the defaults of a PyTorch <c>DataLoader</c> loop.</summary>
public sealed record TrainerOptions
{
    /// <summary>Rows per step; the last batch of an epoch keeps the remainder (PyTorch's drop_last=False).</summary>
    public int BatchSize { get; init => field = Require.Positive(value, "batch size"); } = 32;

    public int Epochs { get; init => field = Require.Positive(value, "epochs"); } = 100;

    /// <summary>Reshuffle the training rows every epoch; off, rows are taken in order.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Clip the global gradient norm to this value before every optimizer step (<c>clip_grad_norm_</c>); null for none.</summary>
    public double? ClipGradNorm { get; init => field = value is null ? null : Require.Positive(value.Value, "clip grad norm"); }
}
