using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Padata.Bench.EngineOverheadBenchmarks).Assembly).Run(args);
