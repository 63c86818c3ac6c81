namespace Jade.Risk;

/// <summary>
/// The check every free-text field gets before it is stored. PostgreSQL refuses U+0000 in text, so a NUL that passes
/// validation becomes a 500 (and, in a group commit, fails every other write of its batch); the other control
/// characters are refused with it because no honest field needs them and they garble logs and the console.
/// </summary>
internal static class FreeText
{
    /// <summary>
    /// Whether <paramref name="text"/> holds a control character. A comment or note may span lines, so
    /// <paramref name="multiLine"/> lets line breaks and tabs through; single-line fields (ids, names) get none.
    /// </summary>
    public static bool HasControlCharacters(string text, bool multiLine = false) =>
        text.Any(c => char.IsControl(c) && !(multiLine && c is '\n' or '\r' or '\t'));
}
