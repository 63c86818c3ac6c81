using System.Globalization;
using System.Text.Json;
using Jade.Persistence;
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
            .MapPost("/screen", ScreenAsync).RequireAuthorization(RiskAuthorization.ScreenPolicy).WithName("ScreenSanctions");
        return app;
    }

    /// <summary>Matches at or above the threshold, best first, at most 20; an empty list means "clear".</summary>
    internal static async Task<Results<Ok<ScreenResponse>, ValidationProblem>> ScreenAsync(
        ScreenRequest request, SanctionsMatcher matcher, TimeProvider time, HttpContext http, RiskDb db, CancellationToken ct)
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
        if (http.User.IsInRole(RiskAuthorization.OfficerRole)) await AuditSearchAsync(db, http, name!, request.Type, matches.Count, time, ct);
        return TypedResults.Ok(new ScreenResponse(matcher.Threshold, matches));
    }

    /// <summary>
    /// An officer's manual search is a staff action, so it is audited — with what was asked and found, never the name:
    /// the audit trail is read more widely than the searches, and a name searched for is personal data. A service
    /// client (scope <c>risk.screen</c>, no officer role) is not audited: its screen is one step of a process that
    /// records its own outcome, possibly thousands of times a day, and there is no person to hold to account.
    /// </summary>
    private static async Task AuditSearchAsync(RiskDb db, HttpContext http, string name, string? type, int matches, TimeProvider time, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var after = JsonSerializer.Serialize(new { NameLength = name.Length, Type = type, Matches = matches }, JsonSerializerOptions.Web);
        await db.AppendAuditAsync(AuditActor.Of(http), "sanctions.search", "sanctions_list", "sdn", null, after, time.GetUtcNow(), ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }
}
