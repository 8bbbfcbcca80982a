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
}
