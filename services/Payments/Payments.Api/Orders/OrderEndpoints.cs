using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Orders;

public static class OrderEndpoints
{
    /// <summary>An export is a statement, not a dump: it stops at a year's worth of a busy customer's payments.</summary>
    public const int MaxExportRows = 10_000;

    /// <summary>How many orders matched, so a reader can tell an export that stopped at <see cref="MaxExportRows"/> from a complete one.</summary>
    public const string TotalCountHeader = "X-Total-Count";

    public static IEndpointRouteBuilder MapOrderEndpoints(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/payments/orders").WithTags("Payment orders").RequireAuthorization(PaymentsAuthorization.CustomerPolicy);
        orders.MapGet("", ListAsync).WithName("ListPayments");
        orders.MapGet("/export", ExportAsync).WithName("ExportPayments").Produces<string>(contentType: "text/csv");
        orders.MapGet("/{id:guid}", GetAsync).WithName("GetPayment");
        // 409: no receipt until the payment completes.
        orders.MapGet("/{id:guid}/receipt", ReceiptAsync).WithName("GetPaymentReceipt").ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    internal static async Task<Results<Ok<PaymentPage>, ValidationProblem>> ListAsync([AsParameters] OrderQuery query, PaymentsDb db, HttpContext http, CancellationToken ct)
    {
        var (filter, errors) = query.Validate();
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var customer = http.User.CustomerId()!.Value;
        var visible = filter.Apply(db.PaymentOrders.AsNoTracking(), customer);
        var total = await visible.CountAsync(ct);
        var rows = await visible.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .PageOf(filter.Paging).ToListAsync(ct);
        return TypedResults.Ok(new PaymentPage([.. rows.Select(o => PaymentView.Of(o, customer))], filter.Paging.Page, filter.Paging.Size, total));
    }

    internal static async Task<Results<FileContentHttpResult, ValidationProblem>> ExportAsync([AsParameters] OrderQuery query, PaymentsDb db, HttpContext http,
        TimeProvider time, CancellationToken ct)
    {
        var (filter, errors) = query.Validate();
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var customer = http.User.CustomerId()!.Value;
        var matching = filter.Apply(db.PaymentOrders.AsNoTracking(), customer);
        http.Response.Headers[TotalCountHeader] = (await matching.CountAsync(ct)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var rows = await matching.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Take(MaxExportRows).ToListAsync(ct);
        var csv = PaymentCsv.Write(rows.Select(o => PaymentView.Of(o, customer)));
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8",
            $"jade-payments-{time.GetUtcNow():yyyyMMdd}.csv");
    }

    internal static async Task<Results<Ok<PaymentDetail>, NotFound>> GetAsync(Guid id, PaymentsDb db, HttpContext http, CancellationToken ct)
    {
        var customer = http.User.CustomerId()!.Value;
        var order = await OrderFilter.VisibleTo(db.PaymentOrders.AsNoTracking(), customer).Include(o => o.Timeline)
            .SingleOrDefaultAsync(o => o.Id == id, ct);
        if (order is null) return TypedResults.NotFound();
        var timeline = order.CustomerId == customer
            ? order.Timeline.OrderBy(t => t.Id).Select(t => new TimelineEntry(t.Step, t.At, t.Detail)).ToList()
            : [new TimelineEntry("completed", order.CompletedAt!.Value, null)];
        return TypedResults.Ok(PaymentDetail.Of(PaymentView.Of(order, customer), timeline));
    }

    internal static async Task<Results<Ok<PaymentReceipt>, NotFound, ProblemHttpResult>> ReceiptAsync(Guid id, PaymentsDb db, HttpContext http,
        TimeProvider time, CancellationToken ct)
    {
        var customer = http.User.CustomerId()!.Value;
        var order = await OrderFilter.VisibleTo(db.PaymentOrders.AsNoTracking(), customer).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (order is null) return TypedResults.NotFound();
        if (order.Status != PaymentStatuses.Completed)
        {
            return TypedResults.Problem($"A receipt is issued once the payment completes; this one is {order.Status}.",
                statusCode: StatusCodes.Status409Conflict, title: "No receipt yet", type: PaymentReceipt.NotAvailableType);
        }
        return TypedResults.Ok(PaymentReceipt.Of(order, customer, time.GetUtcNow()));
    }
}
