namespace TinyNets.Losses;

/// <summary>
/// Quadratic within delta of the target and linear beyond, as <c>nn.HuberLoss(delta)</c>:
/// ½d² if |d| &lt; δ, else δ(|d| − ½δ); mean over elements.
/// </summary>
public sealed class HuberLoss : Loss
{
    public HuberLoss(double delta = 1.0) => Delta = (float)Require.Positive(delta, "delta");

    public float Delta { get; }

    public override string Name => "huber";

    public override float Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, int batch, int width)
    {
        int n = batch * width;
        double sum = 0;
        float scale = 1f / n;
        bool withGrad = !gradient.IsEmpty;
        for (int i = 0; i < n; i++)
        {
            float d = prediction[i] - target[i];
            float a = Math.Abs(d);
            sum += a < Delta ? 0.5f * d * d : Delta * (a - 0.5f * Delta);
            if (withGrad) gradient[i] = scale * Math.Clamp(d, -Delta, Delta);
        }
        return (float)(sum / n);
    }
}
