namespace Jade.ServiceDefaults;

/// <summary>
/// The check every free-text field gets before it is stored. PostgreSQL refuses U+0000 in text, so a NUL that passes
/// validation becomes a 500 (and, in a group commit, fails every other write of its batch); the other control
/// characters are refused with it because no honest field needs them and they garble logs and the console.
/// </summary>
public static class FreeText
{
    /// <summary>
    /// Whether <paramref name="text"/> holds a control character. A comment or note may span lines, so
    /// <paramref name="multiLine"/> lets line breaks and tabs through; single-line fields (ids, names) get none.
    /// </summary>
    public static bool HasControlCharacters(string text, bool multiLine = false) =>
        text.Any(c => char.IsControl(c) && !(multiLine && c is '\n' or '\r' or '\t'));

    /// <summary>
    /// Characters a note shown to another party (in history, receipts and exports) must not carry: control characters,
    /// and the bidirectional overrides that would make it read differently from what it says.
    /// </summary>
    public static bool IsUnsafeInText(char c) => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
