namespace Jade.Notifications.Deliveries;

/// <summary><c>Notifications:Delivery</c>: how e-mail and SMS are retried.</summary>
public sealed class DeliveryOptions
{
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    public int BatchSize { get; set; } = 20;
    /// <summary>Tries, counting the first, before a delivery is marked failed for staff to look at.</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>Wait after the first failed try; doubles per try (with jitter) up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary><c>Notifications:Smtp</c>. Locally and in tests a real SMTP server on loopback (aiosmtpd) receives the mail.</summary>
public sealed class SmtpOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 2525;
    /// <summary>STARTTLS is required unless the server is on loopback, where no traffic leaves the machine.</summary>
    public bool RequireTls { get; set; } = true;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string FromAddress { get; set; } = "no-reply@jade.example";
    public string FromName { get; set; } = "Jade";
}

/// <summary><c>Notifications:Sms</c>: the SMS provider's HTTP API (locally the sandbox in deploy/rail-simulator).</summary>
public sealed class SmsOptions
{
    public Uri BaseUrl { get; set; } = new("http://127.0.0.1:5190/");
    public string ApiKey { get; set; } = "";
    public string SenderId { get; set; } = "Jade";
}
