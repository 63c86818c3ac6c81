namespace Jade.Identity.Registration;

internal static class RegistrationEndpoints
{
    public static IServiceCollection AddRegistration(this IServiceCollection services) =>
        services.AddScoped<RegistrationService>();

    public static void MapRegistrationEndpoints(this WebApplication app) =>
        app.MapPost("/api/identity/registrations", async (RegistrationRequest request, RegistrationService registration, CancellationToken ct) =>
        {
            var result = await registration.RegisterAsync(request, ct);
            return result.Succeeded
                ? Results.Created($"/api/identity/users/{result.UserId}", new { id = result.UserId })
                : Results.ValidationProblem(result.Errors);
        })
        .AllowAnonymous()
        .WithName("RegisterCustomer")
        .Produces(StatusCodes.Status201Created)
        .ProducesValidationProblem();
}
