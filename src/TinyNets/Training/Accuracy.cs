using System.Numerics;
using System.Runtime.Intrinsics;
using TinyNets.Losses;

namespace TinyNets.Training;

/// <summary>
/// Counts correctly classified examples. With several outputs the class is the arg-max (of logits or probabilities alike);
/// with one output it is "1" when the output passes 0.5 (probabilities) or 0 (logits). Targets are class indices for
/// cross-entropy, arg-max of one-hot rows otherwise, and 0/1 for one output.
/// </summary>
internal static class Accuracy
{
    /// <summary>Correct examples in a unit-major batch (see <see cref="Loss"/> for the layout), eight at a time.</summary>
    public static int CountCorrect(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, int batch, int width, Loss loss)
    {
        int n = batch;
        bool indices = loss.TargetWidth(width) == 1;
        float threshold = loss.TakesLogits ? 0f : 0.5f;
        int correct = 0, b = 0;
        const int Lanes = 8;
        for (; b + Lanes <= n; b += Lanes)
        {
            Vector256<int> hits;
            if (width == 1)
            {
                var predicted = Vector256.GreaterThanOrEqual(Vector256.Create(prediction.Slice(b, Lanes)), Vector256.Create(threshold));
                var actual = Vector256.GreaterThanOrEqual(Vector256.Create(target.Slice(b, Lanes)), Vector256.Create(0.5f));
                hits = ~(predicted ^ actual).AsInt32();
            }
            else
            {
                var label = indices ? Vector256.ConvertToInt32(Vector256.Create(target.Slice(b, Lanes))) : ArgMax8(target, b, n, width);
                hits = Vector256.Equals(ArgMax8(prediction, b, n, width), label);
            }
            correct += BitOperations.PopCount(hits.ExtractMostSignificantBits());
        }
        for (; b < n; b++)
        {
            bool hit = width == 1
                ? (prediction[b] >= threshold) == (target[b] >= 0.5f)
                : ArgMax(prediction, b, n, width) == (indices ? (int)target[b] : ArgMax(target, b, n, width));
            if (hit) correct++;
        }
        return correct;
    }

    // The first largest, as torch.argmax, for eight examples at once.
    private static Vector256<int> ArgMax8(ReadOnlySpan<float> values, int b, int n, int width)
    {
        var best = Vector256.Create(values.Slice(b, 8));
        var index = Vector256<int>.Zero;
        for (int c = 1; c < width; c++)
        {
            var v = Vector256.Create(values.Slice(c * n + b, 8));
            var greater = Vector256.GreaterThan(v, best);
            best = Vector256.ConditionalSelect(greater, v, best);
            index = Vector256.ConditionalSelect(greater.AsInt32(), Vector256.Create(c), index);
        }
        return index;
    }

    private static int ArgMax(ReadOnlySpan<float> values, int b, int n, int width)
    {
        int best = 0;
        for (int c = 1; c < width; c++)
            if (values[c * n + b] > values[best * n + b]) best = c;
        return best;
    }
}
