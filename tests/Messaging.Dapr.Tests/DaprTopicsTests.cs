using Jade.Contracts.Identity;

namespace Jade.Messaging.Dapr.Tests;

/// <summary>The naming the Kubernetes <c>dapr</c> overlay relies on.</summary>
public sealed class DaprTopicsTests
{
    [TestCase("UserRegistered", "user-registered")]
    [TestCase("LoginFromNewDevice", "login-from-new-device")]
    [TestCase("KycScreeningCompleted", "kyc-screening-completed")]
    [TestCase("SMSSent", "sms-sent")]
    [TestCase("PaymentV2", "payment-v2")]
    [TestCase("Ping", "ping")]
    public void A_contract_name_becomes_a_kebab_case_topic(string name, string topic) =>
        Assert.That(DaprTopics.KebabCase(name), Is.EqualTo(topic));

    [Test]
    public void Routes_dead_letter_topics_and_the_component_follow_the_convention()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DaprTopics.For<UserRegistered>(), Is.EqualTo("user-registered"));
            Assert.That(DaprTopics.RouteFor("user-registered"), Is.EqualTo("/dapr/events/user-registered"));
            Assert.That(DaprTopics.DeadLetterFor("notifications"), Is.EqualTo("notifications-dead-letter"));
            Assert.That(DaprTopics.DefaultPubSubName, Is.EqualTo("jade-pubsub"));
        });
    }

    [Test]
    public void Two_contracts_that_would_share_a_topic_are_refused()
    {
        var refusal = Assert.Throws<InvalidOperationException>(() => DaprTopics.Map([typeof(UserRegistered), typeof(Other.UserRegistered)]));

        Assert.That(refusal!.Message, Does.Contain("user-registered").And.Contain(typeof(Other.UserRegistered).FullName));
    }

    [Test]
    public void Every_contract_has_a_topic_of_its_own()
    {
        // A producer and a consumer of a clashing pair may live in different services, where no start-up check sees both.
        var contracts = typeof(UserRegistered).Assembly.GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false }).ToList();

        var topics = DaprTopics.Map(contracts);

        Assert.That(topics, Has.Count.EqualTo(contracts.Count).And.Count.GreaterThan(10));
    }
}

internal static class Other
{
    public sealed record UserRegistered(Guid UserId);
}
