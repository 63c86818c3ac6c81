using System.Text.Json;
using Jade.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Jade.ServiceDefaults;

namespace Jade.Risk.Cases;

public sealed record CaseClaimRequest(bool? TakeOver);

public sealed record CaseNoteRequest(string? Text);

public sealed record CaseNote(Guid Id, string Author, string Text, DateTimeOffset CreatedAt);

/// <summary>
/// How officers share the queue: one claims a case before investigating it, so no two work it at once; only the
/// assignee decides it (or anyone, while nobody has claimed it); another officer may take it over — for a colleague who
/// is away — which the audit trail records as such. Notes record the investigation as it goes.
/// </summary>
public static class CaseWork
{
    public const string AssignedElsewhereType = "https://jade.example/problems/case-assigned-elsewhere";

    public static RouteGroupBuilder MapCaseWork(this RouteGroupBuilder cases)
    {
        // Closed, or held by another officer (release: also unassigned).
        cases.MapPost("/{id:guid}/claim", ClaimAsync).WithName("ClaimCase").ProducesProblem(StatusCodes.Status409Conflict);
        cases.MapPost("/{id:guid}/release", ReleaseAsync).WithName("ReleaseCase").ProducesProblem(StatusCodes.Status409Conflict);
        cases.MapPost("/{id:guid}/notes", AddNoteAsync).WithName("AddCaseNote");
        return cases;
    }

    /// <summary>
    /// The case, locked for the rest of the transaction: claims, releases and decisions on one case apply one after the
    /// other, and each sees the state the one before it left.
    /// </summary>
    internal static Task<CaseRow?> LockAsync(RiskDb db, Guid id, CancellationToken ct) =>
        db.Cases.FromSql($"SELECT * FROM risk.cases WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(ct);

    /// <summary>The 409 for acting on a case another officer holds.</summary>
    internal static ProblemHttpResult AssignedElsewhere(CaseRow row, string action) => TypedResults.Problem(
        $"{row.AssignedToName ?? row.AssignedTo} is working on this case; take it over before you {action} it.",
        statusCode: StatusCodes.Status409Conflict, title: "Assigned to another officer", type: AssignedElsewhereType,
        extensions: new Dictionary<string, object?> { ["assignee"] = row.AssignedToName ?? row.AssignedTo });

    internal static async Task<Results<Ok<CaseDetail>, NotFound, ProblemHttpResult>> ClaimAsync(
        Guid id, CaseClaimRequest? request, RiskDb db, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var actor = AuditActor.Of(http);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await LockAsync(db, id, ct) is not { } row) return TypedResults.NotFound();
        if (row.Status != CaseStatus.Open) return NotOpen(row);
        if (row.AssignedTo == actor.Id) return TypedResults.Ok(await CaseEndpoints.DetailAsync(db, row, actor.Id, ct));
        var takingOver = row.AssignedTo is not null;
        if (takingOver && request?.TakeOver != true) return AssignedElsewhere(row, "claim");

        var now = time.GetUtcNow();
        var before = Assignment(row);
        (row.AssignedTo, row.AssignedToName, row.AssignedAt) = (actor.Id, actor.Name, now);
        await db.AppendAuditAsync(actor, takingOver ? "case.take_over" : "case.claim", "case", row.Id.ToString(), before, Assignment(row), now, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(await CaseEndpoints.DetailAsync(db, row, actor.Id, ct));
    }

    internal static async Task<Results<Ok<CaseDetail>, NotFound, ProblemHttpResult>> ReleaseAsync(
        Guid id, RiskDb db, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var actor = AuditActor.Of(http);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await LockAsync(db, id, ct) is not { } row) return TypedResults.NotFound();
        if (row.Status != CaseStatus.Open) return NotOpen(row);
        if (row.AssignedTo != actor.Id)
        {
            return row.AssignedTo is null
                ? TypedResults.Problem("Nobody is working on this case.", statusCode: StatusCodes.Status409Conflict, title: "Not assigned")
                : AssignedElsewhere(row, "release");
        }

        var now = time.GetUtcNow();
        var before = Assignment(row);
        (row.AssignedTo, row.AssignedToName, row.AssignedAt) = (null, null, null);
        await db.AppendAuditAsync(actor, "case.release", "case", row.Id.ToString(), before, Assignment(row), now, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(await CaseEndpoints.DetailAsync(db, row, actor.Id, ct));
    }

    /// <summary>Any officer may add a note, to an open or a closed case (a filing reference comes after the decision).</summary>
    internal static async Task<Results<Created<CaseNote>, ValidationProblem, NotFound>> AddNoteAsync(
        Guid id, CaseNoteRequest? request, RiskDb db, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var text = request?.Text?.Trim();
        if (text is not { Length: > 0 and <= CaseNoteRow.MaxText } || FreeText.HasControlCharacters(text, multiLine: true))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["text"] = [$"text is 1 to {CaseNoteRow.MaxText} characters, without control characters."],
            });
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await db.Cases.AnyAsync(c => c.Id == id, ct)) return TypedResults.NotFound();

        var actor = AuditActor.Of(http);
        var now = time.GetUtcNow();
        var note = new CaseNoteRow { Id = Guid.CreateVersion7(now), CaseId = id, AuthorId = actor.Id, AuthorName = actor.Name, Text = text, CreatedAt = now };
        db.CaseNotes.Add(note);
        // The audit entry names the note, not its text: the text is personal data and stays encrypted in one place.
        await db.AppendAuditAsync(actor, "case.note", "case", id.ToString(), null,
            JsonSerializer.Serialize(new { NoteId = note.Id, text.Length }, JsonSerializerOptions.Web), now, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/risk/cases/{id}", NoteView(note));
    }

    internal static CaseNote NoteView(CaseNoteRow n) => new(n.Id, n.AuthorName ?? n.AuthorId, n.Text!, n.CreatedAt);

    private static ProblemHttpResult NotOpen(CaseRow row) => TypedResults.Problem(
        $"The case is {row.Status}; only open cases are worked on.", statusCode: StatusCodes.Status409Conflict, title: "Case closed");

    private static string Assignment(CaseRow row) =>
        JsonSerializer.Serialize(new { row.AssignedTo, row.AssignedToName }, JsonSerializerOptions.Web);
}
