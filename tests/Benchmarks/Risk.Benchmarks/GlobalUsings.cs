global using Jade.Benchmarks;
