using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Jade.Gateway.Spa;

/// <summary>The built SPA's folder (<c>Spa:Root</c>, relative to the content root or absolute).</summary>
public sealed record SpaRoot(string Path, bool Exists);

public static partial class SpaHosting
{
    // Paths the SPA never owns: a miss there is a real 404, not a client-side route.
    private static readonly string[] ServerPrefixes =
        ["/api", "/bff", "/connect", "/account", "/.well-known", "/health", "/metrics", "/openapi", "/scalar",
         "/signin-oidc", "/signout-callback-oidc", "/signout-oidc"];

    public static IHostApplicationBuilder AddSpa(this IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration["Spa:Root"] is { Length: > 0 } root ? root : "../../web-vue/dist";
        var path = System.IO.Path.GetFullPath(configured, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(new SpaRoot(path, Directory.Exists(path)));
        return builder;
    }

    public static WebApplication UseSpaStaticFiles(this WebApplication app)
    {
        var spa = app.Services.GetRequiredService<SpaRoot>();
        if (!spa.Exists)
        {
            // The gateway still proxies and runs the BFF; only the SPA is missing until web-vue is built.
            LogSpaMissing(app.Logger, spa.Path);
            return app;
        }
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(spa.Path),
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = CacheControlFor(file.File.Name, file.Context.Request.Path),
        });
        return app;
    }

    public static WebApplication MapSpaFallback(this WebApplication app)
    {
        var spa = app.Services.GetRequiredService<SpaRoot>();
        var index = new FileInfo(System.IO.Path.Combine(spa.Path, "index.html"));
        app.MapFallback(async context =>
        {
            if (ServerPrefixes.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)) || !index.Exists)
            {
                await Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found").ExecuteAsync(context);
                return;
            }
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = CacheControlFor(index.Name, context.Request.Path);
            await context.Response.SendFileAsync(index.FullName);
        });
        return app;
    }

    /// <summary>index.html must never be cached (it names the current bundles); Vite's hashed assets never change.</summary>
    private static string CacheControlFor(string fileName, PathString requestPath) =>
        fileName.Equals("index.html", StringComparison.OrdinalIgnoreCase) ? "no-store"
        : requestPath.StartsWithSegments("/assets") ? "public, max-age=31536000, immutable"
        : "no-cache";

    [LoggerMessage(LogLevel.Warning, "SPA folder {Path} does not exist: the gateway starts without the SPA (build web-vue or set Spa__Root)")]
    private static partial void LogSpaMissing(ILogger logger, string path);
}
