namespace TinyNets.Data;

/// <summary>The four points of the XOR problem, targets 0/1 in one column.</summary>
public static class Xor
{
    /// <summary>(0,0)→0, (0,1)→1, (1,0)→1, (1,1)→0.</summary>
    public static Dataset FourPoints() =>
        new([0, 0, 0, 1, 1, 0, 1, 1], [0, 1, 1, 0], featureWidth: 2, targetWidth: 1, classCount: 2);
}
