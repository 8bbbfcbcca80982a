namespace TinyNets.Losses;

/// <summary>
/// Sigmoid and binary cross-entropy in one, on logits, as <c>nn.BCEWithLogitsLoss()</c>, in its stable form
/// (1 − t)·x + m + log(e^(−m) + e^(−x−m)) with m = max(−x, 0). The fused gradient (σ(x) − t) / n is exact.
/// </summary>
public sealed class BinaryCrossEntropyWithLogits : Loss
{
    public override string Name => "bce-logits";

    public override bool TakesLogits => true;

    public override float Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, int batch, int width)
    {
        int n = batch * width;
        double sum = 0;
        float scale = 1f / n;
        bool withGrad = !gradient.IsEmpty;
        for (int i = 0; i < n; i++)
        {
            float x = prediction[i], t = target[i];
            float m = Math.Max(-x, 0f);
            sum += (1f - t) * x + m + MathF.Log(MathF.Exp(-m) + MathF.Exp(-x - m));
            if (withGrad) gradient[i] = scale * (1f / (1f + MathF.Exp(-x)) - t);
        }
        return (float)(sum / n);
    }
}
