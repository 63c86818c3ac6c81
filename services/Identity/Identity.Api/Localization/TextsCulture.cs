using System.Globalization;

namespace Jade.Identity.Localization;

/// <summary>Which of identity's two languages the request's UI culture (set by request localization) asks for.</summary>
internal static class TextsCulture
{
    /// <summary><paramref name="english"/> for any English culture, otherwise <paramref name="chinese"/>, the default.</summary>
    public static T Pick<T>(T chinese, T english) =>
        CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? english : chinese;
}
