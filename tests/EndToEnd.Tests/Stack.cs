using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Jade.Testing;
using Microsoft.Playwright;

namespace Jade.EndToEnd.Tests;

/// <summary>
/// The whole platform as processes, as the runner starts it: identity, notifications, ledger, risk, payments, the rail
/// simulator and the gateway
/// (serving the built SPA) on a fresh database and RabbitMQ vhost, with Debian's Chromium driven by Playwright. The
/// development seed runs too, so the risk officers it creates can sign in.
/// </summary>
[SetUpFixture]
public sealed class Stack
{
    private static readonly List<ServiceProcess> Services = [];
    private static IPlaywright? _playwright;
    private static string _keys = "";

    public static TestDatabase Database { get; private set; } = null!;
    public static TestVirtualHost VirtualHost { get; private set; } = null!;
    public static Uri Gateway { get; private set; } = null!;
    public static IBrowser Browser { get; private set; } = null!;
    /// <summary>The ledger's own address, for a service client (<see cref="OperationsClient"/>) that moves money as payments would.</summary>
    public static Uri Ledger { get; private set; } = null!;
    /// <summary>The rail simulator (card acquirer and payout rail).</summary>
    public static Uri Rails { get; private set; } = null!;
    public const string OperationsClient = "e2e-operations";
    public static string OperationsSecret { get; } = RandomNumberGenerator.GetHexString(32);
    /// <summary>The SMTP server (aiosmtpd) the notifications service sends customers' e-mail to.</summary>
    public static SmtpSink Mail { get; private set; } = null!;
    /// <summary>The staff the development seed created, with their generated passwords.</summary>
    public static IReadOnlyList<(string Email, string Password, string[] Roles)> Staff { get; private set; } = [];

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Database = await TestDatabase.CreateAsync("identity", "notifications", "ledger", "risk", "payments", "gateway");
        VirtualHost = await TestVirtualHost.CreateAsync();
        _keys = Directory.CreateTempSubdirectory("jade-e2e-keys").FullName;
        Mail = await SmtpSink.StartAsync();
        var smsApiKey = RandomNumberGenerator.GetHexString(32);

