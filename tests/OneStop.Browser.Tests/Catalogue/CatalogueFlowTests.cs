using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OneStop.Browser.Tests.Catalogue;

public sealed class CatalogueFlowTests : BrowserFixture
{
    [Test]
    public async Task Citizen_finds_birth_registration_without_accents_and_reads_its_documents_and_steps()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/procedures");
        await page.GetByPlaceholder("Nhập mã hoặc tên thủ tục").FillAsync("dang ky khai sinh");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tìm" }).ClickAsync();
        await ScreenshotAsync(page, "catalogue-search");

        await page.GetByRole(AriaRole.Link, new() { Name = "Đăng ký khai sinh", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Đăng ký khai sinh");
        await Expect(page.GetByTestId("time-limit")).ToContainTextAsync("sau 15:00");
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Tờ khai đăng ký khai sinh" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("steps").Locator("tbody tr")).Not.ToHaveCountAsync(0);
        await ScreenshotAsync(page, "catalogue-birth-registration");
    }

    [Test]
    public async Task Procedure_page_draws_the_diagram_under_the_content_security_policy()
    {
        var page = await NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Add(message.Text);
            }
        };
        await page.GotoAsync("/procedures/1.001193");

        var diagram = page.GetByTestId("diagram");
        await Expect(diagram).ToHaveAttributeAsync("data-rendered", "true");
        await Expect(diagram.Locator("svg")).ToBeVisibleAsync();
        await Expect(diagram.Locator("svg text", new() { HasText = "Ký Giấy khai sinh" })).Not.ToHaveCountAsync(0);
        await Expect(diagram.Locator("[data-diagram-fallback]")).ToBeHiddenAsync();
        await diagram.ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync(page, "catalogue-diagram");
        Assert.That(problems, Is.Empty, "no CSP violation or script error");
    }

    [Test]
    public async Task Without_graphviz_the_page_keeps_the_step_list()
    {
        var page = await NewPageAsync();
        await page.RouteAsync("**/lib/viz/viz.js", route => route.FulfillAsync(new() { Status = 404 }));
        await page.GotoAsync("/procedures/1.001193");

        var fallback = page.GetByTestId("diagram").Locator("[data-diagram-fallback]");
        await Expect(fallback).ToBeVisibleAsync();
        await Expect(fallback.Locator("li")).ToHaveCountAsync(4);
        await Expect(fallback).ToContainTextAsync("Ký Giấy khai sinh");
        await Expect(page.GetByTestId("diagram").Locator("svg")).ToHaveCountAsync(0);
    }
}
