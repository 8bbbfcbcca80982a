using TinyNets.Randomness;
using Xunit;

namespace TinyNets.Tests.Engine;

public sealed class RandomStreamTests
{
    [Fact]
    public void Same_seed_same_sequence_other_seed_other_sequence()
    {
        ulong[] Draw(ulong seed) { var r = new RandomStream(seed); return Enumerable.Range(0, 8).Select(_ => r.NextUInt64()).ToArray(); }
        Assert.Equal(Draw(42), Draw(42));
        Assert.NotEqual(Draw(42), Draw(43));
    }

    [Fact]
    public void Run_streams_are_independent_of_each_other()
    {
        var seed = new RunSeed(7);
        var firsts = new[] { seed.Init(0), seed.Init(1), seed.Split(), seed.Shuffle(), seed.Dropout(), seed.Data() }
            .Select(s => s.NextUInt64()).ToArray();
        Assert.Equal(firsts.Length, firsts.Distinct().Count());
        Assert.Equal(seed.Init(1).NextUInt64(), new RunSeed(7).Init(1).NextUInt64());
    }

    [Fact]
    public void Uniform_integers_cover_the_range_evenly()
    {
        var r = new RandomStream(1);
        var counts = new int[7];
        for (int i = 0; i < 70_000; i++) counts[r.NextInt(7)]++;
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Fact]
    public void Normal_draws_have_the_asked_mean_and_std()
    {
        var r = new RandomStream(2);
        var v = Enumerable.Range(0, 100_000).Select(_ => r.Normal(1, 2)).ToArray();
        double mean = v.Average();
        Assert.Equal(1, mean, 0.03);
        Assert.Equal(2, Math.Sqrt(v.Average(x => (x - mean) * (x - mean))), 0.03);
    }

    [Fact]
    public void Shuffle_is_a_permutation()
    {
        var items = Enumerable.Range(0, 50).ToArray();
        new RandomStream(3).Shuffle(items.AsSpan());
        Assert.Equal(Enumerable.Range(0, 50), items.Order());
        Assert.NotEqual(Enumerable.Range(0, 50), items);
    }
}
