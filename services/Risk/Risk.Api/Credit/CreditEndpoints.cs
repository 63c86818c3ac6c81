using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jade.Risk.Credit;

public static class CreditEndpoints
{
    public static IEndpointRouteBuilder MapCreditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/risk/credit").WithTags("Credit")
            .MapPost("/score", Score)
            .Accepts<CreditScoreRequest>("application/json")
            .RequireAuthorization(CreditAuthorization.Policy)
            .WithName("ScoreCredit");
        return app;
    }

    /// <summary>
    /// The body is read here rather than bound by the framework so that a wrongly typed value (a string for
    /// <c>durationMonths</c>, a fraction for <c>age</c>) is reported against its field like every other bad input.
    /// </summary>
    internal static async Task<Results<Ok<CreditScoreResponse>, ValidationProblem>> Score(HttpRequest http, CreditScorer scorer,
        CancellationToken cancellationToken)
    {
        if (!http.HasJsonContentType())
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["The body must be JSON (application/json)."] });

        CreditScoreRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<CreditScoreRequest>(http.Body, RequestJson, cancellationToken);
        }
        catch (JsonException e)
        {
            var field = FieldOf(e.Path);
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [field] = [field == "body" ? "The body is not valid JSON." : $"{field} has the wrong type or is not valid JSON."],
            });
        }
        if (request is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A loan application is required."] });

        var errors = new Dictionary<string, string[]>();
        if (CreditScoreValidation.Validate(request, errors) is not { } application) return TypedResults.ValidationProblem(errors);

        var score = scorer.Score(application);
        return TypedResults.Ok(new CreditScoreResponse(request.ApplicationId, score.ProbabilityOfDefault, score.Grade, score.Decision,
            score.Reasons, score.ModelVersion));
    }

    private static readonly JsonSerializerOptions RequestJson = new(JsonSerializerDefaults.Web);

    /// <summary>"$.durationMonths" → "durationMonths"; the root or no path means the body as a whole.</summary>
    internal static string FieldOf(string? path)
    {
        var field = path?.TrimStart('$').TrimStart('.');
        if (string.IsNullOrEmpty(field)) return "body";
        var end = field.IndexOfAny(['.', '[']);
        return end > 0 ? field[..end] : field;
    }
}
