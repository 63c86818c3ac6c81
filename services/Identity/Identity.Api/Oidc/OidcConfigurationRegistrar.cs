using Jade.Identity.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Jade.Identity.Oidc;

/// <summary>
/// Makes the database match configuration: roles, API scopes and OIDC clients are created or updated (idempotent),
/// so a deployment changes clients by changing configuration, not by hand-edited rows.
/// </summary>
public sealed class OidcConfigurationRegistrar(
    IOpenIddictApplicationManager applications,
    IOpenIddictScopeManager scopes,
    RoleManager<IdentityRole<Guid>> roles,
    IOptions<OidcSettings> settings,
    ILogger<OidcConfigurationRegistrar> logger)
{
    public async Task SyncAsync(CancellationToken ct)
    {
        foreach (var role in new[] { Roles.Customer, Roles.Staff, Roles.Admin, Roles.RiskOfficer, Roles.PaymentsOperator, Roles.SupportAgent })
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() });
            }
        }
        foreach (var scope in settings.Value.Scopes)
        {
            await EnsureScopeAsync(scope, ct);
        }
        foreach (var client in settings.Value.Clients)
        {
            if (string.IsNullOrWhiteSpace(client.ClientSecret))
            {
                // Secrets come from the environment (e.g. Identity__Clients__0__ClientSecret); never from the repository.
                logger.LogWarning("Client {ClientId} has no secret configured; it is not registered", client.ClientId);
                continue;
            }
            await EnsureClientAsync(client, ct);
        }
    }

    public IReadOnlyList<string> ApiScopeNames => settings.Value.Scopes.Select(s => s.Name).ToList();

    private async Task EnsureScopeAsync(ScopeSettings scope, CancellationToken ct)
    {
        var descriptor = new OpenIddictScopeDescriptor { Name = scope.Name, DisplayName = scope.Name };
        descriptor.Resources.UnionWith(scope.Resources);
        var existing = await scopes.FindByNameAsync(scope.Name, ct);
        if (existing is null)
        {
            await scopes.CreateAsync(descriptor, ct);
        }
        else
        {
            await scopes.UpdateAsync(existing, descriptor, ct);
        }
    }

    public async Task EnsureClientAsync(ClientSettings client, CancellationToken ct)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            ClientType = ClientTypes.Confidential,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = client.DisplayName ?? client.ClientId,
        };
        descriptor.Permissions.Add(Permissions.Endpoints.Token);
        if (client.Type == ClientSettings.BffType)
        {
            descriptor.Permissions.UnionWith([
                Permissions.Endpoints.Authorization, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code]);
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
            descriptor.RedirectUris.UnionWith(client.RedirectUris.Select(u => new Uri(u)));
            descriptor.PostLogoutRedirectUris.UnionWith(client.PostLogoutRedirectUris.Select(u => new Uri(u)));
        }
        else if (client.Type == ClientSettings.ServiceType)
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        }
        else
        {
            throw new InvalidOperationException($"Client {client.ClientId}: type must be '{ClientSettings.BffType}' or '{ClientSettings.ServiceType}'.");
        }
        // openid needs no permission and offline_access is governed by the refresh_token grant permission.
        descriptor.Permissions.UnionWith(client.Scopes
            .Where(s => s is not Scopes.OpenId and not Scopes.OfflineAccess)
            .Select(s => Permissions.Prefixes.Scope + s));

        var existing = await applications.FindByClientIdAsync(client.ClientId, ct);
        if (existing is null)
        {
            await applications.CreateAsync(descriptor, ct);
            logger.LogInformation("Registered OIDC client {ClientId}", client.ClientId);
        }
        else
        {
            await applications.UpdateAsync(existing, descriptor, ct);
        }
    }
}

/// <summary>Runs the registrar once at start-up, after the database migrations (registered before it) have run.</summary>
internal sealed class OidcRegistrationHostedService(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OidcConfigurationRegistrar>().SyncAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
