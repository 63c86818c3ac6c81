using System.Net;
using System.Text.RegularExpressions;

namespace Jade.Identity.Tests;

/// <summary>
/// A cookie-keeping HTTP client that behaves like a browser on server-rendered forms: it reads the anti-forgery token
/// from the page and posts it back; redirects are followed explicitly, so tests can see where each step leads.
/// </summary>
public sealed partial class Browser(HttpClient http) : IDisposable
{
    private static readonly Uri Origin = new("http://localhost/");

    public HttpClient Http => http;

    public async Task<(HttpResponseMessage Response, string Html)> GetPageAsync(string url)
    {
        var response = await http.GetAsync(url);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Loads the form page, then posts <paramref name="fields"/> with its anti-forgery token to the same URL.</summary>
    public async Task<HttpResponseMessage> SubmitFormAsync(string pageUrl, IDictionary<string, string> fields)
    {
        var (page, html) = await GetPageAsync(pageUrl);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"GET {pageUrl}: {html}");
        return await PostFormAsync(pageUrl, AntiforgeryTokenOf(html), fields);
    }

    /// <summary>The anti-forgery token of a loaded form page, as a browser would post it back.</summary>
    public static string AntiforgeryTokenOf(string html)
    {
        var token = AntiforgeryToken().Match(html);
        Assert.That(token.Success, Is.True, "The form carries an anti-forgery token.");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    /// <summary>Posts <paramref name="fields"/> and the page's anti-forgery <paramref name="token"/> to <paramref name="url"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string url, string token, IDictionary<string, string> fields)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token });
        return await http.PostAsync(url, content);
    }

    /// <summary>Follows local redirects until one leaves this service (returned as its URI) or a page answers.</summary>
    public async Task<Uri> FollowRedirectsAsync(HttpResponseMessage response)
    {
        for (var hop = 0; hop < 10; hop++)
        {
            if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
            {
                return response.RequestMessage!.RequestUri!;
            }
            var location = Resolve(response.Headers.Location!);
            if (location.Host != Origin.Host || location.Port != Origin.Port)
            {
                return location;
            }
            response = await http.GetAsync(location);
        }
        throw new InvalidOperationException("Too many redirects.");
    }

    public static Uri Resolve(Uri location) => location.IsAbsoluteUri ? location : new Uri(Origin, location);

    /// <summary>The path and query of a local redirect, as a browser would request it next.</summary>
    public static string LocalTarget(HttpResponseMessage response) => Resolve(response.Headers.Location!).PathAndQuery;

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
