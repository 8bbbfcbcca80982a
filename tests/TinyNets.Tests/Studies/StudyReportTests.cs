using TinyNets.Studies.Reports;
using Xunit;

namespace TinyNets.Tests.Studies;

public sealed class StudyReportTests
{
    [Fact]
    public void The_mean_gradient_per_step_goes_as_far_as_half_the_runs_and_skips_gaps()
    {
        // Runs of 6, 4 and 3 steps: the mean stops at 4, where one run alone would go on; a NaN is a gap in its run, not a zero.
        double[][] series = [[1, 1, 1, 1, 1, 1], [3, 3, 3, 3], [2, 2, double.NaN]];
        Assert.Equal([2.0, 2, 2, 2], StudyReport.MeanPerStep(series));
        Assert.Equal([5.0, 5], StudyReport.MeanPerStep([[5, 5]]));
        Assert.Empty(StudyReport.MeanPerStep([]));
    }
}
