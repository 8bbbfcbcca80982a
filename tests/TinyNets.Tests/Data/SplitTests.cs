using TinyNets.Data;
using TinyNets.Data.Generators;
using TinyNets.Randomness;
using Xunit;

namespace TinyNets.Tests.Data;

public sealed class SplitTests
{
    private static Dataset Blobs(int points, int classes) =>
        DatasetCatalog.Generate("gaussians", new GeneratorRequest(points, classes), new RunSeed(1));

    [Fact]
    public void Default_split_is_70_10_20_stratified_and_covers_every_row_once()
    {
        var data = Blobs(1000, 5);
        var split = Splitter.Split(data, new SplitFractions(), new RandomStream(2));
        Assert.Equal(700, split.Train.Rows);
        Assert.Equal(100, split.Validation!.Rows);
        Assert.Equal(200, split.Test!.Rows);
        Assert.All(split.Train.ClassCounts(), c => Assert.Equal(140, c));
        Assert.All(split.Test.ClassCounts(), c => Assert.Equal(40, c));
        var all = new[] { split.Train, split.Validation, split.Test }
            .SelectMany(d => Enumerable.Range(0, d.Rows).Select(r => (d.FeatureRow(r)[0], d.FeatureRow(r)[1])))
            .Order().ToArray();
        var original = Enumerable.Range(0, data.Rows).Select(r => (data.FeatureRow(r)[0], data.FeatureRow(r)[1])).Order().ToArray();
        Assert.Equal(original, all);
    }

    [Fact]
    public void Same_seed_same_split_and_the_classes_are_interleaved()
    {
        var data = Blobs(300, 3);
        var a = Splitter.Split(data, new SplitFractions(), new RandomStream(7));
        var b = Splitter.Split(data, new SplitFractions(), new RandomStream(7));
        Assert.Equal(a.Train.Features, b.Train.Features);
        Assert.True(a.Train.Targets.Take(20).Distinct().Count() > 1);
    }

    [Fact]
    public void Train_only_split_keeps_every_row_and_no_other_sets()
    {
        var split = Splitter.Split(Blobs(50, 2), SplitFractions.Parse("1,0,0"), new RandomStream(1));
        Assert.Equal(50, split.Train.Rows);
        Assert.Null(split.Validation);
        Assert.Null(split.Test);
    }

    [Fact]
    public void Too_few_rows_and_bad_fractions_are_clear_errors()
    {
        var e = Assert.Throws<TinyNetsException>(() => Splitter.Split(Blobs(4, 2), new SplitFractions(), new RandomStream(1)));
        Assert.Contains("too few rows: 4 rows cannot be split 0.7/0.1/0.2: the validation set would be empty (a larger share, or 0 for it: --split 1,0,0 trains on every row)", e.Message);
        // 300 rows are plenty, but not as 300 classes of a row each (a name column taken for the label): it said "too few rows".
        var names = new Dataset(new float[300], Enumerable.Range(0, 300).Select(i => (float)i).ToArray(), 1, 1, classCount: 300);
        Assert.Equal("too few rows per class: 300 rows in 300 classes, the largest of 1 row, are split class by class, and no class has enough for " +
            "the validation set; is the label a name or an id? --label names the column to predict",
            Assert.Throws<TinyNetsException>(() => Splitter.Split(names, new SplitFractions(), new RandomStream(1))).Message);
        var pairs = new Dataset(new float[40], Enumerable.Range(0, 40).Select(i => (float)(i / 2)).ToArray(), 1, 1, classCount: 20);
        Assert.StartsWith("too few rows per class: 40 rows in 20 classes, the largest of 2 rows, are split class by class, and no class has enough for the validation set (",
            Assert.Throws<TinyNetsException>(() => Splitter.Split(pairs, new SplitFractions(), new RandomStream(1))).Message);
        Assert.Contains("sum to 1", Assert.Throws<TinyNetsException>(() => SplitFractions.Parse("0.7,0.2,0.2")).Message);
        Assert.Contains("three fractions", Assert.Throws<TinyNetsException>(() => SplitFractions.Parse("0.8,0.2")).Message);
        Assert.Contains("'x' is not a number", Assert.Throws<TinyNetsException>(() => SplitFractions.Parse("0.8,x,0.1")).Message);
    }

    [Fact]
    public void Standardization_is_fitted_on_training_rows_only()
    {
        var train = new Dataset([1, 10, 3, 10, 5, 10], [0, 1, 0], 2, 1, 2);
        var scaler = Standardizer.Fit(train);
        Assert.Equal([3f, 10f], scaler.Mean);
        Assert.Equal((float)Math.Sqrt(8.0 / 3), scaler.Std[0]);
        Assert.Equal(1f, scaler.Std[1]);   // a constant column is left unscaled, as StandardScaler does
        var test = new Dataset([3, 12], [1], 2, 1, 2);
        Assert.Equal([0f, 2f], scaler.Apply(test).Features);
        var standardized = scaler.Apply(train);
        Assert.Equal(0, standardized.Features.Where((_, i) => i % 2 == 0).Average(v => (double)v), 6);
    }

    [Fact]
    public void A_regression_s_targets_are_standardized_on_request_and_outputs_restored_to_their_units()
    {
        // Prices around 3e5: the training rows' mean and population std, as scikit-learn's StandardScaler on y.
        var train = new Dataset([1, 2, 3, 4], [250_000, 300_000, 350_000, 300_000], 1, 1);
        Assert.Null(Standardizer.Fit(train).TargetMean);   // features only unless asked
        var scaler = Standardizer.Fit(train, targets: true);
        Assert.Equal([300_000f], scaler.TargetMean!);
        Assert.Equal([(float)Math.Sqrt(2 * 50_000.0 * 50_000.0 / 4)], scaler.TargetStd!);
        var test = scaler.Apply(new Dataset([5, 6], [300_000, 335_355.34f], 1, 1));
        Assert.Equal(0f, test.Targets[0]);
        Assert.Equal(1f, test.Targets[1], 4);
        float[] outputs = [0f, 1f, -2f];
        scaler.RestoreTargets(outputs);
        Assert.Equal(300_000f, outputs[0]);
        Assert.Equal(335_355.34f, outputs[1], 0.1f);
        Assert.Equal(300_000f - 2 * 35_355.34f, outputs[2], 0.1f);
        // Training runs standardize a target only when a net's output could not reach it: root mean square 100 or more.
        Assert.True(Standardizer.LargeTargets(train));
        Assert.False(Standardizer.LargeTargets(new Dataset([1, 2, 3, 4], [-0.9f, 0.4f, 1.1f, 99f], 1, 1)));
        Assert.True(Standardizer.LargeTargets(new Dataset([1, 2], [0.5f, 0.2f, -0.5f, 150f], 1, 2)));   // either of two targets
        // A classification's class indices are never standardized.
        var classes = new Dataset([1, 2, 3, 4], [0, 1, 0, 1], 1, 1, 2);
        Assert.Null(Standardizer.Fit(classes, targets: true).TargetMean);
        Assert.False(Standardizer.LargeTargets(new Dataset([1, 2, 3, 4], [0, 1, 0, 1], 1, 1, 200)));
        Assert.Equal(classes.Targets, Standardizer.Fit(classes, targets: true).Apply(classes).Targets);
    }
}
