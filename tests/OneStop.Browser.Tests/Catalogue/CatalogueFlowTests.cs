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
}
