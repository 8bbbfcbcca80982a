using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TinyNets.Kernels;

/// <summary>
/// One vector width, so a kernel is written once and compiled for 256- and 512-bit registers: the JIT specializes
/// generic methods over struct type arguments and inlines these static calls. Some cores run 512-bit FMAs at twice
/// the 256-bit rate (this project's benchmark machine does), others split them in two.
/// </summary>
internal interface ISimd<TVector> where TVector : struct
{
    static abstract int Lanes { get; }
    static abstract TVector Zero { get; }
    static abstract TVector Broadcast(float value);
    static abstract TVector Load(ref float source, int offset);
    static abstract void Store(TVector value, ref float destination, int offset);
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector addend);
    static abstract TVector Add(TVector a, TVector b);
    static abstract TVector Subtract(TVector a, TVector b);
    static abstract TVector Multiply(TVector a, TVector b);
    static abstract TVector Divide(TVector a, TVector b);
    static abstract TVector Sqrt(TVector value);
    static abstract TVector Max(TVector a, TVector b);
    static abstract float Sum(TVector value);
    /// <summary>Adds the halves down to four lanes whose sum is the vector's sum (the start of a horizontal sum).</summary>
    static abstract Vector128<float> Fold(TVector value);
    /// <summary>The first <paramref name="count"/> values from <paramref name="offset"/>, zeros in the other lanes;
    /// nothing past them is read, so a tensor's last partial vector needs no scalar loop.</summary>
    static abstract TVector LoadFirst(ref float source, int offset, int count);
    /// <summary>Stores the first <paramref name="count"/> lanes; the memory past them is left alone.</summary>
    static abstract void StoreFirst(TVector value, ref float destination, int offset, int count);
    /// <summary>The first <paramref name="count"/> lanes of <paramref name="value"/>, zeros in the others.</summary>
    static abstract TVector KeepFirst(TVector value, int count);
}

/// <summary>The vector width the kernels use on this machine.</summary>
internal static class Simd
{
    public static readonly bool Wide = Vector512.IsHardwareAccelerated;

    /// <summary>Whether a pass over a tensor of <paramref name="length"/> values takes 512-bit vectors: not when one
    /// 256-bit vector holds it, whose partial load, store and final sums are shorter (xor's SGD step with the recorder's
    /// statistics on Zen 5: 47 ns at 512 bits, 30-33 at 256, in benchmarks/ SmallStepBenchmarks; docs/BENCHMARKS.md). The values are
    /// the same bits either way (<see cref="Sums"/> adds eight lanes alike at both widths).</summary>
    public static bool WideFor(int length) => Wide && length > Vector256<float>.Count;

    /// <summary>
    /// The sums of four vectors' lanes at once, as lanes 0-3: three horizontal adds for all four, where four separate
    /// horizontal sums of 512-bit vectors take about a hundred instructions (the optimizers' statistics per tensor, and
    /// four dot products at once in a narrow layer's weight gradient). Each vector's upper half is added onto its lower
    /// until four lanes remain, then (0 + 1) + (2 + 3): so up to eight values sum to the same bits in a 256- or a 512-bit
    /// vector.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sums<S, V>(V a, V b, V c, V d) where S : ISimd<V> where V : struct
    {
        Vector128<float> fa = S.Fold(a), fb = S.Fold(b), fc = S.Fold(c), fd = S.Fold(d);
        if (Sse3.IsSupported) return Sse3.HorizontalAdd(Sse3.HorizontalAdd(fa, fb), Sse3.HorizontalAdd(fc, fd));
        return Vector128.Create(Vector128.Sum(fa), Vector128.Sum(fb), Vector128.Sum(fc), Vector128.Sum(fd));
    }

    /// <summary>Without masked loads (cores without AVX): the first values through a zeroed buffer.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static V LoadFirstPortable<V>(ref float source, int count) where V : struct
    {
        Span<float> buffer = stackalloc float[16];
        buffer.Clear();
        MemoryMarshal.CreateReadOnlySpan(ref source, count).CopyTo(buffer);
        return Unsafe.ReadUnaligned<V>(ref Unsafe.As<float, byte>(ref buffer[0]));
    }

