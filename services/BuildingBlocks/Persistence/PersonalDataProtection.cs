using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jade.Persistence;

public static class PersonalDataProtection
{
    /// <summary>
    /// The Data Protection key ring behind a service's <see cref="PersonalDataColumns"/>. Keys persist in the folder
    /// the <paramref name="keysPathSetting"/> setting names (a volume shared by the replicas, or a mounted secret);
    /// without it, the framework's per-user default folder, which suits development only. Each service has its own
    /// application name, so one service's ciphertext means nothing to another.
    /// </summary>
    public static IHostApplicationBuilder AddPersonalDataProtection(this IHostApplicationBuilder builder, string applicationName, string keysPathSetting)
    {
        var protection = builder.Services.AddDataProtection().SetApplicationName(applicationName);
        if (builder.Configuration[keysPathSetting] is { Length: > 0 } path)
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(path));
        }
        return builder;
    }
}
