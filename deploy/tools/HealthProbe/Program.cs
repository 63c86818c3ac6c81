using Jade.HealthProbe;

// Usage: Jade.HealthProbe [url]
// GETs the service's liveness endpoint on loopback (default http://127.0.0.1:<first ASPNETCORE_HTTP_PORTS port>/health/live)
// and exits 0 when it answers 2xx within the timeout, 1 otherwise, which is what Docker's HEALTHCHECK expects.
var url = args.Length > 0 ? new Uri(args[0]) : Probe.DefaultUrl(Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS"));
var (healthy, message) = await Probe.CheckAsync(url, TimeSpan.FromSeconds(3));
Console.WriteLine(message);
return healthy ? 0 : 1;
