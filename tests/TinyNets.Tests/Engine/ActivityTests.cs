using TinyNets.Kernels;
using Xunit;

namespace TinyNets.Tests.Engine;

/// <summary>The recorder's one-pass layer statistics against a plain loop, for batch sizes around the vector width.</summary>
public sealed class ActivityTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(4, 4)]   // xor's hidden layer
    [InlineData(5, 4)]
    [InlineData(7, 9)]
    [InlineData(8, 12)]
    [InlineData(13, 5)]
    [InlineData(64, 7)]
    public void Sums_dead_units_and_saturation_equal_a_plain_loop(int n, int units)
    {
        var random = new Random(n * 100 + units);
        var y = new float[n * units];
        for (int u = 0; u < units; u++)
            for (int r = 0; r < n; r++)
                // Every third unit never fires (≤ 0 for the whole batch); the others sometimes do, sometimes saturate.
                y[u * n + r] = u % 3 == 0 ? -(float)random.NextDouble() : (float)(random.NextDouble() * 1.2 - 0.1);
        y[1 * n + n - 1] = 0.995f;   // a saturated value in a unit's last element (the scalar tail when n % 8 != 0)

        var (sum, squares, dead, outside) = Statistics.Activity(y, n, countDead: true, countOutside: true, 0.01f, 0.99f);

        Assert.Equal(y.Sum(v => (double)v), sum, 1e-4);
        Assert.Equal(y.Sum(v => (double)v * v), squares, 1e-4);
        Assert.Equal(Enumerable.Range(0, units).Count(u => y.Skip(u * n).Take(n).All(v => v <= 0)), dead);
        Assert.Equal(y.Count(v => v < 0.01f || v > 0.99f), outside);
        Assert.Equal(0, Statistics.Activity(y, n, countDead: true, countOutside: false).Outside);
        Assert.Equal(0, Statistics.Activity(y, n, countDead: false, countOutside: true, 0.01f, 0.99f).DeadUnits);
    }

    /// <summary>The dead-unit scan stops at a unit's first value above 0, in its vector part or in its scalar tail.</summary>
    [Theory]
    [InlineData(-1, true)]   // no value above 0
    [InlineData(0, false)]   // the first value of the vector part
    [InlineData(5, false)]   // within the vector part
    [InlineData(16, false)]   // the scalar tail
    [InlineData(18, false)]   // the unit's last value
    public void A_unit_is_dead_only_if_none_of_its_values_is_above_zero(int firing, bool dead)
    {
        const int n = 19;
        var y = new float[3 * n];
        for (int i = 0; i < y.Length; i++) y[i] = i < n || i >= 2 * n ? 1f : -0.5f;   // units 0 and 2 fire throughout
        if (firing >= 0) y[n + firing] = 1e-30f;
        Assert.Equal(dead ? 1 : 0, Statistics.Activity(y, n, countDead: true, countOutside: false).DeadUnits);
        y[n + 7] = float.NaN;   // a NaN in the vector part keeps the unit alive too
        Assert.Equal(0, Statistics.Activity(y, n, countDead: true, countOutside: false).DeadUnits);
    }

    [Fact]
    public void A_nan_keeps_a_unit_alive_and_an_empty_batch_has_no_units()
    {
        float[] y = [-1f, float.NaN, -2f, -3f];
        Assert.Equal(1, Statistics.Activity(y, 2, countDead: true, countOutside: false).DeadUnits);
        Assert.Equal((0.0, 0.0, 0, 0), Statistics.Activity([], 0, countDead: true, countOutside: true, 0, 1));
    }
}
