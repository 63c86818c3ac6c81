using Microsoft.AspNetCore.Identity;

namespace Jade.Identity.Registration;

/// <summary>Collects validation messages per field, in the shape of <c>ValidationProblem</c>'s <c>errors</c>.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
    }

    /// <summary>Routes ASP.NET Core Identity's error codes to the field that caused them.</summary>
    public void AddIdentityErrors(IEnumerable<IdentityError> errors, string passwordField, string emailField)
    {
        foreach (var error in errors)
        {
            var field = error.Code switch
            {
                _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => passwordField,
                "DuplicateEmail" or "DuplicateUserName" or "InvalidEmail" or "InvalidUserName" => emailField,
                _ => "",
            };
            Add(field, error.Description);
        }
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
