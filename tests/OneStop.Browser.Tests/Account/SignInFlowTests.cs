using Microsoft.Playwright;
using OneStop.Testing;
using static Microsoft.Playwright.Assertions;

namespace OneStop.Browser.Tests.Account;

public sealed class SignInFlowTests : BrowserFixture
{
    [Test]
    public async Task Reception_officer_signs_in_and_sees_her_name_unit_and_role()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        await ScreenshotAsync(page, "sign-in");

        await SignInAsync(page, "tiepnhan", OneStopApp.DemoPassword);

        await Expect(page).ToHaveURLAsync(BaseUrl + "/home");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Xin chào, Trần Thị Thu Hà");
        await Expect(page.GetByTestId("officer-context")).ToContainTextAsync("Trung tâm Phục vụ hành chính công xã");
        await Expect(page.GetByTestId("officer-context")).ToContainTextAsync("Tiếp nhận và trả kết quả");
        await ScreenshotAsync(page, "home-reception");
    }

    [Test]
    public async Task Wrong_password_shows_an_inline_message_and_keeps_the_user_name()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, "chuyenvien", "mat-khau-sai");

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Tên đăng nhập hoặc mật khẩu không đúng.");
        await Expect(page.GetByLabel("Tên đăng nhập")).ToHaveValueAsync("chuyenvien");
        await ScreenshotAsync(page, "sign-in-wrong-password");
    }

    [Test]
    public async Task Signing_out_returns_to_the_sign_in_page_and_protects_pages_again()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, "lanhdao", OneStopApp.DemoPassword);
        await Expect(page).ToHaveURLAsync(BaseUrl + "/home");

        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" }).ClickAsync();
        await page.GotoAsync("/home");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Đăng nhập" })).ToBeVisibleAsync();
    }
}
