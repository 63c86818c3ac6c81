using System.Net;
using Jade.Notifications.Webhooks;

namespace Jade.Notifications.Tests.Webhooks;

public sealed class PublicAddressesTests
{
    [TestCase("8.8.8.8", true)]
    [TestCase("172.15.255.255", true, Description = "just below 172.16.0.0/12")]
    [TestCase("172.32.0.1", true, Description = "just above 172.16.0.0/12")]
    [TestCase("100.63.255.255", true)]
    [TestCase("2606:4700:4700::1111", true)]
    [TestCase("::ffff:8.8.8.8", true, Description = "IPv4-mapped public")]
    [TestCase("64:ff9b::808:808", true, Description = "NAT64 of 8.8.8.8")]
    [TestCase("127.0.0.1", false)]
    [TestCase("127.255.0.9", false)]
    [TestCase("0.0.0.0", false)]
    [TestCase("10.20.30.40", false)]
    [TestCase("172.16.0.1", false)]
    [TestCase("172.31.255.254", false)]
    [TestCase("192.168.1.1", false)]
    [TestCase("100.64.0.1", false, Description = "carrier-grade NAT")]
    [TestCase("169.254.169.254", false, Description = "cloud metadata")]
    [TestCase("198.18.0.1", false)]
    [TestCase("224.0.0.1", false)]
    [TestCase("255.255.255.255", false)]
    [TestCase("::", false)]
    [TestCase("::1", false)]
    [TestCase("::ffff:10.0.0.1", false, Description = "IPv4-mapped private")]
    [TestCase("::ffff:127.0.0.1", false, Description = "IPv4-mapped loopback")]
    [TestCase("64:ff9b::a9fe:a9fe", false, Description = "NAT64 of 169.254.169.254")]
    [TestCase("2002:c0a8:0101::1", false, Description = "6to4 of 192.168.1.1")]
    [TestCase("fd12:3456::1", false, Description = "unique local")]
    [TestCase("fe80::1", false, Description = "link-local")]
    [TestCase("ff02::1", false, Description = "multicast")]
    [TestCase("2001:db8::1", false, Description = "documentation")]
    public void An_address_is_public_only_outside_the_reserved_ranges(string address, bool expected) =>
        Assert.That(PublicAddresses.IsPublic(IPAddress.Parse(address)), Is.EqualTo(expected), address);

    [TestCase("127.0.0.1", true)]
    [TestCase("[::1]", true)]
    [TestCase("[::ffff:192.168.0.10]", true)]
    [TestCase("localhost", true)]
    [TestCase("LOCALHOST", true)]
    [TestCase("hooks.localhost", true)]
    [TestCase("hooks.bank.example", false, Description = "a name is checked when connecting, not here")]
    [TestCase("localhost.bank.example", false)]
    [TestCase("203.0.114.7", false)]
    public void A_url_host_that_can_never_be_public_is_recognised_without_resolving_it(string host, bool expected) =>
        Assert.That(PublicAddresses.IsNeverPublicHost(host), Is.EqualTo(expected), host);
}
