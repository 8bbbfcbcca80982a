using System.Numerics.Tensors;
using TinyNets.Losses;

namespace TinyNets.Training;

/// <summary>
/// Counts correctly classified rows. With several outputs the class is the arg-max (of logits or probabilities alike);
/// with one output it is "1" when the output passes 0.5 (probabilities) or 0 (logits). Targets are class indices for
/// cross-entropy, arg-max of one-hot rows otherwise, and 0/1 for one output.
/// </summary>
internal static class Accuracy
{
    public static int CountCorrect(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, int batch, int width, Loss loss)
    {
        int targetWidth = loss.TargetWidth(width);
        float threshold = loss.TakesLogits ? 0f : 0.5f;
        int correct = 0;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> p = prediction.Slice(b * width, width);
            ReadOnlySpan<float> t = target.Slice(b * targetWidth, targetWidth);
            bool hit = width == 1
                ? (p[0] >= threshold) == (t[0] >= 0.5f)
                : TensorPrimitives.IndexOfMax(p) == (targetWidth == 1 ? (int)t[0] : TensorPrimitives.IndexOfMax(t));
            if (hit) correct++;
        }
        return correct;
    }
}
