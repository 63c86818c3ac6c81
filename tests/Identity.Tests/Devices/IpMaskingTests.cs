using System.Net;
using Jade.Identity.Devices;

namespace Jade.Identity.Tests.Devices;

public sealed class IpMaskingTests
{
    [TestCase("203.0.113.57", "203.0.113.x")]
    [TestCase("10.0.0.1", "10.0.0.x")]
    [TestCase("255.255.255.255", "255.255.255.x")]
    [TestCase("::ffff:198.51.100.7", "198.51.100.x")]
    [TestCase("2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3:8d3::x")]
    [TestCase("2001:0DB8:0000:0042:0000:8A2E:0370:7334", "2001:db8:0:42::x")]
    [TestCase("2001:db8::1", "2001:db8:0:0::x")]
    [TestCase("fe80::1%3", "fe80:0:0:0::x")]
    [TestCase("::1", "0:0:0:0::x")]
    [TestCase("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff::x")]
    public void Keeps_the_network_and_hides_the_host(string address, string expected) =>
        Assert.That(IpMasking.Mask(IPAddress.Parse(address)), Is.EqualTo(expected));

    [Test]
    public void No_address_is_unknown() => Assert.That(IpMasking.Mask(null), Is.EqualTo("unknown"));

    [Test]
    public void The_longest_masked_form_fits_the_column() =>
        Assert.That(IpMasking.Mask(IPAddress.Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).Length, Is.LessThanOrEqualTo(IpMasking.MaxLength));
}
