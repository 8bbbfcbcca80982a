namespace TinyNets.Losses;

/// <summary>mean((p − t)²), as <c>nn.MSELoss()</c>.</summary>
public sealed class MeanSquaredError : Loss
{
    public override string Name => "mse";

    public override float Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, int batch, int width)
    {
        int n = batch * width;
        double sum = 0;
        float scale = 2f / n;
        bool withGrad = !gradient.IsEmpty;
        for (int i = 0; i < n; i++)
        {
            float d = prediction[i] - target[i];
            sum += d * d;
            if (withGrad) gradient[i] = scale * d;
        }
        return (float)(sum / n);
    }
}
