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
}
