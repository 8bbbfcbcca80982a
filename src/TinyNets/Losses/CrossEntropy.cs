namespace TinyNets.Losses;

/// <summary>
/// Log-softmax and negative log-likelihood in one, on logits with one class index per row, as
/// <c>nn.CrossEntropyLoss(label_smoothing=ε)</c>: per row (1 − ε)·(−log p_t) + ε·mean_c(−log p_c), averaged over rows.
/// The fused gradient (softmax − (1 − ε)·onehot − ε/C) / batch is exact.
/// </summary>
public sealed class CrossEntropy : Loss
{
    public CrossEntropy(double labelSmoothing = 0)
    {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new TinyNetsException($"label_smoothing must be in [0, 1], got {labelSmoothing}");
        LabelSmoothing = (float)labelSmoothing;
    }

    public float LabelSmoothing { get; }

    public override string Name => "cross-entropy";

    public override bool TakesLogits => true;

    public override int TargetWidth(int outputWidth) => 1;

    public override float Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, int batch, int width)
    {
        int n = batch;
        double sum = 0;
        float eps = LabelSmoothing, scale = 1f / n;
        bool withGrad = !gradient.IsEmpty;
        for (int b = 0; b < n; b++)
        {
            int label = (int)target[b];
            if ((uint)label >= (uint)width || label != target[b])
                throw new ArgumentException($"class index {target[b]} is out of range for {width} classes");
            float max = float.NegativeInfinity;
            for (int c = 0; c < width; c++) max = Math.Max(max, prediction[c * n + b]);
            float expSum = 0f, logitSum = 0f;
            for (int c = 0; c < width; c++)
            {
                float x = prediction[c * n + b];
                expSum += MathF.Exp(x - max);
                logitSum += x;
            }
            float logZ = max + MathF.Log(expSum);
            float nll = logZ - prediction[label * n + b];
            float smooth = logZ - logitSum / width;   // mean over classes of −log p_c
            sum += (1f - eps) * nll + eps * smooth;
            if (withGrad)
                for (int c = 0; c < width; c++)
                {
                    float p = MathF.Exp(prediction[c * n + b] - logZ);
                    gradient[c * n + b] = scale * (p - eps / width - (c == label ? 1f - eps : 0f));
                }
        }
        return (float)(sum / n);
    }
}
