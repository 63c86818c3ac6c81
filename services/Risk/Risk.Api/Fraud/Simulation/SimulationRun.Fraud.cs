using Jade.Risk.Screening;

namespace Jade.Risk.Fraud.Simulation;

/// <summary>The fraud incidents: each method plants one incident of its scenario, all of whose transactions carry
/// the scenario label and the incident number.</summary>
internal sealed partial class SimulationRun
{
    // Relative frequency of incidents per scenario, in FraudScenarios.All order.
    private static readonly double[] ScenarioWeights = [0.25, 0.15, 0.20, 0.12, 0.12, 0.16];

    private readonly HashSet<SimulatedCustomer> _victims = [];
    private int _incident;
    private int _day;

    private void GenerateFraud()
    {
        var perDay = _options.FraudIncidentsPerThousandCustomersPerDay * _options.Customers / 1000.0;
        // From the second day on, so victims have a little history to deviate from.
        for (var day = 1; day < _options.Days; day++)
        {
            var incidents = _random.Poisson(perDay);
            for (var i = 0; i < incidents; i++)
            {
                var midnight = _firstLocalMidnight.AddDays(day);
                _incident++;
                _day = day;
                switch (FraudScenarios.All[_random.Weighted(ScenarioWeights)])
                {
                    case FraudScenarios.AccountTakeover: AccountTakeover(midnight, day); break;
                    case FraudScenarios.CompromisedDevice: CompromisedDevice(midnight); break;
                    case FraudScenarios.AmountSpike: AmountSpike(midnight); break;
                    case FraudScenarios.MuleFanIn: MuleFanIn(midnight); break;
                    case FraudScenarios.MuleFanOut: MuleFanOut(midnight); break;
                    default: Structuring(midnight); break;
                }
            }
        }
    }

    /// <summary>A stranger's device and IP, mostly between 01:00 and 05:00, three to six transfers minutes apart to
    /// new payees, together draining most of the balance.</summary>
    private void AccountTakeover(DateTimeOffset midnight, int day)
    {
        var victim = Victim();
        var device = NewDevice();
        var ip = _random.IpAddress();
        var channel = _random.Chance(0.6) ? "app" : "web";
        var at = midnight.AddHours(_random.Chance(0.8) ? _random.Uniform(1, 5) : _random.Uniform(0, 24));
        var balance = victim.BalanceByDay[Math.Min(day, victim.BalanceByDay.Length - 1)];
        var remaining = Math.Max((long)(balance * _random.Uniform(0.8, 1.0)), ToMinor(_random.Uniform(2_000, 15_000)));
        var transfers = _random.Int(3, 7);
        (Guid Id, string Name)? payee = null;
        for (var i = 0; i < transfers && remaining > 0; i++)
        {
            at = at.AddMinutes(_random.Uniform(0.5, 6));
            var last = i == transfers - 1;
            var amount = last ? remaining : Math.Max(10_000, (long)(remaining * _random.Uniform(0.3, 0.6)));
            amount = Math.Min(amount, remaining);
            remaining -= amount;
            if (payee is null || _random.Chance(0.7)) payee = NewAccount();
            var withdrawal = last && _random.Chance(0.2);
            Fraud(FraudScenarios.AccountTakeover, new ScreeningTransaction(_random.Id(),
                withdrawal ? TransactionTypes.Withdrawal : TransactionTypes.P2P, amount, Cny, victim.Id,
                withdrawal ? null : payee.Value.Id, withdrawal ? null : payee.Value.Name, channel, device, ip, at));
        }
    }

    /// <summary>One fraudster device signs into three to six victims' accounts within a few hours and sends from each.</summary>
    private void CompromisedDevice(DateTimeOffset midnight)
    {
        var device = NewDevice();
        var ip = _random.IpAddress();
        var start = midnight.AddHours(_random.Uniform(0, 24));
        var collector = NewAccount();
        var victims = _random.Int(3, 7);
        for (var v = 0; v < victims; v++)
        {
            var victim = Victim();
            var at = start.AddHours(_random.Uniform(0, 6));
            var payee = _random.Chance(0.5) ? collector : NewAccount();
            var transfers = _random.Int(1, 3);
            for (var i = 0; i < transfers; i++)
            {
                Fraud(FraudScenarios.CompromisedDevice, new ScreeningTransaction(_random.Id(), TransactionTypes.P2P,
                    ToMinor(_random.Uniform(500, 5_000)), Cny, victim.Id, payee.Id, payee.Name, "app", device, ip, at));
                at = at.AddMinutes(_random.Uniform(1, 5));
            }
        }
    }

    /// <summary>The customer's own device, IP and hours, but 15–60 times their usual amount to a new payee: the
    /// social-engineering case where only the amount and the payee give it away.</summary>
    private void AmountSpike(DateTimeOffset midnight)
    {
        var victim = Victim();
        var at = midnight.AddHours(ActiveHour(victim));
        var payee = NewAccount();
        var usual = Math.Max(victim.P2PMedian, victim.PaymentMedian);
        var yuan = Math.Clamp(usual * _random.Uniform(15, 60), 3_000, 40_000);
        var transfers = _random.Chance(0.3) ? 2 : 1;
        for (var i = 0; i < transfers; i++)
        {
            Fraud(FraudScenarios.AmountSpike, new ScreeningTransaction(_random.Id(), TransactionTypes.P2P,
                ToMinor(yuan * _random.Uniform(0.8, 1.1)), Cny, victim.Id, payee.Id, payee.Name, victim.Channel,
                victim.Devices[0], victim.IpAddresses[0], at));
            at = at.AddMinutes(_random.Uniform(10, 60));
        }
    }

