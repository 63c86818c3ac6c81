using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jade.Risk.Sanctions;

/// <summary>Body of <c>POST /api/risk/sanctions/screen</c>. The date stays a string so a malformed one is reported
/// against its field rather than as an unreadable body.</summary>
public sealed record ScreenRequest(string? Name, string? Type, string? DateOfBirth, string? Country);

public sealed record ScreenResponse(double Threshold, IReadOnlyList<SanctionsMatch> Matches);

public static class SanctionsEndpoints
{
    public static IEndpointRouteBuilder MapSanctionsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/risk/sanctions").WithTags("Sanctions")
            .MapPost("/screen", Screen).RequireAuthorization(RiskAuthorization.ScreenPolicy).WithName("ScreenSanctions");
        return app;
    }

    /// <summary>Matches at or above the threshold, best first, at most 20; an empty list means "clear".</summary>
    internal static Results<Ok<ScreenResponse>, ValidationProblem> Screen(ScreenRequest request, SanctionsMatcher matcher, TimeProvider time)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name)) errors["name"] = ["Name is required."];
        else if (name.Length is < 2 or > 200) errors["name"] = ["Name must be 2 to 200 characters."];
        else if (NameNormalizer.Normalize(name).Tokens.Count == 0) errors["name"] = ["Name must contain letters or digits."];

        if (request.Type is not (null or SanctionsEntry.Individual or SanctionsEntry.Entity))
            errors["type"] = ["Type must be 'individual' or 'entity'."];

        DateOnly? born = null;
        if (request.DateOfBirth is { } text)
        {
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                errors["dateOfBirth"] = ["Date of birth must be an ISO date (yyyy-MM-dd)."];
            else if (day > DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime))
                errors["dateOfBirth"] = ["Date of birth cannot be in the future."];
            else born = day;
        }

        string? country = null;
        if (request.Country is { } code && (country = Countries.NormalizeCode(code)) is null)
            errors["country"] = ["Country must be an ISO 3166-1 alpha-2 code, e.g. 'CU'."];

        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var matches = matcher.Screen(new ScreeningQuery(name!, request.Type, born, country));
        return TypedResults.Ok(new ScreenResponse(matcher.Threshold, matches));
    }
}
