using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/TinyNets.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(TinyNets.Benchmarks.KernelBenchmarks).Assembly).Run(args);
