using System.Security.Cryptography;
using System.Text;
using Jade.Identity.Devices;
using Microsoft.AspNetCore.Http;

namespace Jade.Identity.Tests.Devices;

public sealed class DeviceCookieTests
{
    [TestCase(true, "jade.example", true)]
    [TestCase(false, "jade.example", true, Description = "behind a proxy that did not say https: still Secure")]
    [TestCase(true, "localhost", true)]
    [TestCase(false, "localhost", false, Description = "local development over plain http")]
    [TestCase(false, "127.0.0.1", false)]
    [TestCase(false, "[::1]", false)]
    public void Secure_except_on_loopback_over_http(bool https, string host, bool secure) =>
        Assert.That(DeviceCookie.IsSecure(https, host), Is.EqualTo(secure));

    [Test]
    public void A_browser_without_a_cookie_gets_a_new_128_bit_value_each_time()
    {
        var first = DeviceCookie.ReadOrCreate(new DefaultHttpContext().Request);
        var second = DeviceCookie.ReadOrCreate(new DefaultHttpContext().Request);
        Assert.That(first, Does.Match("^[0-9a-f]{32}$"));
        Assert.That(second, Is.Not.EqualTo(first));
    }

    [Test]
    public void A_well_formed_cookie_is_kept_and_a_forged_one_replaced()
    {
        const string Value = "0123456789abcdef0123456789abcdef";
        Assert.That(DeviceCookie.ReadOrCreate(WithCookie(Value)), Is.EqualTo(Value));
        Assert.That(DeviceCookie.ReadOrCreate(WithCookie("' OR 1=1 --")), Does.Match("^[0-9a-f]{32}$"));
        Assert.That(DeviceCookie.ReadOrCreate(WithCookie(Value.ToUpperInvariant())), Is.Not.EqualTo(Value.ToUpperInvariant()));
    }

    [Test]
    public void Only_the_sha256_of_the_value_is_kept() =>
        Assert.That(DeviceCookie.Hash("0123456789abcdef0123456789abcdef"),
            Is.EqualTo(SHA256.HashData(Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef"))));

    private static HttpRequest WithCookie(string value)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = $"{DeviceCookie.Name}={value}";
        return context.Request;
    }
}
