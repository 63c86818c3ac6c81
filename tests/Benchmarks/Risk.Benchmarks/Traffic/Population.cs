namespace Jade.Risk.Benchmarks.Traffic;

/// <summary>A wallet customer as the traffic generator sees them: a phone, sometimes a browser, a home IP, a few
/// people they pay regularly and the size of their usual spending.</summary>
public sealed record Customer(Guid Id, string Name, string Phone, string? Browser, string HomeIp, int[] Contacts, double SpendScale);

public sealed record Merchant(Guid Id, string Name);

/// <summary>
/// The customers and merchants screening traffic is drawn from. Names are pinyin (the customers of a CNY wallet) and
/// are screened against the sanctions list on every named payment, as in production.
/// </summary>
public sealed class Population
{
    private static readonly string[] Surnames =
    [
        "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo",
        "He", "Gao", "Lin", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Han", "Feng", "Deng", "Cao", "Peng", "Zeng",
        "Xiao", "Tian", "Dong", "Yuan", "Pan", "Yu", "Jiang", "Cai", "Du", "Ye", "Cheng", "Wei", "Su", "Lu", "Ding", "Ren",
    ];

    private static readonly string[] Given =
    [
        "Wei", "Fang", "Na", "Min", "Jing", "Li", "Qiang", "Lei", "Jun", "Yang", "Yong", "Yan", "Jie", "Tao", "Ming", "Chao",
        "Xiuying", "Xia", "Ping", "Gang", "Hui", "Yun", "Hong", "Bin", "Hao", "Yu", "Xin", "Lin", "Ting", "Peng", "Fei",
        "Zihan", "Yuxuan", "Haoran", "Yichen", "Xinyi", "Shuang", "Kai", "Rui", "Jiayi", "Mengyao", "Zhiwei", "Jianguo",
        "Guilan", "Lihua", "Xiaoming", "Dandan", "Chunmei", "Haiyan", "Yifan", "Siyu", "Qing", "Zhen", "Bo", "Long",
    ];

    private static readonly string[] Brands =
    [
        "Luckin Coffee", "FamilyMart", "Meituan Waimai", "Hema Fresh", "China Railway 12306", "Didi Chuxing", "JD Mall",
        "Taobao Store", "Haidilao Hotpot", "Watsons", "Uniqlo", "Wumart", "Yonghui Superstores", "China Mobile",
        "State Grid Electricity", "Starbucks", "KFC", "Lawson", "Mixue Bingcheng", "Pinduoduo Merchant", "Anta Sports",
        "Xiaomi Store", "Suning", "Ctrip", "Shanghai Metro", "Beijing Water Group", "7-Eleven", "Heytea", "Pop Mart",
    ];

    public Population(int customers, int seed)
    {
        var random = new Random(seed);
        Customers = new Customer[customers];
        for (var i = 0; i < customers; i++)
        {
            var name = $"{Given[random.Next(Given.Length)]} {Surnames[random.Next(Surnames.Length)]}";
            var contacts = new int[random.Next(2, 7)];
            for (var c = 0; c < contacts.Length; c++)
            {
                var other = random.Next(customers - 1);
                contacts[c] = other >= i ? other + 1 : other;
            }
            Customers[i] = new Customer(
                NewId(random), name, $"phone-{random.NextInt64():x16}", random.NextDouble() < 0.3 ? $"browser-{random.NextInt64():x16}" : null,
                $"{random.Next(1, 223)}.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}", contacts,
                // Spending varies by an order of magnitude between customers.
                Math.Exp(random.NextDouble() * 2.3 - 1.15));
        }
        Merchants = new Merchant[Math.Max(50, customers / 40)];
        for (var m = 0; m < Merchants.Length; m++)
        {
            Merchants[m] = new Merchant(NewId(random), $"{Brands[random.Next(Brands.Length)]} {random.Next(1, 9999):0000}");
        }
    }

    public Customer[] Customers { get; }
    public Merchant[] Merchants { get; }

    /// <summary>Seeded, so two runs screen the same customers; version 4 layout, as any client-made id.</summary>
    private static Guid NewId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
