namespace Jade.ServiceDefaults;

/// <summary>List paging for every API: 1-based pages of 1 to <see cref="MaxPageSize"/> items, 20 by default.</summary>
public readonly record struct Paging(int Page, int Size)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    /// <summary>Far past any list a person pages through, and low enough that <see cref="Skip"/> cannot overflow.</summary>
    public const int MaxPage = 100_000;

    public int Skip => (Page - 1) * Size;

    /// <summary>The paging asked for, adding a field error to <paramref name="errors"/> for each bad value.</summary>
    public static Paging From(int? page, int? pageSize, Dictionary<string, string[]> errors)
    {
        var paging = new Paging(page ?? 1, pageSize ?? DefaultPageSize);
        if (paging.Page is < 1 or > MaxPage) errors["page"] = [$"page must be between 1 and {MaxPage}."];
        if (paging.Size is < 1 or > MaxPageSize) errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        return paging;
    }
}

public static class PagingQueries
{
    /// <summary>The requested page of an already ordered query.</summary>
    public static IQueryable<T> PageOf<T>(this IQueryable<T> ordered, Paging paging) => ordered.Skip(paging.Skip).Take(paging.Size);
}
