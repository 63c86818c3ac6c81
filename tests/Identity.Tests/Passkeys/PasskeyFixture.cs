namespace Jade.Identity.Tests.Passkeys;

/// <summary>Identity with customers who sign in with a password and then manage passkeys through the API.</summary>
public abstract class PasskeyFixture : IdentityFixture
{
    protected sealed record Customer(PasskeyClient Client, string Email, string UserId);

    /// <summary>A new customer, signed in with the password, no passkey yet.</summary>
    protected async Task<Customer> CustomerAsync()
    {
        var email = await RegisterAsync(UniqueEmail());
        var tokens = await OidcFlow.SignInAsync(App, email, StrongPassword);
        return new Customer(new PasskeyClient(App.NewApiClient(), tokens), email, OidcFlow.Payload(tokens.AccessToken).GetProperty("sub").GetString()!);
    }

    /// <summary>A new customer with one registered passkey (disposed by the caller).</summary>
    protected async Task<(Customer Customer, SoftwarePasskey Passkey)> CustomerWithPasskeyAsync()
    {
        var customer = await CustomerAsync();
        var passkey = new SoftwarePasskey();
        await customer.Client.RegisterAsync(passkey);
        return (customer, passkey);
    }
}
