using System.Globalization;
using Jade.KeyRing;

// Usage (see docs/operations/key-rotation.md):
//   Jade.KeyRing data-protection --out <folder> [--activate <date>] [--days <lifetime, default 180>]
//   Jade.KeyRing certificate signing|encryption --out <folder> [--not-before <date>] [--days <validity, default 730>]
//   Jade.KeyRing blind-index-key
//   Jade.KeyRing password [--length <16..128, default 32>]
var options = new Dictionary<string, string>(StringComparer.Ordinal);
var positional = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length) options[args[i][2..]] = args[++i];
    else positional.Add(args[i]);
}
int Number(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
var now = DateTimeOffset.UtcNow;
try
{
    switch (positional.FirstOrDefault())
    {
        case "data-protection":
        {
            var activation = options.TryGetValue("activate", out var a) ? KeyMaterial.ParseDate(a) : now;
            var file = KeyMaterial.CreateDataProtectionKey(new DirectoryInfo(options["out"]), activation, activation.AddDays(Number("days", 180)));
            Console.WriteLine($"{file.Name}\tactivates {activation:u}\texpires {activation.AddDays(Number("days", 180)):u}");
            return 0;
        }
        case "certificate" when positional.Count == 2:
        {
            var notBefore = options.TryGetValue("not-before", out var b) ? KeyMaterial.ParseDate(b) : now.AddMinutes(-5);
            var notAfter = notBefore.AddDays(Number("days", 730));
            var file = KeyMaterial.CreateTokenCertificate(new DirectoryInfo(options["out"]), positional[1], notBefore, notAfter);
            Console.WriteLine($"{file.Name}\tvalid from {notBefore:u} until {notAfter:u}");
            return 0;
        }
        case "blind-index-key":
            Console.WriteLine(KeyMaterial.BlindIndexKey());
            return 0;
        case "password":
            Console.WriteLine(KeyMaterial.Password(Number("length", 32)));
            return 0;
        default:
            Console.Error.WriteLine("usage: Jade.KeyRing data-protection --out <folder> [--activate <date>] [--days <n>] | certificate signing|encryption --out <folder> [--not-before <date>] [--days <n>] | blind-index-key | password [--length <n>]");
            return 2;
    }
}
catch (Exception ex) when (ex is ArgumentException or KeyNotFoundException or FormatException or IOException)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
