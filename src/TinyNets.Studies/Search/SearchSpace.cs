using System.Globalization;
using TinyNets.Randomness;
using TinyNets.Runs;
using TinyNets.Studies.Specs;

namespace TinyNets.Studies.Search;

/// <summary>A point of a search space: each parameter's value label, in the space's order.</summary>
public sealed record Point(IReadOnlyList<KeyValuePair<string, string>> Values)
{
    /// <summary>The configuration's label, <c>lr=0.01, optimizer=adam</c> (<c>base</c> for an empty space).</summary>
    public override string ToString() => Values.Count == 0 ? "base" : string.Join(", ", Values.Select(v => $"{v.Key}={v.Value}"));
}

/// <summary>Enumerates (grid) or draws (random) the points of a stage's space, and applies a point to a run configuration.</summary>
public static class SearchSpace
{
    /// <summary>Grid points per range when the range gives no count.</summary>
    public const int DefaultCount = 3;

    /// <summary>Every combination, the first parameter varying slowest.</summary>
    public static IReadOnlyList<Point> Grid(IReadOnlyList<ParameterSpec> space)
    {
        IEnumerable<IEnumerable<KeyValuePair<string, string>>> points = [[]];
        foreach (var p in space)
        {
            var labels = Labels(p);
            points = points.SelectMany(prefix => labels.Select(l => prefix.Append(new KeyValuePair<string, string>(p.Name, l))));
        }
        return points.Select(p => new Point(p.ToArray())).ToArray();
    }

    /// <summary><paramref name="count"/> points drawn from <paramref name="random"/>; repeats are drawn again (up to a limit, for small spaces).</summary>
    public static IReadOnlyList<Point> Random(IReadOnlyList<ParameterSpec> space, int count, RandomStream random)
    {
        var points = new List<Point>();
        var seen = new HashSet<string>();
        for (int tries = 0; points.Count < count && tries < count * 20; tries++)
        {
            var point = new Point(space.Select(p => new KeyValuePair<string, string>(p.Name, p switch
            {
                ChoiceSpec c => c.Choices[random.NextInt(c.Choices.Count)].Label,
                RangeSpec r => Label(r, r.Log ? Math.Exp(random.Uniform(Math.Log(r.Min), Math.Log(r.Max))) : random.Uniform(r.Min, r.Max)),
                _ => throw new InvalidOperationException(p.GetType().Name),
            })).ToArray());
            if (seen.Add(point.ToString())) points.Add(point);
        }
        return points;
    }

    /// <summary>Sets the run keys of each value of <paramref name="values"/>, looking each parameter up in <paramref name="spaces"/>.</summary>
    public static RunConfig Apply(RunConfig config, IEnumerable<KeyValuePair<string, string>> values, IEnumerable<ParameterSpec> spaces)
    {
        var all = spaces.ToArray();
        foreach (var (name, label) in values)
        {
            var p = all.First(s => s.Name == name);
            config = p switch
            {
                ChoiceSpec c => c.Choices.First(ch => ch.Label == label).Apply(config),
                RangeSpec r => r.Apply(config, double.Parse(label, CultureInfo.InvariantCulture)),
                _ => throw new InvalidOperationException(p.GetType().Name),
            };
        }
        return config;
    }

    private static IReadOnlyList<string> Labels(ParameterSpec p) => p switch
    {
        ChoiceSpec c => c.Choices.Select(ch => ch.Label).ToArray(),
        RangeSpec r => Enumerable.Range(0, r.Count ?? DefaultCount).Select(i =>
        {
            int n = r.Count ?? DefaultCount;
            double t = n == 1 ? 0.5 : i / (double)(n - 1);
            return Label(r, r.Log ? Math.Exp(Math.Log(r.Min) + t * (Math.Log(r.Max) - Math.Log(r.Min))) : r.Min + t * (r.Max - r.Min));
        }).Distinct().ToArray(),
        _ => throw new InvalidOperationException(p.GetType().Name),
    };

    /// <summary>Values print with 4 significant digits (0.0031623, not 0.0031622776601683794): labels stay readable and grid points exact.</summary>
    private static string Label(RangeSpec r, double value) =>
        r.Integer ? Math.Round(value).ToString(CultureInfo.InvariantCulture) : double.Parse(value.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
}
