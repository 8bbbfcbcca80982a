using TinyNets.Randomness;

namespace TinyNets.Data.Generators;

/// <summary>What a generator may be asked for; null means the generator's default.</summary>
public sealed record GeneratorRequest(int? Points = null, int? Classes = null, double? Noise = null, double? Factor = null);

/// <summary>A named data generator with its defaults.</summary>
/// <param name="Classes">Default number of classes; null for a generator whose classes are fixed or that does regression.</param>
/// <param name="FixedClasses">The classes of a binary generator (2), 0 for regression, null when <c>--classes</c> applies.</param>
public sealed record DatasetGenerator(string Name, string Description, int Points, int? Classes, int? FixedClasses, double Noise,
    Func<int, int, double, double, RandomStream, Dataset> Make)
{
    /// <summary>Generates with the request's values where given and the defaults elsewhere; a bad request is a clear error.</summary>
    public Dataset Generate(GeneratorRequest request, RandomStream random)
    {
        if (request.Classes is not null && FixedClasses is not null)
            throw new TinyNetsException(FixedClasses == 0
                ? $"{Name} is a regression data set; --classes does not apply"
                : $"{Name} always has {FixedClasses} classes; --classes does not apply");
        if (request.Factor is not null && Name != "make-circles")
            throw new TinyNetsException($"--factor applies to make-circles only, not to {Name}");
        int points = request.Points ?? Points;
        if (points <= 0) throw new TinyNetsException($"--points must be > 0, got {points}");
        return Make(points, request.Classes ?? Classes ?? FixedClasses ?? 0, request.Noise ?? Noise, request.Factor ?? 0.8, random);
    }
}

/// <summary>The built-in data sets, by the names <c>--dataset</c> and <c>tinynets data</c> take.</summary>
public static class DatasetCatalog
{
    public static readonly DatasetGenerator[] All =
    [
        new("xor", "the four corners of the unit square, label x1 XOR x2, Gaussian noise on the coordinates", 200, null, 2, 0.1,
            (n, k, noise, f, r) => NoisyXor.Generate(n, r, noise)),
        new("gaussians", "Gaussian blobs with centres uniform in (-10, 10)², noise = cluster std (make_blobs)", 500, 5, null, 1.0,
            (n, k, noise, f, r) => Gaussians.Generate(n, k, r, noise)),
        new("spiral", "k spiral arms, angle noise N(0, noise²) (CS231n)", 500, 5, null, 0.2,
            (n, k, noise, f, r) => Spiral.Generate(n, k, r, noise)),
        new("circles", "circles within circles: k concentric rings, radii 0.2, 0.4, ... and 1", 500, 3, null, 0.05,
            (n, k, noise, f, r) => Circles.Generate(n, k, r, noise)),
        new("make-circles", "two rings, the inner of radius factor (make_circles)", 500, null, 2, 0,
            (n, k, noise, f, r) => MakeCircles.Generate(n, r, noise, f)),
        new("moons", "two interleaving half circles (make_moons)", 500, null, 2, 0,
            (n, k, noise, f, r) => Moons.Generate(n, r, noise)),
        new("gaussian-quantiles", "nested shells of a 2-D standard normal, equal-sized (make_gaussian_quantiles)", 500, 3, null, 0,
            (n, k, noise, f, r) => GaussianQuantiles.Generate(n, k, r)),
        new("playground-circle", "TensorFlow Playground's circle: a disc inside a ring", 500, null, 2, 0,
            (n, k, noise, f, r) => Playground.Circle(n, r, noise)),
        new("playground-xor", "TensorFlow Playground's exclusive or: opposite quadrants", 500, null, 2, 0,
            (n, k, noise, f, r) => Playground.Xor(n, r, noise)),
        new("playground-gauss", "TensorFlow Playground's two Gaussians", 500, null, 2, 0,
            (n, k, noise, f, r) => Playground.Gauss(n, r, noise)),
        new("playground-spiral", "TensorFlow Playground's two interleaved spirals", 500, null, 2, 0,
            (n, k, noise, f, r) => Playground.Spiral(n, r, noise)),
        new("plane", "TensorFlow Playground's regression plane: target (x + y) / 10", 500, null, 0, 0,
            (n, k, noise, f, r) => Playground.Plane(n, r, noise)),
        new("multi-gauss", "TensorFlow Playground's regression of six Gaussian bumps", 500, null, 0, 0,
            (n, k, noise, f, r) => Playground.MultiGauss(n, r, noise)),
    ];

    public static IEnumerable<string> Names => All.Select(g => g.Name);

    /// <summary>The generator called <paramref name="name"/>; an unknown name lists the valid ones.</summary>
    public static DatasetGenerator Find(string name) => All.FirstOrDefault(g => g.Name == name)
        ?? throw new TinyNetsException($"unknown dataset '{name}'; expected one of {string.Join(", ", Names)}");

    /// <summary>Generates a named data set from the data stream of <paramref name="seed"/>.</summary>
    public static Dataset Generate(string name, GeneratorRequest request, RunSeed seed) => Find(name).Generate(request, seed.Data());
}
