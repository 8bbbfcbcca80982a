using TinyNets.Data;
using TinyNets.Data.Generators;
using TinyNets.Randomness;
using Xunit;

namespace TinyNets.Tests.Data;

/// <summary>Each generator's statistics (balance, radii, centres, label rules) and its determinism per seed.</summary>
public sealed class GeneratorTests
{
    public static IEnumerable<object[]> Names => DatasetCatalog.Names.Select(n => new object[] { n });

    private static Dataset Make(string name, int? points = null, int? classes = null, double? noise = null, ulong seed = 3) =>
        DatasetCatalog.Generate(name, new GeneratorRequest(points, classes, noise), new RunSeed(seed));

    private static (double X, double Y) Point(Dataset d, int r) => (d.FeatureRow(r)[0], d.FeatureRow(r)[1]);

    [Theory]
    [MemberData(nameof(Names))]
    public void Same_seed_same_data_other_seed_other_data(string name)
    {
        var a = Make(name, noise: name.StartsWith("playground") || name is "plane" or "multi-gauss" ? 0.2 : null);
        var b = Make(name, noise: name.StartsWith("playground") || name is "plane" or "multi-gauss" ? 0.2 : null);
        var c = Make(name, noise: name.StartsWith("playground") || name is "plane" or "multi-gauss" ? 0.2 : null, seed: 4);
        Assert.Equal(a.Features, b.Features);
        Assert.Equal(a.Targets, b.Targets);
        Assert.NotEqual(a.Features, c.Features);
        Assert.All(a.Features, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(2, a.FeatureWidth);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Asked_points_are_given(string name) => Assert.Equal(name == "spiral" ? 120 : 123, Make(name, points: 123, classes: name == "spiral" ? 5 : null).Rows);

    [Fact]
    public void Xor_labels_are_the_exclusive_or_of_the_nearest_corner()
    {
        var d = Make("xor", points: 400);
        Assert.Equal([200, 200], d.ClassCounts());
        for (int r = 0; r < d.Rows; r++)
        {
            var (x, y) = Point(d, r);
            int a = x > 0.5 ? 1 : 0, b = y > 0.5 ? 1 : 0;
            Assert.Equal(a ^ b, (int)d.Targets[r]);   // noise 0.1: 5 std from the middle line
        }
    }

    [Fact]
    public void Gaussians_are_balanced_blobs_of_the_asked_std_inside_the_box()
    {
        var d = Make("gaussians", points: 5000, classes: 5, noise: 0.5);
        Assert.All(d.ClassCounts(), c => Assert.Equal(1000, c));
        for (int c = 0; c < 5; c++)
        {
            var rows = Enumerable.Range(0, d.Rows).Where(r => d.Targets[r] == c).Select(r => Point(d, r)).ToArray();
            double mx = rows.Average(p => p.X), my = rows.Average(p => p.Y);
            Assert.InRange(mx, -10.1, 10.1);
            Assert.InRange(my, -10.1, 10.1);
            double std = Math.Sqrt(rows.Average(p => (p.X - mx) * (p.X - mx)));
            Assert.Equal(0.5, std, 0.05);
        }
    }

    [Fact]
    public void Spiral_arms_grow_from_the_centre_to_radius_one()
    {
        var d = Make("spiral", points: 300, classes: 3, noise: 0);
        Assert.Equal([100, 100, 100], d.ClassCounts());
        for (int arm = 0; arm < 3; arm++)
        {
            var (x0, y0) = Point(d, arm * 100);
            var (x1, y1) = Point(d, arm * 100 + 99);
            Assert.Equal(0, Math.Sqrt(x0 * x0 + y0 * y0), 6);
            Assert.Equal(1, Math.Sqrt(x1 * x1 + y1 * y1), 5);
            // Without noise the angle is linspace(4j, 4(j + 1)): the last point sits at angle 4(j + 1).
            Assert.Equal(Math.Sin(4.0 * (arm + 1)), x1, 5);
        }
    }

    [Fact]
    public void Circles_within_circles_have_radii_02_04_and_1()
    {
        var d = Make("circles", points: 3000, classes: 3, noise: 0.01);
        Assert.All(d.ClassCounts(), c => Assert.Equal(1000, c));
        double[] expected = [0.2, 0.4, 1.0];
        for (int r = 0; r < d.Rows; r++)
        {
            var (x, y) = Point(d, r);
            Assert.Equal(expected[(int)d.Targets[r]], Math.Sqrt(x * x + y * y), 1);
        }
    }

    [Fact]
    public void Make_circles_and_moons_follow_scikit_learn()
    {
        var circles = DatasetCatalog.Generate("make-circles", new GeneratorRequest(200, Factor: 0.5), new RunSeed(1));
        Assert.Equal([100, 100], circles.ClassCounts());
        for (int r = 0; r < circles.Rows; r++)
        {
            var (x, y) = Point(circles, r);
            Assert.Equal(circles.Targets[r] == 0 ? 1.0 : 0.5, Math.Sqrt(x * x + y * y), 5);
        }
        var moons = Make("moons", points: 201);
        Assert.Equal([100, 101], moons.ClassCounts());
        for (int r = 0; r < moons.Rows; r++)
        {
            var (x, y) = Point(moons, r);
            if (moons.Targets[r] == 0) Assert.Equal(1, Math.Sqrt(x * x + y * y), 5);             // upper half circle
            else Assert.Equal(1, Math.Sqrt((x - 1) * (x - 1) + (y - 0.5) * (y - 0.5)), 5);     // lower, shifted to (1, 0.5)
        }
    }

    [Fact]
    public void Gaussian_quantiles_are_nested_equal_shells()
    {
        var d = Make("gaussian-quantiles", points: 900, classes: 3);
        Assert.All(d.ClassCounts(), c => Assert.Equal(300, c));
        double MaxRadius(int c) => Enumerable.Range(0, d.Rows).Where(r => d.Targets[r] == c).Max(r => Math.Sqrt(Point(d, r).X * Point(d, r).X + Point(d, r).Y * Point(d, r).Y));
        double MinRadius(int c) => Enumerable.Range(0, d.Rows).Where(r => d.Targets[r] == c).Min(r => Math.Sqrt(Point(d, r).X * Point(d, r).X + Point(d, r).Y * Point(d, r).Y));
        Assert.True(MaxRadius(0) <= MinRadius(1));
        Assert.True(MaxRadius(1) <= MinRadius(2));
    }

    [Fact]
    public void Playground_circle_without_noise_is_a_disc_inside_a_ring()
    {
        var d = Make("playground-circle", points: 400, noise: 0);
        Assert.Equal([200, 200], d.ClassCounts());
        for (int r = 0; r < d.Rows; r++)
        {
            var (x, y) = Point(d, r);
            double radius = Math.Sqrt(x * x + y * y);
            if (d.Targets[r] == 1) Assert.InRange(radius, 0, 2.5); else Assert.InRange(radius, 3.5, 5);
        }
    }

    [Fact]
    public void Playground_noise_flips_labels_of_circle_and_xor_but_not_points()
    {
        var clean = Make("playground-xor", points: 1000, noise: 0);
        for (int r = 0; r < clean.Rows; r++)
            Assert.Equal(Point(clean, r).X * Point(clean, r).Y >= 0 ? 1 : 0, (int)clean.Targets[r]);
        var noisy = Make("playground-xor", points: 1000, noise: 0.5);
        int wrong = Enumerable.Range(0, noisy.Rows).Count(r => (Point(noisy, r).X * Point(noisy, r).Y >= 0 ? 1 : 0) != (int)noisy.Targets[r]);
        Assert.InRange(wrong, 50, 450);
        Assert.All(Enumerable.Range(0, noisy.Rows), r => Assert.True(Math.Abs(Point(noisy, r).X) >= 0.3));   // points keep their padding
    }

    [Fact]
    public void Playground_gauss_centres_and_spiral_radius()
    {
        var g = Make("playground-gauss", points: 2000, noise: 0);
        double cx = Enumerable.Range(0, g.Rows).Where(r => g.Targets[r] == 1).Average(r => Point(g, r).X);
        Assert.Equal(2, cx, 0.1);
        double std = Math.Sqrt(Enumerable.Range(0, g.Rows).Where(r => g.Targets[r] == 1).Average(r => (Point(g, r).X - cx) * (Point(g, r).X - cx)));
        Assert.Equal(Math.Sqrt(0.5), std, 0.05);
        var s = Make("playground-spiral", points: 500, noise: 0);
        Assert.All(Enumerable.Range(0, s.Rows), r => Assert.InRange(Math.Sqrt(Point(s, r).X * Point(s, r).X + Point(s, r).Y * Point(s, r).Y), 0, 5));
    }

    [Fact]
    public void Regression_sets_compute_their_targets()
    {
        var plane = Make("plane", points: 300, noise: 0);
        Assert.False(plane.IsClassification);
        for (int r = 0; r < plane.Rows; r++)
            Assert.Equal((Point(plane, r).X + Point(plane, r).Y) / 10, plane.Targets[r], 5);
        var bumps = Make("multi-gauss", points: 300, noise: 0);
        Assert.All(bumps.Targets, t => Assert.InRange(t, -1, 1));
        Assert.Contains(bumps.Targets, t => t > 0.3);
        Assert.Contains(bumps.Targets, t => t < -0.3);
    }

    [Fact]
    public void Bad_requests_are_clear_errors()
    {
        Assert.Contains("always has 2 classes", Assert.Throws<TinyNetsException>(() => Make("moons", classes: 3)).Message);
        Assert.Contains("regression", Assert.Throws<TinyNetsException>(() => Make("plane", classes: 3)).Message);
        Assert.Contains("[0, 0.5]", Assert.Throws<TinyNetsException>(() => Make("playground-circle", noise: 0.9)).Message);
        Assert.Contains("--points must be > 0", Assert.Throws<TinyNetsException>(() => Make("xor", points: 0)).Message);
        Assert.Contains("expected one of xor, gaussians", Assert.Throws<TinyNetsException>(() => Make("mnist")).Message);
        Assert.Contains("make-circles only", Assert.Throws<TinyNetsException>(() =>
            DatasetCatalog.Generate("moons", new GeneratorRequest(Factor: 0.3), new RunSeed(1))).Message);
    }
}
