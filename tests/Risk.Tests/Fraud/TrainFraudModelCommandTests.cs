using System.Text.Json;
using Jade.Persistence;
using Jade.Risk.Fraud;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Jade.Risk.Tests.Fraud;

public sealed class TrainFraudModelCommandTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("fraud-model-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    private ServiceProvider Services(double minimumAuc) => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fraud:TrainingOutput"] = _folder,
            ["Fraud:Simulation:Customers"] = "800",
            ["Fraud:Simulation:Days"] = "12",
            ["Fraud:MinimumHoldoutAuc"] = minimumAuc.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build())
        .AddSingleton<IHostEnvironment>(new Environment(_folder))
        .AddLogging()
        .AddFraudModel()
        .BuildServiceProvider();

    [Test]
    public async Task The_command_trains_writes_a_loadable_model_and_its_report()
    {
        await using var services = Services(minimumAuc: 0.6);

        var exitCode = await services.RunCommandAsync(["--train-fraud-model"], CancellationToken.None);

        Assert.That(exitCode, Is.Zero);
        var report = JsonSerializer.Deserialize<FraudModelReport>(
            await File.ReadAllTextAsync(Path.Combine(_folder, FraudModelTrainer.ReportFileName)), FraudModelTrainer.Json)!;
        Assert.That(report.Simulation.Customers, Is.EqualTo(800));
        Assert.That(FraudScorer.Load(Path.Combine(_folder, FraudModelTrainer.ModelFileName)).ModelVersion, Is.EqualTo(report.ModelVersion));
    }

    [Test]
    public async Task A_model_below_the_bar_is_not_written()
    {
        await using var services = Services(minimumAuc: 1.0);

        var exitCode = await services.RunCommandAsync(["--train-fraud-model"], CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(Directory.EnumerateFiles(_folder), Is.Empty);
    }

    private sealed class Environment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";
        public string ApplicationName { get; set; } = "Risk.Api";
        public string ContentRootPath { get; set; } = root;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
