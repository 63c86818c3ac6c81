using Jade.Risk.Screening;

namespace Jade.Risk.Fraud.Simulation;

/// <summary>One execution of the simulator: normal customer traffic here, fraud incidents in SimulationRun.Fraud.cs.
/// Every draw comes from one seeded stream in a fixed order, which is what makes a seed reproducible.</summary>
internal sealed partial class SimulationRun
{
    private const string Cny = "CNY";
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly string[] Surnames = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Luo", "Gao"];
    private static readonly string[] GivenNames = ["Wei", "Fang", "Na", "Min", "Jing", "Lei", "Qiang", "Yan", "Jun", "Yong", "Jie", "Tao", "Ming", "Chao", "Xiu Ying", "Hui", "Xia", "Ping", "Gang", "Hong"];
    private static readonly string[] MerchantKinds = ["Coffee", "Noodles", "Supermarket", "Pharmacy", "Books", "Electronics", "Bakery", "Fruit", "Hotpot", "Cinema", "Fuel", "Telecom", "Clothing", "Taxi", "Utilities"];

    // Normal mix of transaction kinds (salary top-ups come on top): payment, p2p, top-up, withdrawal.
    private static readonly double[] TypeWeights = [0.62, 0.20, 0.10, 0.08];

    private readonly SimulationOptions _options;
    private readonly SimulationRandom _random;
    private readonly DateTimeOffset _start;
    private readonly DateTimeOffset _end;
    private readonly DateTimeOffset _firstLocalMidnight;
    private readonly List<Item> _items = [];
    private SimulatedCustomer[] _customers = [];
    private SimulatedMerchant[] _merchants = [];
    private double[] _merchantPopularity = [];
    private long _sequence;

    public SimulationRun(SimulationOptions options)
    {
        _options = options;
        _random = new SimulationRandom(options.Seed);
        _start = options.Start.ToUniversalTime();
        _end = _start.AddDays(options.Days);
        var local = _start.ToOffset(China);
        _firstLocalMidnight = new DateTimeOffset(local.Date, China);
    }

    public IReadOnlyList<SimulatedTransaction> Run()
    {
        CreateMerchants();
        CreateCustomers();
        foreach (var customer in _customers) GenerateNormal(customer);
        DropReceiveAndForward();
        GenerateFraud();
        return _items
            .Where(i => i.Transaction.OccurredAt >= _start && i.Transaction.OccurredAt < _end)
            .OrderBy(i => i.Transaction.OccurredAt).ThenBy(i => i.Sequence)
            .Select(i => new SimulatedTransaction(i.Transaction, i.Scenario is not null, i.Scenario, i.Incident))
            .ToList();
    }

    private void CreateMerchants()
    {
        _merchants = new SimulatedMerchant[Math.Max(20, _options.Customers / 15)];
        _merchantPopularity = new double[_merchants.Length];
        for (var i = 0; i < _merchants.Length; i++)
        {
            _merchants[i] = new SimulatedMerchant(_random.Id(), $"{_random.Pick(Surnames)} {_random.Pick(MerchantKinds)} {i:0000}");
            // Zipf-like: a few merchants take much of the traffic, as in real wallets.
            _merchantPopularity[i] = 1.0 / (i + 1);
        }
    }

    private void CreateCustomers()
    {
        _customers = new SimulatedCustomer[_options.Customers];
        for (var i = 0; i < _customers.Length; i++)
        {
            var c = new SimulatedCustomer(_random.Id(), RandomName());
            c.Devices.Add(NewDevice());
            if (_random.Chance(0.35)) c.Devices.Add(NewDevice());
            c.IpAddresses.Add(_random.IpAddress());
            if (_random.Chance(0.6)) c.IpAddresses.Add(_random.IpAddress());
            c.Channel = _random.Chance(0.78) ? "app" : "web";
            c.Rate = Math.Clamp(_random.LogNormal(1.3, 0.55), 0.15, 5);
            c.WeekendFactor = _random.Uniform(0.6, 1.5);
            c.NightOwl = _random.Chance(0.03);
            c.ActiveCentre = c.NightOwl ? _random.Uniform(22, 25) : Math.Clamp(_random.Normal(14.5, 2.5), 9.5, 20.5);
            c.ActiveSpread = _random.Uniform(1.5, 3.5);
            c.PaymentMedian = Math.Clamp(_random.LogNormal(55, 0.6), 8, 600);
            c.P2PMedian = Math.Clamp(_random.LogNormal(280, 0.6), 30, 2_500);
            c.MonthlySalary = ToMinor(Math.Clamp(_random.LogNormal(9_000, 0.45), 2_500, 30_000));
            c.SalaryDay = _random.Int(1, 4);
            c.Balance = (long)(c.MonthlySalary * _random.Uniform(0.2, 1.2));
            c.BalanceByDay = new long[_options.Days + 1];
            c.JoinDay = _random.Chance(0.25) ? _random.Int(1, _options.Days) : 0;
            _customers[i] = c;
        }
        foreach (var c in _customers)
        {
            var payees = _random.Int(2, 7);
            while (c.UsualPayees.Count < payees)
            {
                var other = _random.Pick(_customers);
                if (other != c && !c.UsualPayees.Contains(other)) c.UsualPayees.Add(other);
            }
            var merchants = _random.Int(3, 9);
            while (c.UsualMerchants.Count < merchants)
            {
                var m = _random.Weighted(_merchantPopularity);
                if (!c.UsualMerchants.Contains(m)) c.UsualMerchants.Add(m);
            }
        }
    }

