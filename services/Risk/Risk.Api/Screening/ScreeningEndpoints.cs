using Jade.Risk.Decisions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jade.Risk.Screening;

public sealed record ScreenTransactionRequest(
    Guid? TransactionId, string? Type, long? Amount, string? Currency, Guid? PayerId, Guid? PayeeId, string? PayeeName,
    string? Channel, string? DeviceId, string? IpAddress, DateTimeOffset? OccurredAt);

public sealed record ReasonView(string Code, string Message);

public sealed record ScreeningResponse(
    Guid TransactionId, Guid DecisionId, string Outcome, int Score, IReadOnlyList<ReasonView> Reasons, Guid? CaseId, DateTimeOffset DecidedAt);

public static class ScreeningEndpoints
{
    public static IEndpointRouteBuilder MapScreeningEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/risk/screenings").WithTags("Screening");
        // 503 while the screening state loads at start-up.
        group.MapPost("", ScreenAsync).RequireAuthorization(RiskAuthorization.ScreenPolicy).WithName("ScreenTransaction")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/{transactionId:guid}", GetAsync).RequireAuthorization(RiskAuthorization.ScreenPolicy).WithName("GetScreening");
        return app;
    }

    internal static async Task<Results<Ok<ScreeningResponse>, ValidationProblem, ProblemHttpResult>> ScreenAsync(
        ScreenTransactionRequest request, ScreeningService screening, ScreeningReadiness readiness, HttpContext http, CancellationToken ct)
    {
        var tx = new ScreeningTransaction(request.TransactionId ?? Guid.Empty, request.Type ?? "", request.Amount ?? 0,
            request.Currency ?? "", request.PayerId ?? Guid.Empty, request.PayeeId, request.PayeeName, request.Channel ?? "",
            request.DeviceId, request.IpAddress, request.OccurredAt ?? default);
        var errors = ScreeningValidation.Validate(tx);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (!readiness.IsReady)
        {
            return TypedResults.Problem("Screening is loading its state; retry shortly.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        var result = await screening.ScreenAsync(tx, http.TraceIdentifier, ct);
        return TypedResults.Ok(ToResponse(result));
    }

    internal static async Task<Results<Ok<ScreeningResponse>, NotFound>> GetAsync(Guid transactionId, ScreeningService screening, CancellationToken ct) =>
        await screening.FindAsync(transactionId, ct) is { } result ? TypedResults.Ok(ToResponse(result)) : TypedResults.NotFound();

    public static ScreeningResponse ToResponse(ScreeningResult result) => new(
        result.Decision.TransactionId, result.Decision.Id, result.Decision.Outcome, result.Decision.Score,
        [.. result.Reasons.Select(r => new ReasonView(r.Code, r.Message))], result.Decision.CaseId, result.Decision.DecidedAt);
}
