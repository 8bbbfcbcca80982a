using TinyNets.Kernels;

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

    // Per-example scratch (maximum, Σ exp, Σ logits, log Z) and one row, sized to the largest batch seen.
    private float[] _scratch = [];

    // Unit-major logits (class c of example b at c·n + b): every pass runs along the batch, class by class, so each
    // example still sums its classes in order; the exponentials are vector ones (Kernels.Exponentials).
    public override float Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, int batch, int width)
    {
        int n = batch;
        for (int b = 0; b < n; b++)
        {
            int label = (int)target[b];
            if ((uint)label >= (uint)width || label != target[b])
                throw new ArgumentException($"class index {target[b]} is out of range for {width} classes");
        }
        if (_scratch.Length < 5 * n) _scratch = new float[5 * n];
        Span<float> max = _scratch.AsSpan(0, n), expSum = _scratch.AsSpan(n, n), logitSum = _scratch.AsSpan(2 * n, n);
        Span<float> logZ = _scratch.AsSpan(3 * n, n), row = _scratch.AsSpan(4 * n, n);
        prediction.Slice(0, n).CopyTo(max);
        for (int c = 1; c < width; c++) Elementwise.MaxInto(prediction.Slice(c * n, n), max);
        expSum.Clear();
        logitSum.Clear();
        for (int c = 0; c < width; c++)
        {
            var x = prediction.Slice(c * n, n);
            Exponentials.ExpDifference(x, max, row);
            Elementwise.AddInto(row, expSum);
            Elementwise.AddInto(x, logitSum);
        }
        float eps = LabelSmoothing;
        double sum = 0;
        for (int b = 0; b < n; b++)
        {
            logZ[b] = max[b] + MathF.Log(expSum[b]);
            float nll = logZ[b] - prediction[(int)target[b] * n + b];
            float smooth = logZ[b] - logitSum[b] / width;   // mean over classes of −log p_c
            sum += (1f - eps) * nll + eps * smooth;
        }
        if (!gradient.IsEmpty)
        {
            // (p − ε/C − [c = label](1 − ε)) / n, p = e^(x − log Z)
            var g = gradient.Slice(0, width * n);
            for (int c = 0; c < width; c++) Exponentials.ExpDifference(prediction.Slice(c * n, n), logZ, g.Slice(c * n, n));
            float offset = eps / width, scale = 1f / n;
            for (int i = 0; i < g.Length; i++) g[i] -= offset;
            for (int b = 0; b < n; b++) g[(int)target[b] * n + b] -= 1f - eps;
            for (int i = 0; i < g.Length; i++) g[i] *= scale;
        }
        return (float)(sum / n);
    }
}
