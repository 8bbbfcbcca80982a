using TinyNets.Randomness;

namespace TinyNets.Initializers;

/// <summary>
/// Saxe et al. (2013), "Exact solutions to the nonlinear dynamics of learning in deep linear neural networks":
/// the Q factor of a standard normal matrix, sign-corrected so the draw is uniform over orthogonal matrices, times gain,
/// as <c>nn.init.orthogonal_</c>. Rows are orthonormal when out ≤ in, columns otherwise.
/// </summary>
public sealed record Orthogonal(double Gain = 1.0) : Initializer
{
    public override void Fill(Span<float> values, int fanIn, int fanOut, RandomStream random)
    {
        int rows = fanOut, cols = values.Length / Math.Max(fanOut, 1);
        bool transpose = rows < cols;
        int m = transpose ? cols : rows, n = transpose ? rows : cols;   // m ≥ n: orthonormalize n columns of length m
        var a = new double[m * n];
        for (int i = 0; i < a.Length; i++) a[i] = random.Normal();

        // Householder QR would also do; modified Gram–Schmidt in double is exact enough for these sizes,
        // and its R has a positive diagonal, which is the sign correction PyTorch applies.
        for (int j = 0; j < n; j++)
        {
            for (int k = 0; k < j; k++)
            {
                double dot = 0;
                for (int i = 0; i < m; i++) dot += a[i * n + j] * a[i * n + k];
                for (int i = 0; i < m; i++) a[i * n + j] -= dot * a[i * n + k];
            }
            double norm = 0;
            for (int i = 0; i < m; i++) norm += a[i * n + j] * a[i * n + j];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < m; i++) a[i * n + j] /= norm;
        }

        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                values[r * cols + c] = (float)(Gain * (transpose ? a[c * n + r] : a[r * n + c]));
    }
}
