using TinyNets.Kernels;
using Xunit;

namespace TinyNets.Tests.Engine;

public sealed class SpecialFunctionsTests
{
    [Theory]   // Abramowitz & Stegun table 7.1 and the erf of large arguments
    [InlineData(0.0, 0.0)]
    [InlineData(0.1, 0.1124629160182849)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(2.0, 0.9953222650189527)]
    [InlineData(2.9, 0.9999589021219005)]
    [InlineData(3.0, 0.9999779095030014)]
    [InlineData(4.0, 0.9999999845827421)]
    [InlineData(-1.5, -0.9661051464753108)]
    public void Erf_matches_tabulated_values(double x, double expected) =>
        Assert.True(Math.Abs(SpecialFunctions.Erf(x) - expected) <= 1e-15, $"erf({x}) = {SpecialFunctions.Erf(x):R}, expected {expected:R}");

    [Theory]   // erfc where 1 − erf would cancel to nothing in double precision (values from C's erfc)
    [InlineData(0.0, 1.0)]
    [InlineData(-1.0, 1.842700792949715)]
    [InlineData(3.0, 2.2090496998585438e-05)]
    [InlineData(5.0, 1.5374597944280351e-12)]
    [InlineData(10.0, 2.088487583762545e-45)]
    public void Erfc_is_accurate_relative_to_itself(double x, double expected) =>
        Assert.True(Math.Abs(SpecialFunctions.Erfc(x) - expected) <= 1e-14 * expected, $"erfc({x}) = {SpecialFunctions.Erfc(x):R}, expected {expected:R}");
}
