using TinyNets.Data;
using TinyNets.Kernels;
using TinyNets.Losses;
using TinyNets.Models;

namespace TinyNets.Training;

/// <summary>
/// Mean loss and accuracy of a model over a data set, in evaluation mode and in chunks of a batch size, with
/// buffers allocated once; also gathers minibatches into the unit-major layout for the trainer.
/// </summary>
public sealed class Evaluator
{
    private readonly float[] _outputGrad, _batchX, _batchY, _staging;
    private int[] _identity = [];

    public Evaluator(Sequential model, Loss loss, int batchSize)
    {
        Model = model;
        Loss = loss;
        BatchSize = Require.Positive(batchSize, "batch size");
        model.Reserve(batchSize);
        int targetWidth = loss.TargetWidth(model.OutputWidth);
        _outputGrad = new float[batchSize * model.OutputWidth];
        _batchX = new float[batchSize * model.InputWidth];
        _batchY = new float[batchSize * targetWidth];
        _staging = new float[batchSize * Math.Max(model.InputWidth, targetWidth)];
    }

    public Sequential Model { get; }
    public Loss Loss { get; }
    public int BatchSize { get; }

    internal float[] BatchFeatures => _batchX;
    internal float[] BatchTargets => _batchY;
    internal float[] OutputGrad => _outputGrad;

    public Evaluation Evaluate(Dataset data)
    {
        CheckShapes(data);
        bool training = Model.Layers.Count > 0 && Model.Layers[0].Training;
        Model.SetTraining(false);
        if (_identity.Length < data.Rows)
        {
            _identity = new int[data.Rows];
            for (int i = 0; i < _identity.Length; i++) _identity[i] = i;
        }
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < data.Rows; start += BatchSize)
        {
            int batch = Math.Min(BatchSize, data.Rows - start);
            Gather(data, _identity.AsSpan(start, batch));
            var output = Model.Forward(_batchX, batch);
            // Computing the (unused) gradient too makes evaluation add up exactly as training does.
            lossSum += (double)Loss.Compute(output, _batchY, _outputGrad, batch, Model.OutputWidth) * batch;
            if (data.IsClassification) correct += Accuracy.CountCorrect(output, _batchY, batch, Model.OutputWidth, Loss);
        }
        Model.SetTraining(training);
        return new Evaluation(data.Rows == 0 ? double.NaN : lossSum / data.Rows,
            data.IsClassification && data.Rows > 0 ? (double)correct / data.Rows : null);
    }

    /// <summary>Copies the given rows into the batch buffers, transposed to unit-major.</summary>
    internal void Gather(Dataset data, ReadOnlySpan<int> rows)
    {
        Layout.GatherTransposed(data.Features, rows, data.FeatureWidth, _staging, _batchX);
        Layout.GatherTransposed(data.Targets, rows, data.TargetWidth, _staging, _batchY);
    }

    /// <summary>A clear error when the data does not fit the model and loss.</summary>
    public void CheckShapes(Dataset data)
    {
        if (data.FeatureWidth != Model.InputWidth)
            throw new TinyNetsException($"the data has {data.FeatureWidth} feature columns, the model's input layer takes {Model.InputWidth}");
        int expected = Loss.TargetWidth(Model.OutputWidth);
        if (data.TargetWidth != expected)
            throw new TinyNetsException($"the {Loss.Name} loss on {Model.OutputWidth} outputs needs {expected} target value(s) per row, the data has {data.TargetWidth}");
    }
}
