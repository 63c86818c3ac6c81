using Jade.Contracts.Identity;
using Jade.Identity.Devices;
using Jade.Identity.Localization;
using Jade.Identity.Users;
using Jade.Messaging;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Jade.Persistence;

namespace Jade.Identity.Registration;

/// <summary>
/// Creates a customer. The user row and its <see cref="UserRegistered"/> outbox message commit in one transaction,
/// so a registration is never half-done and consumers hear of every customer exactly as the database has them.
/// </summary>
public sealed class RegistrationService(
    IdentityDb db,
    UserManager<JadeUser> users,
    IOutbox outbox,
    TimeProvider time,
    ILogger<RegistrationService> logger)
{
    public Task<RegistrationResult> RegisterAsync(RegistrationRequest request, CancellationToken ct) =>
        RegisterAsync(request, browser: null, ct);

    /// <param name="browser">The browser registering through the sign-up page: recorded as a known device of the new
    /// user in the same transaction, so signing in on it later raises no new-device alert.</param>
    public async Task<RegistrationResult> RegisterAsync(RegistrationRequest request, DeviceSighting? browser, CancellationToken ct)
    {
        var texts = AccountTexts.Current;
        var errors = RegistrationValidation.Validate(request, texts);
        if (errors.Any)
        {
            return RegistrationResult.Failed(errors.ToDictionary());
        }

        var email = request.Email!.Trim();
        var now = time.GetUtcNow();
        var user = new JadeUser
        {
            Id = Guid.CreateVersion7(now),
            UserName = email,
            Email = email,
            PhoneNumber = RegistrationValidation.NormalizePhone(request.PhoneNumber),
            Language = request.Language ?? Languages.Default,
            CreatedAt = now,
        };

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var created = await users.CreateAsync(user, request.Password!);
            if (!created.Succeeded)
            {
                errors.AddIdentityErrors(created.Errors, RegistrationFields.Password, RegistrationFields.Email);
                return RegistrationResult.Failed(errors.ToDictionary());
            }
            var roleAdded = await users.AddToRoleAsync(user, Roles.Customer);
            if (!roleAdded.Succeeded)
            {
                throw new InvalidOperationException($"Adding the customer role failed: {string.Join(", ", roleAdded.Errors.Select(e => e.Code))}");
            }
            if (browser is not null)
            {
                db.Set<KnownDevice>().Add(KnownDevice.FirstSeen(user.Id, browser, now));
            }
            outbox.Add(new UserRegistered(user.Id, email, user.Language, now, user.PhoneNumber));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Two registrations of one email raced past the duplicate check; the unique index decided.
            errors.Add(RegistrationFields.Email, texts.DuplicateEmail);
            return RegistrationResult.Failed(errors.ToDictionary());
        }

        logger.LogInformation("Registered user {UserId} ({Email})", user.Id, LogMasking.MaskEmail(email));
        return new RegistrationResult(user.Id, new Dictionary<string, string[]>());
    }
}