        var (gatewayPort, identityPort, notificationsPort, ledgerPort, riskPort, paymentsPort, railsPort) =
            (LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free());
        Gateway = new Uri($"http://localhost:{gatewayPort}/");
        var identity = new Uri($"http://localhost:{identityPort}/");
        var notifications = new Uri($"http://localhost:{notificationsPort}/");
        var ledger = Ledger = new Uri($"http://localhost:{ledgerPort}/");
        var risk = new Uri($"http://localhost:{riskPort}/");
        var payments = new Uri($"http://localhost:{paymentsPort}/");
        var rails = Rails = new Uri($"http://localhost:{railsPort}/");
        var (acquirerSecret, payoutSecret) = (RandomNumberGenerator.GetHexString(32), RandomNumberGenerator.GetHexString(32));
        var metadata = new Uri(identity, ".well-known/openid-configuration").ToString();
        var bffSecret = RandomNumberGenerator.GetHexString(32);
        var common = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__rabbitmq"] = VirtualHost.AmqpUri.ToString(),
            ["Identity__Issuer"] = Gateway.ToString(),
            ["Identity__MetadataAddress"] = metadata,
            ["Logging__LogLevel__Default"] = "Warning",
            // As in the in-process test hosts: the ledger's scheduled verification stays off.
            ["Ledger__Verification__Enabled"] = "false",
        };

        var identityEnvironment = new Dictionary<string, string>
        {
            ["ConnectionStrings__identity"] = Database.ConnectionString("identity"),
            ["Identity__KeysPath"] = Path.Combine(_keys, "identity"),
            ["Identity__Clients__0__ClientSecret"] = bffSecret,
            ["Identity__Clients__0__RedirectUris__0"] = new Uri(Gateway, "signin-oidc").ToString(),
            ["Identity__Clients__0__PostLogoutRedirectUris__0"] = new Uri(Gateway, "signout-callback-oidc").ToString(),
            ["Identity__Clients__0__BackchannelLogoutUri"] = new Uri(Gateway, "bff/backchannel-logout").ToString(),
            ["Identity__Clients__1__ClientId"] = OperationsClient,
            ["Identity__Clients__1__Type"] = "service",
            ["Identity__Clients__1__ClientSecret"] = OperationsSecret,
            ["Identity__Clients__1__Scopes__0"] = "ledger.write",
            ["Identity__Clients__1__Scopes__1"] = "ledger.read",
        };
        await StartAsync("identity", "services/Identity/Identity.Api", "Identity.Api", identity, common, identityEnvironment);
        Staff = await SeedAsync(common.Concat(identityEnvironment).ToDictionary());
        await StartAsync("notifications", "services/Notifications/Notifications.Api", "Notifications.Api", notifications, common, new()
        {
            ["ConnectionStrings__notifications"] = Database.ConnectionString("notifications"),
            ["Notifications__KeysPath"] = Path.Combine(_keys, "notifications"),
            ["Notifications__Smtp__Port"] = Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // The rail simulator doubles as the SMS provider's sandbox.
            ["Notifications__Sms__BaseUrl"] = rails.ToString(),
            ["Notifications__Sms__ApiKey"] = smsApiKey,
        });
        await StartAsync("ledger", "services/Ledger/Ledger.Api", "Ledger.Api", ledger, common, new()
        {
            ["ConnectionStrings__ledger"] = Database.ConnectionString("ledger"),
        });
        await StartAsync("risk", "services/Risk/Risk.Api", "Risk.Api", risk, common, new()
        {
            ["ConnectionStrings__risk"] = Database.ConnectionString("risk"),
            ["Risk__KeysPath"] = Path.Combine(_keys, "risk"),
        });
        await StartAsync("rails", "deploy/rail-simulator", "RailSimulator", rails, common, new()
        {
            ["Simulator__AcquirerSecret"] = acquirerSecret,
            ["Simulator__PayoutSecret"] = payoutSecret,
            ["Simulator__PublicBaseUrl"] = rails.ToString().TrimEnd('/'),
            ["Simulator__SmsApiKey"] = smsApiKey,
        });
        await StartAsync("payments", "services/Payments/Payments.Api", "Payments.Api", payments, common, new()
        {
            ["ConnectionStrings__payments"] = Database.ConnectionString("payments"),
            ["Payments__KeysPath"] = Path.Combine(_keys, "payments"),
            ["Payments__Channels__Acquirer__BaseUrl"] = rails.ToString(),
            ["Payments__Channels__Acquirer__Secret"] = acquirerSecret,
            ["Payments__Channels__Payouts__BaseUrl"] = rails.ToString(),
            ["Payments__Channels__Payouts__Secret"] = payoutSecret,
            // Notifications reach payments through the gateway's public route, as they would in production.
            ["Payments__Channels__NotifyBaseUrl"] = Gateway.ToString(),
            ["Payments__Channels__ReturnBaseUrl"] = Gateway.ToString(),
        });
        await StartAsync("gateway", "gateway/Gateway", "Gateway", Gateway, common, new()
        {
            ["ConnectionStrings__gateway"] = Database.ConnectionString("gateway"),
            ["Bff__Authority"] = Gateway.ToString(),
            ["Bff__MetadataAddress"] = metadata,
            ["Bff__ClientSecret"] = bffSecret,
            ["DataProtection__KeysPath"] = Path.Combine(_keys, "gateway"),
            ["Spa__Root"] = Path.Combine(LocalInfrastructure.RepositoryRoot, "web-vue", "dist"),
            ["ReverseProxy__Clusters__identity__Destinations__d1__Address"] = identity.ToString(),
            ["ReverseProxy__Clusters__notifications__Destinations__d1__Address"] = notifications.ToString(),
            ["ReverseProxy__Clusters__ledger__Destinations__d1__Address"] = ledger.ToString(),
            ["ReverseProxy__Clusters__risk__Destinations__d1__Address"] = risk.ToString(),
            ["ReverseProxy__Clusters__payments__Destinations__d1__Address"] = payments.ToString(),
        });

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("JADE_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            // The machine has no network beyond loopback: keep Chromium from phoning home.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        foreach (var service in Enumerable.Reverse(Services))
        {
            await service.DisposeAsync();
        }
        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
        await Mail.DisposeAsync();
        Directory.Delete(_keys, recursive: true);
    }

    /// <summary>What the services printed lately, attached to a failing test's output.</summary>
    public static string RecentLogs() => string.Join("\n\n", Services.Select(s => $"--- {s.Name} ---\n{s.RecentOutput()}"));

    /// <summary>Runs identity's <c>--seed-dev</c> command, as the runner does, and reads the staff it wrote.</summary>
    private static async Task<IReadOnlyList<(string, string, string[])>> SeedAsync(Dictionary<string, string> environment)
    {
        var file = Path.Combine(_keys, "dev-credentials.json");
        var start = new ProcessStartInfo("dotnet", [AssemblyPath("services/Identity/Identity.Api", "Identity.Api"), "--seed-dev", file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(AssemblyPath("services/Identity/Identity.Api", "Identity.Api"))!,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"--seed-dev failed: {await output}\n{await errors}");
        using var seed = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        return [.. seed.RootElement.GetProperty("staff").EnumerateArray().Select(s => (
            s.GetProperty("email").GetString()!, s.GetProperty("password").GetString()!,
            s.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray()))];
    }

    private static string AssemblyPath(string projectDir, string assembly)
    {
        var configuration = AppContext.BaseDirectory.Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        return Path.Combine(LocalInfrastructure.RepositoryRoot, projectDir, "bin", configuration, "net10.0", assembly + ".dll");
    }

    private static async Task StartAsync(string name, string projectDir, string assembly, Uri address,
        Dictionary<string, string> common, Dictionary<string, string> own)
    {
        var service = new ServiceProcess(name, AssemblyPath(projectDir, assembly), address, common.Concat(own).ToDictionary());
        Services.Add(service);
        await service.StartAsync(TimeSpan.FromSeconds(90));
    }
}
