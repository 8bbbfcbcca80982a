using System.Runtime.Intrinsics;
using TinyNets.Kernels;
using Xunit;

namespace TinyNets.Tests.Engine;

/// <summary>
/// A tensor's last partial vector: the optimizers load it with zeros in the unused lanes and store only its own lanes,
/// so the memory just past a small tensor (the next array in the heap) is never read into a result nor written.
/// </summary>
public sealed class SimdTests
{
    [Fact]
    public void A_partial_store_writes_exactly_its_lanes_at_every_count_and_offset()
    {
        var value = Vector256.Create(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f);
        for (int offset = 0; offset < 3; offset++)
            for (int count = 0; count <= 8; count++)
            {
                var memory = Enumerable.Repeat(-9f, 20).ToArray();
                Simd.Store<Simd256, Vector256<float>>(value, ref memory[0], offset, count);
                var expected = Enumerable.Range(0, 20).Select(i => i >= offset && i < offset + count ? i - offset + 1f : -9f);
                Assert.Equal(expected, memory);
            }
    }

    [Fact]
    public void A_partial_load_reads_its_lanes_and_zeros()
    {
        var memory = Enumerable.Range(1, 20).Select(i => (float)i).ToArray();
        for (int offset = 0; offset < 3; offset++)
            for (int count = 1; count <= 8; count++)
            {
                var v = Simd.Load<Simd256, Vector256<float>>(ref memory[0], offset, count);
                Assert.Equal(Enumerable.Range(0, 8).Select(i => i < count ? offset + i + 1f : 0f), Enumerable.Range(0, 8).Select(i => v[i]));
            }
    }

    [Fact]
    public void Four_sums_add_in_the_documented_order_at_both_widths()
    {
        var random = new Random(7);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2e3 - 1e3) * (random.Next(2) == 0 ? 1e-4f : 1f)).ToArray();
        for (int trial = 0; trial < 50; trial++)
        {
            float[][] wide = [Values(16), Values(16), Values(16), Values(16)];
            var sums = Simd.Sums<Simd512, Vector512<float>>(Vector512.Create(wide[0]), Vector512.Create(wide[1]), Vector512.Create(wide[2]), Vector512.Create(wide[3]));
            for (int i = 0; i < 4; i++) Assert.Equal(InOrder(wide[i]), sums[i]);

            float[][] narrow = [Values(8), Values(8), Values(8), Values(8)];
            sums = Simd.Sums<Simd256, Vector256<float>>(Vector256.Create(narrow[0]), Vector256.Create(narrow[1]), Vector256.Create(narrow[2]), Vector256.Create(narrow[3]));
            var padded = Simd.Sums<Simd512, Vector512<float>>(Vector512.Create(Vector256.Create(narrow[0]), default), Vector512.Create(Vector256.Create(narrow[1]), default),
                Vector512.Create(Vector256.Create(narrow[2]), default), Vector512.Create(Vector256.Create(narrow[3]), default));
            for (int i = 0; i < 4; i++)
            {
                Assert.Equal(InOrder(narrow[i]), sums[i]);
                Assert.Equal(sums[i], padded[i]);   // a tensor of up to eight values sums alike at either width
            }
        }
    }

    // The upper half onto the lower until four lanes are left, then (0 + 1) + (2 + 3), in float.
    private static float InOrder(float[] lanes)
    {
        var v = lanes;
        while (v.Length > 4) v = Enumerable.Range(0, v.Length / 2).Select(i => v[i] + v[i + v.Length / 2]).ToArray();
        return v[0] + v[1] + (v[2] + v[3]);
    }
}
