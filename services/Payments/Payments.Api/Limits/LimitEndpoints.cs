namespace Jade.Payments.Limits;

public static class LimitEndpoints
{
    public static IEndpointRouteBuilder MapLimitEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/payments/limits", async (PaymentLimits limits, HttpContext http, CancellationToken ct) =>
                TypedResults.Ok(await limits.TodayAsync(http.User.CustomerId()!.Value, ct)))
            .WithTags("Limits").WithName("GetPaymentLimits").RequireAuthorization(PaymentsAuthorization.CustomerPolicy);
        return app;
    }
}