    private void GenerateNormal(SimulatedCustomer c)
    {
        var recent = new Queue<DateTimeOffset>();
        for (var day = c.JoinDay; day <= _options.Days; day++)
        {
            var midnight = _firstLocalMidnight.AddDays(day);
            var weekend = midnight.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var count = _random.Poisson(c.Rate * (weekend ? c.WeekendFactor : 1));
            var times = new List<(DateTimeOffset At, bool Salary)>(count + 1);
            for (var i = 0; i < count; i++) times.Add((midnight.AddHours(ActiveHour(c)), false));
            if (midnight.Day == c.SalaryDay) times.Add((midnight.AddHours(_random.Uniform(8, 11)), true));
            times.Sort((a, b) => a.At.CompareTo(b.At));
            foreach (var (at, salary) in times)
            {
                while (recent.Count > 0 && at - recent.Peek() >= TimeSpan.FromHours(1)) recent.Dequeue();
                // Keeps normal customers at five or fewer transactions in any hour, which velocity rules rely on.
                if (recent.Count >= 4 && !salary) continue;
                recent.Enqueue(at);
                AddNormal(c, at, salary, day);
            }
            if (day < c.BalanceByDay.Length) c.BalanceByDay[day] = c.Balance;
        }
    }

    private double ActiveHour(SimulatedCustomer c)
    {
        var hour = _random.Normal(c.ActiveCentre, c.ActiveSpread);
        if (c.NightOwl) return ((hour % 24) + 24) % 24;
        return Math.Clamp(hour, 6.5, 23.95);
    }

    private void AddNormal(SimulatedCustomer c, DateTimeOffset at, bool salary, int day)
    {
        at = at.AddMilliseconds(_random.Int(0, 1000));
        if (salary)
        {
            c.Balance += c.MonthlySalary;
            Add(Tx(c, TransactionTypes.TopUp, c.MonthlySalary, null, null, at, "partner"));
            return;
        }
        var type = _random.Weighted(TypeWeights) switch
        {
            0 => TransactionTypes.Payment,
            1 => TransactionTypes.P2P,
            2 => TransactionTypes.TopUp,
            _ => TransactionTypes.Withdrawal,
        };
        if (type == TransactionTypes.Withdrawal && c.Balance < 20_000) type = TransactionTypes.TopUp;
        switch (type)
        {
            case TransactionTypes.Payment:
            {
                var merchant = _random.Chance(0.85) ? _merchants[_random.Pick(c.UsualMerchants)] : _merchants[_random.Weighted(_merchantPopularity)];
                var amount = Spend(c, c.PaymentMedian, 0.8, 8_000, merchant.Id);
                Add(Tx(c, TransactionTypes.Payment, amount, merchant.Id, merchant.Name, at, c.Channel));
                break;
            }
            case TransactionTypes.P2P:
            {
                // Now and then a first transfer to someone outside the customer's circle, even a brand-new account
                // (a seller, a landlord): new payees alone must not look like fraud.
                var payee = _random.Chance(0.03) ? new SimulatedCustomer(_random.Id(), RandomName())
                    : _random.Chance(0.8) ? _random.Pick(c.UsualPayees) : _random.Pick(_customers);
                if (payee == c || payee.JoinDay > day) payee = c.UsualPayees.Find(p => p.JoinDay <= day);
                if (payee is null) goto case TransactionTypes.Payment;
                var amount = Spend(c, c.P2PMedian, 0.7, 10_000, payee.Id);
                Add(Tx(c, type, amount, payee.Id, payee.Name, at, c.Channel));
                break;
            }
            case TransactionTypes.TopUp:
            {
                var amount = ToMinor(Math.Clamp(_random.LogNormal(800, 0.6), 50, 10_000));
                c.Balance += amount;
                Add(Tx(c, type, amount, null, null, at, _random.Chance(0.3) ? "partner" : c.Channel));
                break;
            }
            default:
            {
                var amount = Math.Min(Math.Max((long)(c.Balance * _random.Uniform(0.2, 0.8)), 10_000), ToMinor(35_000));
                c.Balance -= amount;
                Add(Tx(c, type, amount, null, null, at, c.Channel));
                break;
            }
        }
    }

