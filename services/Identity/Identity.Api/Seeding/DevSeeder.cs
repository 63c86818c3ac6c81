using System.Security.Cryptography;
using System.Text.Json;
using Jade.Identity.Oidc;
using Jade.Identity.Registration;
using Jade.Identity.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Jade.Identity.Seeding;

/// <summary>
/// Creates the demo customer, a staff admin, two risk officers (so four-eyes approval of review cases can be shown
/// locally), a support agent (the admin is the other, for four-eyes approval of support resets), a partner client (partner payments and webhook subscriptions) and an operations client, idempotently. Credentials
/// already in the output file are kept (a second run changes nothing); missing ones are generated at random.
/// </summary>
public sealed class DevSeeder(
    OidcConfigurationRegistrar registrar,
    RegistrationService registration,
    UserManager<JadeUser> users,
    IOptions<OidcSettings> oidc,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<DevSeeder> logger)
{
    public const string CustomerEmail = "customer@jade.local";
    public const string AdminEmail = "admin@jade.local";
    public static readonly string[] OfficerEmails = ["officer1@jade.local", "officer2@jade.local"];
    public const string SupportEmail = "support@jade.local";
    public const string PartnerClientId = "partner-demo";
    public const string OperationsClientId = "ops";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public async Task SeedAsync(string path, CancellationToken ct)
    {
        await registrar.SyncAsync(ct);
        var previous = File.Exists(path)
            ? JsonSerializer.Deserialize<DevSeedFile>(await File.ReadAllTextAsync(path, ct), Json) ?? new DevSeedFile()
            : new DevSeedFile();

        var customerPassword = previous.Customers.FirstOrDefault(c => c.Email == CustomerEmail)?.Password ?? NewPassword();
        await EnsureCustomerAsync(CustomerEmail, customerPassword, ct);

        var adminPassword = previous.Staff.FirstOrDefault(s => s.Email == AdminEmail)?.Password ?? NewPassword();
        string[] adminRoles = [Roles.Staff, Roles.Admin, Roles.PaymentsOperator, Roles.SupportAgent];
        await EnsureStaffAsync(AdminEmail, adminPassword, adminRoles);

        string[] officerRoles = [Roles.Staff, Roles.RiskOfficer];
        var officers = new List<SeedStaff>();
        foreach (var email in OfficerEmails)
        {
            var password = previous.Staff.FirstOrDefault(s => s.Email == email)?.Password ?? NewPassword();
            await EnsureStaffAsync(email, password, officerRoles);
            officers.Add(new SeedStaff { Email = email, Password = password, Roles = [.. officerRoles] });
        }

        string[] supportRoles = [Roles.Staff, Roles.SupportAgent];
        var supportPassword = previous.Staff.FirstOrDefault(s => s.Email == SupportEmail)?.Password ?? NewPassword();
        await EnsureStaffAsync(SupportEmail, supportPassword, supportRoles);

        var apiScopes = registrar.ApiScopeNames;
        var partnerScopes = configuration.GetSection("Identity:Seed:PartnerScopes").Get<List<string>>() is { Count: > 0 } configured
            ? configured
            : ["payments.partner", "notifications.webhooks"];
        var clients = new List<SeedClient>
        {
            await EnsureServiceClientAsync(previous, PartnerClientId, "Partner bank (demo)", [.. partnerScopes.Where(apiScopes.Contains)], ct),
            await EnsureServiceClientAsync(previous, OperationsClientId, "Operations", [.. apiScopes], ct),
        };

        var file = new DevSeedFile
        {
            GatewayUrl = oidc.Value.Issuer,
            Customers = [new SeedCustomer { Email = CustomerEmail, Password = customerPassword }],
            Staff =
            [
                new SeedStaff { Email = AdminEmail, Password = adminPassword, Roles = [.. adminRoles] },
                .. officers,
                new SeedStaff { Email = SupportEmail, Password = supportPassword, Roles = [.. supportRoles] },
            ],
            Clients = clients,
        };
        await WriteOwnerOnlyAsync(path, JsonSerializer.Serialize(file, Json), ct);
        logger.LogInformation("Development seed complete; credentials written to {Path}", Path.GetFullPath(path));
    }

    private async Task EnsureCustomerAsync(string email, string password, CancellationToken ct)
    {
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            await EnsurePasswordAsync(existing, password);
            return;
        }
        // Through the registration path, so consumers hear UserRegistered for the demo customer as for anyone else.
        var result = await registration.RegisterAsync(new RegistrationRequest(email, password, "+8613800000000", Languages.Chinese), ct);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Seeding the demo customer failed: " + string.Join("; ", result.Errors.Keys));
        }
    }

    private async Task EnsureStaffAsync(string email, string password, IEnumerable<string> roles)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new JadeUser
            {
                Id = Guid.CreateVersion7(),
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                Language = Languages.Chinese,
                CreatedAt = time.GetUtcNow(),
            };
            (await users.CreateAsync(user, password)).ThrowIfFailed("Seeding");
        }
        else
        {
            await EnsurePasswordAsync(user, password);
        }
        foreach (var role in roles)
        {
            if (!await users.IsInRoleAsync(user, role))
            {
                (await users.AddToRoleAsync(user, role)).ThrowIfFailed("Seeding");
            }
        }
    }

    /// <summary>When the credentials file was lost, the new password it will hold replaces the old one.</summary>
    private async Task EnsurePasswordAsync(JadeUser user, string password)
    {
        if (await users.CheckPasswordAsync(user, password))
        {
            return;
        }
        (await users.RemovePasswordAsync(user)).ThrowIfFailed("Seeding");
        (await users.AddPasswordAsync(user, password)).ThrowIfFailed("Seeding");
    }

    private async Task<SeedClient> EnsureServiceClientAsync(DevSeedFile previous, string clientId, string displayName, List<string> scopes, CancellationToken ct)
    {
        var secret = previous.Clients.FirstOrDefault(c => c.ClientId == clientId)?.ClientSecret ?? NewSecret();
        await registrar.EnsureClientAsync(new ClientSettings
        {
            ClientId = clientId,
            ClientSecret = secret,
            DisplayName = displayName,
            Type = ClientSettings.ServiceType,
            Scopes = scopes,
        }, ct);
        return new SeedClient { ClientId = clientId, ClientSecret = secret, Scopes = scopes };
    }

    private static async Task WriteOwnerOnlyAsync(string path, string content, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(temp, content, ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>20 characters that always satisfy the password policy (upper, lower, digit, length ≥ 10).</summary>
    public static string NewPassword() =>
        RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ", 2)
        + RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyz", 2)
        + RandomNumberGenerator.GetString("23456789", 2)
        + RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 14);

    private static string NewSecret() => RandomNumberGenerator.GetHexString(48, lowercase: true);

}
