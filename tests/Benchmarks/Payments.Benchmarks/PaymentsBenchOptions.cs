using System.Globalization;

namespace Jade.Payments.Benchmarks;

public sealed record PaymentsBenchOptions(double Rate, int Seconds, int WarmupSeconds, int Customers, bool InProcess = false)
{
    public const string Usage = """
        deploy/bench.sh payments [--rate 300] [--seconds 30] [--warmup 15] [--customers 6000] [--in-process] [--quick]
          --rate       transfers offered per second, open loop (each due at i/rate whether or not earlier ones finished)
          --seconds    length of each timed run
          --warmup     untimed saga run first, so the JIT and the connection pools have settled
          --customers  registered, funded customers with a PIN; payer and payee are drawn from them
          --in-process keep ledger, risk and payments in this process with the load generator (one runtime, one heap)
                       instead of a process each, as deployed
          --quick      smoke run: 100/s for 5 s, 5 s warm-up, 600 customers
        """;

    public static PaymentsBenchOptions Parse(string[] args)
    {
        var options = new PaymentsBenchOptions(300, 30, 15, 6000);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--rate" => options with { Rate = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--seconds" => options with { Seconds = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--warmup" => options with { WarmupSeconds = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--customers" => options with { Customers = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--in-process" => options with { InProcess = true },
                "--quick" => new PaymentsBenchOptions(100, 5, 5, 600, options.InProcess),
                var other => throw new ArgumentException($"Unknown option {other}.\n{Usage}"),
            };
        }
        if (options.Rate <= 0 || options.Seconds <= 0 || options.Customers < 2) throw new ArgumentException("Rate, seconds and customers must be positive.");
        return options;
    }
}
