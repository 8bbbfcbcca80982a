using TinyNets.Models;

namespace TinyNets.Optimizers;

/// <summary>Gradient clipping, as <c>torch.nn.utils.clip_grad_norm_</c>.</summary>
public static class GradientClipping
{
    /// <summary>
    /// The L2 norm of all gradients taken together; when it exceeds <paramref name="maxNorm"/>, every gradient is
    /// scaled by maxNorm / (norm + 1e−6). Returns the norm before clipping.
    /// </summary>
    public static float ClipByGlobalNorm(ReadOnlySpan<Parameter> parameters, double maxNorm)
    {
        double sumSquares = 0;
        for (int p = 0; p < parameters.Length; p++)
        {
            float norm = MathF.Sqrt(Kernels.Elementwise.SumOfSquares(parameters[p].Grad));
            sumSquares += (double)norm * norm;
        }
        float total = (float)Math.Sqrt(sumSquares);
        float coefficient = (float)(maxNorm / (total + 1e-6));
        if (coefficient < 1f)
            for (int p = 0; p < parameters.Length; p++) Kernels.Elementwise.Scale(parameters[p].Grad, coefficient);
        return total;
    }
}
