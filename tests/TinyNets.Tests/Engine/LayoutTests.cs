using TinyNets.Kernels;
using Xunit;

namespace TinyNets.Tests.Engine;

/// <summary>
/// The transpose against the definition, at sizes that exercise its 16 × 16 tiles, the 8 × 8 register blocks inside
/// them and every kind of edge. <c>test.sh</c> runs these again without AVX, for the element-by-element path.
/// </summary>
public sealed class LayoutTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 4)]
    [InlineData(8, 8)]
    [InlineData(7, 9)]
    [InlineData(9, 17)]
    [InlineData(16, 16)]
    [InlineData(24, 40)]
    [InlineData(64, 64)]
    [InlineData(33, 5)]
    [InlineData(50, 784)]
    public void Transpose_puts_each_value_where_the_definition_says(int rows, int cols) => Check(rows, cols);

    [Fact]
    public void Transpose_is_right_at_every_shape_up_to_40_by_40()
    {
        for (int rows = 0; rows <= 40; rows++)
            for (int cols = 0; cols <= 40; cols++)
                Check(rows, cols);
    }

    private static void Check(int rows, int cols)
    {
        float[] src = Enumerable.Range(0, rows * cols).Select(i => (float)i).ToArray();
        float[] dst = new float[rows * cols + 3];
        Array.Fill(dst, -1f);
        Layout.Transpose(src, dst, rows, cols);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                if (dst[c * rows + r] != src[r * cols + c])
                    Assert.Fail($"{rows} x {cols}: [{r}, {c}] went to the wrong place");
        Assert.Equal([-1f, -1f, -1f], dst[^3..]);   // nothing written past the matrix
    }
}
