namespace Jade.Payments.Cards;

public sealed record BindCardRequest(string? CardNumber, string? HolderName, string? Label);

/// <summary>A bound card as its owner sees it: never the full number.</summary>
public sealed record BankCardView(Guid Id, string MaskedNumber, string Last4, string HolderName, string? Label, DateTimeOffset BoundAt)
{
    public static BankCardView Of(BankCardRow card) =>
        new(card.Id, card.Masked, card.Last4, MaskName(card.HolderName!), card.Label, card.BoundAt);

    /// <summary>All but the first character starred (<c>张三丰</c> → <c>张**</c>, <c>Li Wei</c> → <c>L*****</c>):
    /// enough for the owner to recognise the card, little for a shoulder-surfer.</summary>
    public static string MaskName(string name) => name.Length <= 1 ? name : name[..1] + new string('*', name.Length - 1);
}

public static class BankCardRequests
{
    public const int MaxHolderNameLength = 100;
    public const int MaxLabelLength = 40;
    /// <summary>Cards a customer may have bound at once.</summary>
    public const int MaxCardsPerCustomer = 10;

    /// <summary>Every field checked at once; errors keyed by the JSON field name.</summary>
    public static (string Digits, string HolderName, string? Label, Dictionary<string, string[]> Errors) Validate(BindCardRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var (digits, numberError) = CardNumber.Parse(request.CardNumber);
        if (numberError is not null) errors["cardNumber"] = [numberError];
        var holder = request.HolderName?.Trim() ?? "";
        if (holder.Length == 0) errors["holderName"] = ["Enter the name on the card."];
        else if (holder.Length > MaxHolderNameLength) errors["holderName"] = [$"The name on the card has at most {MaxHolderNameLength} characters."];
        else if (holder.Any(char.IsControl)) errors["holderName"] = ["The name on the card contains characters that are not allowed."];
        var label = string.IsNullOrWhiteSpace(request.Label) ? null : request.Label.Trim();
        if (label is { Length: > MaxLabelLength }) errors["label"] = [$"A label has at most {MaxLabelLength} characters."];
        else if (label is not null && label.Any(char.IsControl)) errors["label"] = ["The label contains characters that are not allowed."];
        return (digits ?? "", holder, label, errors);
    }
}
