using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OneStop.Testing;

namespace OneStop.Browser.Tests;

/// <summary>
/// The real app on Kestrel (loopback, random port) against its own database, driven by Debian's Chromium.
/// Screenshots go to the test's work directory under <c>screenshots/</c> so a person can look at them.
/// </summary>
public abstract class BrowserFixture
{
    private TestDatabase _db = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    protected OneStopApp App { get; private set; } = null!;

    protected string BaseUrl { get; private set; } = "";

    /// <summary>The app's clock: the system's unless a fixture needs to set the time (overdue steps, a given month).</summary>
    protected virtual TimeProvider? Clock => null;

    [OneTimeSetUp]
    public async Task StartBrowserAndAppAsync()
    {
        _db = await TestDatabase.CreateAsync(GetType().Name);
        App = new OneStopApp(_db, kestrel: true, clock: Clock);
        App.StartServer();
        await App.SeedDemoAsync();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal);

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("ONESTOP_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            // No sandbox as root in CI; no background traffic: this machine reaches no outside host.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await App.DisposeAsync();
        await _db.DisposeAsync();
    }

    protected async Task<IPage> NewPageAsync()
    {
        var context = await _browser.NewContextAsync(new() { BaseURL = BaseUrl, Locale = "vi-VN", ViewportSize = new() { Width = 1280, Height = 860 } });
        return await context.NewPageAsync();
    }

    protected static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    /// <summary>Keeps a PDF the page produced beside the screenshots, to render with pdftoppm and look at.</summary>
    protected static async Task<byte[]> KeepPdfAsync(IAPIResponse response, string name)
    {
        var bytes = await response.BodyAsync();
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, name + ".pdf"), bytes);
        return bytes;
    }

    protected static async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("/");
        await page.GetByLabel("Tên đăng nhập").FillAsync(userName);
        await page.GetByLabel("Mật khẩu").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
    }
}
