using System.Text.Json;
using Jade.Identity.Localization;

namespace Jade.Identity.Passkeys;

/// <summary>The two fields every answer to a passkey ceremony carries, as the API names them in field errors.</summary>
internal static class CeremonyAnswerFields
{
    public const string CeremonyId = "ceremonyId";
    public const string Credential = "credential";

    /// <summary>A missing ceremony id, or a credential that is not the browser's JSON object, is a required field left out.</summary>
    public static void Check(Guid? ceremonyId, JsonElement? credential, AccountTexts texts, Dictionary<string, string[]> errors)
    {
        if (ceremonyId is null)
        {
            errors[CeremonyId] = [texts.Required];
        }
        if (credential is not { ValueKind: JsonValueKind.Object })
        {
            errors[Credential] = [texts.Required];
        }
    }
}
