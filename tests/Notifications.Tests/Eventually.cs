namespace Jade.Notifications.Tests;

internal static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds; messages cross a real broker, so effects arrive later.</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (condition(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }
            await Task.Delay(200);
        }
    }
}
