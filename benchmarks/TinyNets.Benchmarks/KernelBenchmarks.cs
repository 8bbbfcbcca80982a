using BenchmarkDotNet.Attributes;
using TinyNets.Kernels;
using TinyNets.Models;
using TinyNets.Optimizers;
using TinyNets.Randomness;

namespace TinyNets.Benchmarks;

/// <summary>
/// The kernels one training step is made of, at the shapes of the bench workloads: the first layer of
/// mnist-shaped (784 → 128, batch 64), the middle layer of wide (64 → 64) and the 4 → 12 layer of gauss5.
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    [Params("784x128", "64x64", "4x12")]
    public string Shape { get; set; } = "784x128";

    private const int Batch = 64;
    private int _in, _out;
    private float[] _w = [], _bias = [], _x = [], _y = [], _dy = [], _dx = [], _dw = [], _db = [], _scratch = [];

    [GlobalSetup]
    public void Setup()
    {
        var parts = Shape.Split('x');
        (_in, _out) = (int.Parse(parts[0]), int.Parse(parts[1]));
        var random = new RandomStream(1);
        float[] Draw(int n) => Enumerable.Range(0, n).Select(_ => (float)random.Normal()).ToArray();
        _w = Draw(_in * _out);
        _bias = Draw(_out);
        _x = Draw(_in * Batch);
        _dy = Draw(_out * Batch);
        _y = new float[_out * Batch];
        _dx = new float[_in * Batch];
        _dw = new float[_in * _out];
        _db = new float[_out];
        _scratch = new float[_in * Batch];
    }

    [Benchmark(Description = "y = W x + b")]
    public void Forward() => Gemm.MultiplyAccumulate(_w, _in, 1, _bias, _x, _y, _out, _in, Batch);

    [Benchmark(Description = "dx = W^T dy")]
    public void InputGradient() => Gemm.MultiplyAccumulate(_w, 1, _in, [], _dy, _dx, _in, _out, Batch);

    [Benchmark(Description = "dW = dy x^T, db")]
    public void WeightGradient() => Gemm.WeightGradient(_dy, _x, _dw, _db, _scratch, Batch, _in, _out);
}

/// <summary>One Adam step over mnist-shaped's 109,386 parameters.</summary>
[MemoryDiagnoser]
public class OptimizerBenchmarks
{
    private Adam _adam = null!;

    [GlobalSetup]
    public void Setup()
    {
        var model = new ModelSpec([784, 128, 64, 10], "relu", "none").Build();
        Initializers.WeightInit.Apply(model, "default", new RandomStream(1));
        foreach (var p in model.Parameters) p.Value.CopyTo(p.Grad, 0);
        _adam = new Adam(model.Parameters, new AdamOptions());
    }

    [Benchmark]
    public void AdamStep() => _adam.Step();
}

/// <summary>
/// The optimizer step of the two smallest bench workloads, with and without the statistics the recorder asks for
/// (Σθ², Σθ′², Σ(θ′ − θ)², Σg² per tensor): xor's SGD with momentum over 2-4-1 (four tensors of 1 to 8 values) and
/// gauss5's Adam over 2-4-12-4-5 (eight tensors of 4 to 48 values). Most of their tensors are one partial vector.
/// </summary>
[MemoryDiagnoser]
public class SmallStepBenchmarks
{
    private Optimizer _optimizer = null!;

    [Params("xor", "gauss5")]
    public string Net { get; set; } = "xor";

    [Params(false, true)]
    public bool Statistics { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var model = new ModelSpec(Net == "xor" ? [2, 4, 1] : [2, 4, 12, 4, 5], "relu", Net == "xor" ? "sigmoid" : "softmax").Build();
        Initializers.WeightInit.Apply(model, "default", new RandomStream(1));
        foreach (var p in model.Parameters) p.Value.CopyTo(p.Grad, 0);
        _optimizer = Net == "xor"
            ? new Sgd(model.Parameters, new SgdOptions { LearningRate = 0.02, Momentum = 0.9 })
            : new Adam(model.Parameters, new AdamOptions { LearningRate = 0.02 });
        if (Statistics) _optimizer.Statistics = new UpdateStatistics(model.Parameters.Length);
    }

    [Benchmark]
    public void Step() => _optimizer.Step();
}
