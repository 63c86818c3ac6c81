using Microsoft.AspNetCore.DataProtection;

namespace Jade.Risk;

public static class PersonalDataProtection
{
    /// <summary>
    /// Keys for the personal data risk keeps (KYC names on cases, payee names on decisions). They persist in
    /// <c>Risk:KeysPath</c> (a volume shared by the replicas, or a mounted secret); without it, the framework's
    /// per-user default folder, which suits development only.
    /// </summary>
    public static IHostApplicationBuilder AddPersonalDataProtection(this IHostApplicationBuilder builder)
    {
        var protection = builder.Services.AddDataProtection().SetApplicationName("jade-risk");
        if (builder.Configuration["Risk:KeysPath"] is { Length: > 0 } path)
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(path));
        }
        return builder;
    }
}
