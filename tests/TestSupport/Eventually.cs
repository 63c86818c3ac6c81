namespace Jade.Testing;

public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds or time runs out; effects that cross a real broker arrive later.</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var value = await probe();
        while (!condition(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            value = await probe();
        }
        return value;
    }
}
