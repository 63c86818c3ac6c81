namespace Jade.Identity.Seeding;

/// <summary>The development credentials file the runner prints and end-to-end tests read. Never committed.</summary>
public sealed class DevSeedFile
{
    public string GatewayUrl { get; set; } = "";
    public List<SeedCustomer> Customers { get; set; } = [];
    public List<SeedStaff> Staff { get; set; } = [];
    public List<SeedClient> Clients { get; set; } = [];
}

public sealed class SeedCustomer
{
    public string Email { get; set; } = "";
    public string Password { get; set; } = "";
}

public sealed class SeedStaff
{
    public string Email { get; set; } = "";
    public string Password { get; set; } = "";
    public List<string> Roles { get; set; } = [];
}

public sealed class SeedClient
{
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    public List<string> Scopes { get; set; } = [];
}
