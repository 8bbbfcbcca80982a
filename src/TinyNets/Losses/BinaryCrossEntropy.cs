namespace TinyNets.Losses;

/// <summary>
/// −mean(t·log p + (1 − t)·log(1 − p)) on probabilities, as <c>nn.BCELoss()</c>: each log is clamped at −100 so p = 0
/// or 1 gives a finite loss, and the gradient (p − t) / max(p(1 − p), 1e−12) uses PyTorch's epsilon.
/// </summary>
public sealed class BinaryCrossEntropy : Loss
{
    public override string Name => "bce";

    public override float Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, int batch, int width)
    {
        int n = batch * width;
        double sum = 0;
        float scale = 1f / n;
        bool withGrad = !gradient.IsEmpty;
        for (int i = 0; i < n; i++)
        {
            float p = prediction[i], t = target[i];
            float logP = Math.Max(MathF.Log(p), -100f);
            float log1mP = Math.Max(MathF.Log(1f - p), -100f);
            sum += (t - 1f) * log1mP - t * logP;
            if (withGrad) gradient[i] = scale * (p - t) / Math.Max((1f - p) * p, 1e-12f);
        }
        return (float)(sum / n);
    }
}
