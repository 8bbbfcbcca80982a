using TinyNets.Losses;

namespace TinyNets.Training;

/// <summary>
/// Counts correctly classified rows. With several outputs the class is the arg-max (of logits or probabilities alike);
/// with one output it is "1" when the output passes 0.5 (probabilities) or 0 (logits). Targets are class indices for
/// cross-entropy, arg-max of one-hot rows otherwise, and 0/1 for one output.
/// </summary>
internal static class Accuracy
{
    /// <summary>Correct examples in a unit-major batch (see <see cref="Loss"/> for the layout).</summary>
    public static int CountCorrect(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, int batch, int width, Loss loss)
    {
        int n = batch;
        bool indices = loss.TargetWidth(width) == 1;
        float threshold = loss.TakesLogits ? 0f : 0.5f;
        int correct = 0;
        for (int b = 0; b < n; b++)
        {
            bool hit = width == 1
                ? (prediction[b] >= threshold) == (target[b] >= 0.5f)
                : ArgMax(prediction, b, n, width) == (indices ? (int)target[b] : ArgMax(target, b, n, width));
            if (hit) correct++;
        }
        return correct;
    }

    // The first largest, as torch.argmax.
    private static int ArgMax(ReadOnlySpan<float> values, int b, int n, int width)
    {
        int best = 0;
        for (int c = 1; c < width; c++)
            if (values[c * n + b] > values[best * n + b]) best = c;
        return best;
    }
}