    /// <summary>Without masked stores: the vector into a buffer, then its first values.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void StoreFirstPortable<V>(V value, ref float destination, int count) where V : struct
    {
        Span<float> buffer = stackalloc float[16];
        Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref buffer[0]), value);
        buffer[..count].CopyTo(MemoryMarshal.CreateSpan(ref destination, count));
    }

    /// <summary>A whole vector from <paramref name="offset"/>, or its first <paramref name="count"/> lanes when fewer remain.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Load<S, V>(ref float source, int offset, int count) where S : ISimd<V> where V : struct =>
        count == S.Lanes ? S.Load(ref source, offset) : S.LoadFirst(ref source, offset, count);

    /// <summary>Stores a whole vector, or its first <paramref name="count"/> lanes when fewer remain.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<S, V>(V value, ref float destination, int offset, int count) where S : ISimd<V> where V : struct
    {
        if (count == S.Lanes) S.Store(value, ref destination, offset);
        else S.StoreFirst(value, ref destination, offset, count);
    }
}

internal readonly struct Simd256 : ISimd<Vector256<float>>
{
    public static int Lanes => Vector256<float>.Count;
    public static Vector256<float> Zero => Vector256<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Broadcast(float value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(ref float source, int offset) => Vector256.LoadUnsafe(ref source, (nuint)offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<float> value, ref float destination, int offset) => value.StoreUnsafe(ref destination, (nuint)offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> addend) => Vector256.FusedMultiplyAdd(a, b, addend);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Divide(Vector256<float> a, Vector256<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Sqrt(Vector256<float> value) => Vector256.Sqrt(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Max(Vector256<float> a, Vector256<float> b) => Vector256.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector256<float> value) => Vector256.Sum(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Fold(Vector256<float> value) => value.GetLower() + value.GetUpper();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static Vector256<float> Mask(int count) => Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> KeepFirst(Vector256<float> value, int count) => value & Mask(count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector256<float> LoadFirst(ref float source, int offset, int count)
    {
        if (Avx.IsSupported)
            fixed (float* p = &Unsafe.Add(ref source, offset)) return Avx.MaskLoad(p, Mask(count));
        return Simd.LoadFirstPortable<Vector256<float>>(ref Unsafe.Add(ref source, offset), count);
    }

    /// <remarks>Four, two and one lanes at a time rather than a masked store: AVX's masked store (vmaskmovps) is
    /// microcoded on AMD cores before Zen 3, and the optimizers store every small tensor's last
    /// vector this way: xor's SGD step with momentum (four small tensors) took 106 ns alone and 54 ns after, though in
    /// a whole training step, where other work overlaps it, the gain is 1-2% (docs/BENCHMARKS.md).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreFirst(Vector256<float> value, ref float destination, int offset, int count)
    {
        ref float d = ref Unsafe.Add(ref destination, offset);
        var part = value.GetLower();
        if ((count & 4) != 0)
        {
            part.StoreUnsafe(ref d);
            d = ref Unsafe.Add(ref d, 4);
            part = value.GetUpper();
        }
        if ((count & 2) != 0)
        {
            Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref d), part.AsDouble().ToScalar());
            d = ref Unsafe.Add(ref d, 2);
            part = Vector128.Shuffle(part, Vector128.Create(2, 3, 2, 3));
        }
        if ((count & 1) != 0) d = part.ToScalar();
    }
}

internal readonly struct Simd512 : ISimd<Vector512<float>>
{
    public static int Lanes => Vector512<float>.Count;
    public static Vector512<float> Zero => Vector512<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Broadcast(float value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(ref float source, int offset) => Vector512.LoadUnsafe(ref source, (nuint)offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<float> value, ref float destination, int offset) => value.StoreUnsafe(ref destination, (nuint)offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> addend) => Vector512.FusedMultiplyAdd(a, b, addend);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Divide(Vector512<float> a, Vector512<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Sqrt(Vector512<float> value) => Vector512.Sqrt(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Max(Vector512<float> a, Vector512<float> b) => Vector512.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector512<float> value) => Vector512.Sum(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static Vector512<float> Mask(int count) => Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> KeepFirst(Vector512<float> value, int count) => value & Mask(count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Fold(Vector512<float> value)
    {
        var half = value.GetLower() + value.GetUpper();
        return half.GetLower() + half.GetUpper();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector512<float> LoadFirst(ref float source, int offset, int count)
    {
        if (Avx512F.IsSupported)
            fixed (float* p = &Unsafe.Add(ref source, offset)) return Avx512F.MaskLoad(p, Mask(count), Vector512<float>.Zero);
        return Simd.LoadFirstPortable<Vector512<float>>(ref Unsafe.Add(ref source, offset), count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void StoreFirst(Vector512<float> value, ref float destination, int offset, int count)
    {
        if (Avx512F.IsSupported)
        {
            fixed (float* p = &Unsafe.Add(ref destination, offset)) Avx512F.MaskStore(p, Mask(count), value);
            return;
        }
        Simd.StoreFirstPortable(value, ref Unsafe.Add(ref destination, offset), count);
    }
}
