using Microsoft.Playwright;

namespace Jade.EndToEnd.Tests;

/// <summary>A fresh browser context per test against the stack's gateway; a failing test leaves a screenshot and the services' recent logs.</summary>
public abstract class BrowserTest
{
    protected IBrowserContext Context { get; private set; } = null!;
    protected IPage Page { get; private set; } = null!;

    [SetUp]
    public async Task OpenBrowserAsync()
    {
        Context = await Stack.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Stack.Gateway.ToString() });
        // Generous: the first page of a cold stack on a busy 2-core machine can take a while to compile and answer.
        Context.SetDefaultTimeout(30_000);
        Page = await Context.NewPageAsync();
    }

    [TearDown]
    public async Task CloseBrowserAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            var shot = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"{TestContext.CurrentContext.Test.Name}.png");
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
            TestContext.Out.WriteLine($"url: {Page.Url}\nscreenshot: {shot}\n{Stack.RecentLogs()}");
        }
        await Context.CloseAsync();
    }
}