    /// <summary>Eight to twenty scammed customers pay one brand-new account within hours (from their own devices);
    /// minutes after the last payment the mule sends nearly all of it on.</summary>
    private void MuleFanIn(DateTimeOffset midnight)
    {
        var mule = NewAccount();
        var device = NewDevice();
        var ip = _random.IpAddress();
        var start = midnight.AddHours(_random.Uniform(9, 18));
        var payers = _random.Int(8, 21);
        var times = Enumerable.Range(0, payers).Select(_ => start.AddHours(_random.Uniform(0, 5))).Order().ToList();
        long received = 0;
        foreach (var at in times)
        {
            var victim = Victim();
            var amount = ToMinor(_random.Uniform(200, 3_000));
            received += amount;
            Fraud(FraudScenarios.MuleFanIn, new ScreeningTransaction(_random.Id(), TransactionTypes.P2P, amount, Cny,
                victim.Id, mule.Id, mule.Name, victim.Channel, victim.Devices[0], _random.Pick(victim.IpAddresses), at));
        }
        SendOn(FraudScenarios.MuleFanIn, mule, device, ip, times[^1].AddMinutes(_random.Uniform(5, 45)),
            (long)(received * _random.Uniform(0.9, 1.0)), _random.Int(1, 4), TimeSpan.FromMinutes(3));
    }

    /// <summary>A new account receives one or two large sums from new accounts, then within hours splits them across
    /// eight to fifteen new payees.</summary>
    private void MuleFanOut(DateTimeOffset midnight)
    {
        var mule = NewAccount();
        var device = NewDevice();
        var ip = _random.IpAddress();
        var at = midnight.AddHours(_random.Uniform(0, 24));
        var sources = _random.Int(1, 3);
        long received = 0;
        for (var i = 0; i < sources; i++)
        {
            var source = NewAccount();
            var amount = ToMinor(_random.Uniform(8_000, 40_000));
            received += amount;
            Fraud(FraudScenarios.MuleFanOut, new ScreeningTransaction(_random.Id(), TransactionTypes.P2P, amount, Cny,
                source.Id, mule.Id, mule.Name, "web", NewDevice(), _random.IpAddress(), at));
            at = at.AddMinutes(_random.Uniform(2, 30));
        }
        SendOn(FraudScenarios.MuleFanOut, mule, device, ip, at.AddMinutes(_random.Uniform(10, 180)),
            (long)(received * _random.Uniform(0.9, 1.0)), _random.Int(8, 16), TimeSpan.FromMinutes(15));
    }

    /// <summary>Three to five amounts between 45,000 and 49,999 yuan within a day, withdrawn or sent to one or two
    /// accomplices, from the customer's own device.</summary>
    private void Structuring(DateTimeOffset midnight)
    {
        var customer = Victim();
        var accomplices = new[] { NewAccount(), NewAccount() };
        var start = midnight.AddHours(_random.Uniform(7, 20));
        var count = _random.Int(3, 6);
        var times = Enumerable.Range(0, count).Select(_ => start.AddHours(_random.Uniform(0, 20))).Order().ToList();
        var threshold = FraudScenarios.ReportingThreshold;
        foreach (var at in times)
        {
            var amount = _random.Int((int)(threshold * 9 / 10 / 100), (int)(threshold / 100)) * 100L;
            var withdrawal = _random.Chance(0.5);
            var payee = _random.Pick(accomplices);
            Fraud(FraudScenarios.Structuring, new ScreeningTransaction(_random.Id(),
                withdrawal ? TransactionTypes.Withdrawal : TransactionTypes.P2P, amount, Cny, customer.Id,
                withdrawal ? null : payee.Id, withdrawal ? null : payee.Name, customer.Channel, customer.Devices[0],
                _random.Pick(customer.IpAddresses), at));
        }
    }

    /// <summary>The mule's own outgoing leg: <paramref name="total"/> split roughly evenly over
    /// <paramref name="payees"/> new accounts, a random gap of up to <paramref name="maxGap"/> apart.</summary>
    private void SendOn(string scenario, (Guid Id, string Name) mule, string device, string ip, DateTimeOffset at,
        long total, int payees, TimeSpan maxGap)
    {
        var remaining = total;
        for (var i = 0; i < payees && remaining > 0; i++)
        {
            var amount = i == payees - 1 ? remaining : Math.Min(remaining, (long)(total / payees * _random.Uniform(0.8, 1.2)));
            remaining -= amount;
            var payee = NewAccount();
            Fraud(scenario, new ScreeningTransaction(_random.Id(), TransactionTypes.P2P, amount, Cny, mule.Id, payee.Id,
                payee.Name, "app", device, ip, at));
            at = at.AddMinutes(_random.Uniform(0.5, maxGap.TotalMinutes));
        }
    }

    /// <summary>A customer not yet caught up in another incident (while there are any), so incidents stay separate.</summary>
    private SimulatedCustomer Victim()
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var c = _random.Pick(_customers);
            if (c.JoinDay < _day && _victims.Add(c)) return c;
        }
        return _random.Pick(_customers);
    }

    private (Guid Id, string Name) NewAccount() => (_random.Id(), RandomName());

    private void Fraud(string scenario, ScreeningTransaction tx) =>
        Add(tx with { OccurredAt = tx.OccurredAt.AddMilliseconds(_random.Int(0, 1000)) }, scenario, _incident);
}
