using Microsoft.AspNetCore.DataProtection;

namespace Jade.Gateway.Bff;

internal static class DataProtectionSetup
{
    /// <summary>
    /// Keys protect both the session cookie and the stored tickets; ephemeral keys would log everyone out on restart,
    /// so they live in <c>DataProtection:KeysPath</c> (a volume shared by all gateway replicas).
    /// </summary>
    public static void AddPersistedDataProtection(this IHostApplicationBuilder builder)
    {
        var keysPath = builder.Configuration["DataProtection:KeysPath"];
        if (string.IsNullOrWhiteSpace(keysPath))
        {
            throw new InvalidOperationException("DataProtection:KeysPath (env DataProtection__KeysPath) must name a persistent folder.");
        }
        var folder = new DirectoryInfo(Path.GetFullPath(keysPath, builder.Environment.ContentRootPath));
        builder.Services.AddDataProtection()
            .SetApplicationName("jade-gateway")
            .PersistKeysToFileSystem(folder);
    }
}
