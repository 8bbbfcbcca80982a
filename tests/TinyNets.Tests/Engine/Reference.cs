using TinyNets.Kernels;

namespace TinyNets.Tests.Engine;

/// <summary>
/// A second, deliberately plain implementation of the forward computations in double precision, written from the
/// formulas and sharing no code with the engine (except erf, checked against tabulated values on its own).
/// Finite differences of these functions are the independent truth for the engine's float32 gradients.
/// </summary>
internal static class Reference
{
    public static double[] Activation(string name, double[] x, int batch, int width)
    {
        var y = new double[x.Length];
        if (name == "softmax")
        {
            for (int b = 0; b < batch; b++)
            {
                double max = double.NegativeInfinity, sum = 0;
                for (int c = 0; c < width; c++) max = Math.Max(max, x[b * width + c]);
                for (int c = 0; c < width; c++) sum += Math.Exp(x[b * width + c] - max);
                for (int c = 0; c < width; c++) y[b * width + c] = Math.Exp(x[b * width + c] - max) / sum;
            }
            return y;
        }
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            y[i] = name switch
            {
                "relu" => v > 0 ? v : 0,
                "leaky-relu" => v > 0 ? v : 0.01 * v,
                "tanh" => Math.Tanh(v),
                "sigmoid" => 1 / (1 + Math.Exp(-v)),
                "gelu" => 0.5 * v * (1 + SpecialFunctions.Erf(v / Math.Sqrt(2))),
                "identity" => v,
                _ => throw new ArgumentException(name),
            };
        }
        return y;
    }

    public static double[] Linear(double[] x, double[] w, double[] bias, int batch, int inWidth, int outWidth)
    {
        var y = new double[batch * outWidth];
        for (int b = 0; b < batch; b++)
            for (int o = 0; o < outWidth; o++)
            {
                double s = bias[o];
                for (int i = 0; i < inWidth; i++) s += x[b * inWidth + i] * w[o * inWidth + i];
                y[b * outWidth + o] = s;
            }
        return y;
    }

    public static double Loss(string name, double[] p, double[] t, int batch, int width, double delta = 1.0, double smoothing = 0)
    {
        double sum = 0;
        switch (name)
        {
            case "cross-entropy":
                for (int b = 0; b < batch; b++)
                {
                    double max = double.NegativeInfinity, z = 0;
                    for (int c = 0; c < width; c++) max = Math.Max(max, p[b * width + c]);
                    for (int c = 0; c < width; c++) z += Math.Exp(p[b * width + c] - max);
                    double logZ = max + Math.Log(z);
                    double nll = logZ - p[b * width + (int)t[b]], mean = 0;
                    for (int c = 0; c < width; c++) mean += (logZ - p[b * width + c]) / width;
                    sum += (1 - smoothing) * nll + smoothing * mean;
                }
                return sum / batch;
            default:
                for (int i = 0; i < p.Length; i++)
                {
                    double d = p[i] - t[i];
                    sum += name switch
                    {
                        "mse" => d * d,
                        "l1" => Math.Abs(d),
                        "huber" => Math.Abs(d) < delta ? 0.5 * d * d : delta * (Math.Abs(d) - 0.5 * delta),
                        "bce" => -(t[i] * Math.Log(p[i]) + (1 - t[i]) * Math.Log(1 - p[i])),
                        "bce-logits" => -(t[i] * Math.Log(1 / (1 + Math.Exp(-p[i]))) + (1 - t[i]) * Math.Log(1 - 1 / (1 + Math.Exp(-p[i])))),
                        _ => throw new ArgumentException(name),
                    };
                }
                return sum / p.Length;
        }
    }

    /// <summary>Central difference (f(x + h) − f(x − h)) / 2h of <paramref name="f"/> in every coordinate of <paramref name="x"/>.</summary>
    public static double[] Gradient(double[] x, Func<double[], double> f, double h = 1e-6)
    {
        var g = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double keep = x[i];
            x[i] = keep + h;
            double up = f(x);
            x[i] = keep - h;
            double down = f(x);
            x[i] = keep;
            g[i] = (up - down) / (2 * h);
        }
        return g;
    }

    public static double[] ToDouble(float[] v) => v.Select(f => (double)f).ToArray();

    public static float[] ToFloat(double[] v) => v.Select(d => (float)d).ToArray();
}
