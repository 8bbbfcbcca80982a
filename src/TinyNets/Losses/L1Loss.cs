namespace TinyNets.Losses;

/// <summary>mean(|p − t|), as <c>nn.L1Loss()</c>; the gradient at p = t is 0, as PyTorch's sign.</summary>
public sealed class L1Loss : Loss
{
    public override string Name => "l1";

    public override float Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, int batch, int width)
    {
        int n = batch * width;
        double sum = 0;
        float scale = 1f / n;
        bool withGrad = !gradient.IsEmpty;
        for (int i = 0; i < n; i++)
        {
            float d = prediction[i] - target[i];
            sum += Math.Abs(d);
            if (withGrad) gradient[i] = scale * Math.Sign(d);
        }
        return (float)(sum / n);
    }
}
