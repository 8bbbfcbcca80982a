using TinyNets.Randomness;

namespace TinyNets.Data.Generators;

/// <summary>
/// The six data sets of TensorFlow Playground (its <c>dataset.ts</c>), noise in [0, 0.5] as its slider. For circle, xor
/// and the two regressions the noise moves the point at which the label is decided, not the point itself; for spiral
/// and the two Gaussians it moves the points. Classes: Playground's +1 is class 1, its −1 class 0.
/// </summary>
public static class Playground
{
    private static void CheckNoise(double noise)
    {
        if (!(noise >= 0 && noise <= 0.5)) throw new TinyNetsException($"Playground noise must be in [0, 0.5], got {noise}");
    }

    /// <summary>A disc of class 1 (radius 2.5) inside a ring of class 0 (radius 3.5 to 5).</summary>
    public static Dataset Circle(int points, RandomStream random, double noise = 0)
    {
        CheckNoise(noise);
        const double Radius = 5;
        var rows = new List<(double, double, int)>(points);
        for (int i = 0; i < points; i++)
        {
            bool inside = i < points / 2;
            double r = inside ? random.Uniform(0, Radius * 0.5) : random.Uniform(Radius * 0.7, Radius);
            double angle = random.Uniform(0, 2 * Math.PI);
            double x = r * Math.Sin(angle), y = r * Math.Cos(angle);
            double nx = random.Uniform(-Radius, Radius) * noise, ny = random.Uniform(-Radius, Radius) * noise;
            rows.Add((x, y, Math.Sqrt((x + nx) * (x + nx) + (y + ny) * (y + ny)) < Radius * 0.5 ? 1 : 0));
        }
        return Classes(rows);
    }

    /// <summary>Quadrants: class 1 where x·y ≥ 0; points kept 0.3 away from the axes.</summary>
    public static Dataset Xor(int points, RandomStream random, double noise = 0)
    {
        CheckNoise(noise);
        const double Padding = 0.3;
        var rows = new List<(double, double, int)>(points);
        for (int i = 0; i < points; i++)
        {
            double x = random.Uniform(-5, 5), y = random.Uniform(-5, 5);
            x += x > 0 ? Padding : -Padding;
            y += y > 0 ? Padding : -Padding;
            double nx = random.Uniform(-5, 5) * noise, ny = random.Uniform(-5, 5) * noise;
            rows.Add((x, y, (x + nx) * (y + ny) >= 0 ? 1 : 0));
        }
        return Classes(rows);
    }

    /// <summary>Two Gaussians at (2, 2) (class 1) and (−2, −2) (class 0), variance 0.5 + 7·noise.</summary>
    public static Dataset Gauss(int points, RandomStream random, double noise = 0)
    {
        CheckNoise(noise);
        double std = Math.Sqrt(0.5 + noise * (4 - 0.5) / 0.5);
        var rows = new List<(double, double, int)>(points);
        for (int i = 0; i < points; i++)
        {
            bool positive = i < points / 2;
            double c = positive ? 2 : -2;
            rows.Add((random.Normal(c, std), random.Normal(c, std), positive ? 1 : 0));
        }
        return Classes(rows);
    }

    /// <summary>Two interleaved spiral arms of 1.75 turns out to radius 5, points moved by U(−1, 1)·noise.</summary>
    public static Dataset Spiral(int points, RandomStream random, double noise = 0)
    {
        CheckNoise(noise);
        int n = points / 2;
        var rows = new List<(double, double, int)>(points);
        foreach (var (deltaT, label, count) in new[] { (0.0, 1, n), (Math.PI, 0, points - n) })
            for (int i = 0; i < count; i++)
            {
                double r = (double)i / count * 5;
                double t = 1.75 * i / count * 2 * Math.PI + deltaT;
                rows.Add((r * Math.Sin(t) + random.Uniform(-1, 1) * noise, r * Math.Cos(t) + random.Uniform(-1, 1) * noise, label));
            }
        return Classes(rows);
    }

    /// <summary>Regression: target (x + y) / 10 on the square [−6, 6]².</summary>
    public static Dataset Plane(int points, RandomStream random, double noise = 0) =>
        Regression(points, random, noise, (x, y) => (x + y) / 10);

    /// <summary>Regression: six Gaussian bumps of alternating sign; the target is the strongest bump at the point.</summary>
    public static Dataset MultiGauss(int points, RandomStream random, double noise = 0)
    {
        (double X, double Y, double Sign)[] bumps = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)];
        return Regression(points, random, noise, (x, y) =>
        {
            double label = 0;
            foreach (var (cx, cy, sign) in bumps)
            {
                double distance = Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy));
                double value = sign * Math.Clamp(1 - distance / 2, 0, 1);   // d3 linear [0, 2] → [1, 0], clamped
                if (Math.Abs(value) > Math.Abs(label)) label = value;
            }
            return label;
        });
    }

    private static Dataset Regression(int points, RandomStream random, double noise, Func<double, double, double> label)
    {
        CheckNoise(noise);
        const double Radius = 6;
        var x = new float[points * 2];
        var y = new float[points];
        for (int i = 0; i < points; i++)
        {
            double px = random.Uniform(-Radius, Radius), py = random.Uniform(-Radius, Radius);
            double nx = random.Uniform(-Radius, Radius) * noise, ny = random.Uniform(-Radius, Radius) * noise;
            x[2 * i] = (float)px;
            x[2 * i + 1] = (float)py;
            y[i] = (float)label(px + nx, py + ny);
        }
        return new Dataset(x, y, featureWidth: 2, targetWidth: 1, targetNames: ["target"]);
    }

    private static Dataset Classes(List<(double X, double Y, int Label)> rows)
    {
        var x = new float[rows.Count * 2];
        var y = new float[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            x[2 * i] = (float)rows[i].X;
            x[2 * i + 1] = (float)rows[i].Y;
            y[i] = rows[i].Label;
        }
        return new Dataset(x, y, featureWidth: 2, targetWidth: 1, classCount: 2);
    }
}