    /// <summary>An outgoing amount around the customer's median. A first payment to someone stays modest; a rare
    /// large one (rent, tuition, a deposit: up to 35,000 yuan, below any structuring band) goes only to a payee the
    /// customer has paid before, so the model cannot simply learn "large means fraud".</summary>
    private long Spend(SimulatedCustomer c, double median, double sigma, double max, Guid payee)
    {
        var known = c.Paid.Contains(payee);
        var yuan = Math.Clamp(_random.LogNormal(median, sigma), 1, max);
        if (known && _random.Chance(0.004)) yuan = _random.Uniform(8_000, 35_000);
        if (!known) yuan = Math.Min(yuan, 5_000);
        c.Paid.Add(payee);
        var amount = ToMinor(yuan);
        c.Balance = Math.Max(0, c.Balance - amount);
        return amount;
    }

    private ScreeningTransaction Tx(SimulatedCustomer c, string type, long amount, Guid? payee, string? payeeName, DateTimeOffset at, string channel)
    {
        if (_random.Chance(0.002)) c.Devices.Insert(0, NewDevice()); // a new phone, used from now on
        if (_random.Chance(0.004)) c.IpAddresses.Add(_random.IpAddress()); // moved house / new router
        var device = c.Devices.Count > 1 && _random.Chance(0.2) ? c.Devices[1] : c.Devices[0];
        var ip = _random.Chance(0.06) ? _random.IpAddress() : _random.Pick(c.IpAddresses); // roaming on mobile data
        return new ScreeningTransaction(_random.Id(), type, amount, Cny, c.Id, payee, payeeName, channel, device, ip, at);
    }

    /// <summary>
    /// Normal customers never pass money straight on: an outgoing transfer or withdrawal within two hours of receiving
    /// a transfer, or a purchase of a fifth of it within the hour, is dropped, so that a receive-and-forward rule
    /// tested on this traffic fires on mules only.
    /// </summary>
    private void DropReceiveAndForward()
    {
        _items.Sort((a, b) => a.Transaction.OccurredAt != b.Transaction.OccurredAt
            ? a.Transaction.OccurredAt.CompareTo(b.Transaction.OccurredAt)
            : a.Sequence.CompareTo(b.Sequence));
        var incoming = new Dictionary<Guid, List<(DateTimeOffset At, long Amount)>>();
        _items.RemoveAll(item =>
        {
            var tx = item.Transaction;
            if (tx.Type != TransactionTypes.TopUp && incoming.TryGetValue(tx.PayerId, out var received))
            {
                received.RemoveAll(r => tx.OccurredAt - r.At >= TimeSpan.FromHours(2));
                var forwards = received.Exists(r => tx.Type != TransactionTypes.Payment
                    || (tx.OccurredAt - r.At < TimeSpan.FromHours(1) && tx.Amount * 5 >= r.Amount));
                if (forwards) return true;
            }
            if (tx is { Type: TransactionTypes.P2P, PayeeId: { } payee })
            {
                if (!incoming.TryGetValue(payee, out var list)) incoming[payee] = list = [];
                list.Add((tx.OccurredAt, tx.Amount));
            }
            return false;
        });
    }

    private void Add(ScreeningTransaction tx, string? scenario = null, int? incident = null) =>
        _items.Add(new Item(tx, scenario, incident, _sequence++));

    private string NewDevice() => "dev-" + _random.Hex(8);

    private string RandomName() => $"{_random.Pick(Surnames)} {_random.Pick(GivenNames)}";

    private static long ToMinor(double yuan) => (long)Math.Round(yuan * 100, MidpointRounding.ToEven);

    private sealed record Item(ScreeningTransaction Transaction, string? Scenario, int? Incident, long Sequence);
}
