using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OneStop.Testing;
using static Microsoft.Playwright.Assertions;

namespace OneStop.Browser.Tests.Reception;

public sealed partial class RegistrationFlowTests : BrowserFixture
{
    [Test]
    public async Task Reception_officer_registers_a_birth_and_gets_the_code_the_pin_and_the_receipt()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, "tiepnhan", OneStopApp.DemoPassword);
        await page.GetByRole(AriaRole.Link, new() { Name = "Tiếp nhận hồ sơ" }).ClickAsync();
        await page.GetByLabel("Thủ tục hành chính").FillAsync("khai sinh");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tìm thủ tục" }).ClickAsync();
        await page.GetByTestId("procedure-matches").GetByRole(AriaRole.Link, new() { NameRegex = OnlyBirthRegistration() }).ClickAsync();

        // First attempt with an 11-digit ID: the message sits by the field and nothing typed is lost.
        await page.GetByLabel("Họ và tên", new() { Exact = true }).FillAsync("Nguyễn Thị Hằng");
        await page.GetByLabel("Số CCCD", new() { Exact = true }).FillAsync("03819000123");
        await page.GetByLabel("Số điện thoại", new() { Exact = true }).FillAsync("0912345678");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận hồ sơ và in giấy hẹn" }).ClickAsync();

        await Expect(page.GetByText("Số căn cước (CCCD) phải gồm đúng 12 chữ số.")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Họ và tên", new() { Exact = true })).ToHaveValueAsync("Nguyễn Thị Hằng");
        await ScreenshotAsync(page, "register-validation");

        await page.GetByLabel("Số CCCD", new() { Exact = true }).FillAsync("038190001234");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận hồ sơ và in giấy hẹn" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Đã tiếp nhận hồ sơ");
        await Expect(page.GetByTestId("dossier-code")).ToHaveTextAsync(DossierCode());
        await Expect(page.GetByTestId("lookup-pin")).ToHaveTextAsync(SixDigits());
        var receipt = await page.APIRequest.GetAsync(await page.GetByTestId("receipt-link").GetAttributeAsync("href") ?? "");
        Assert.That(receipt.Status, Is.EqualTo(200));
        Assert.That(receipt.Headers["content-type"], Is.EqualTo("application/pdf"));
        Assert.That((await receipt.BodyAsync())[..4], Is.EqualTo("%PDF"u8.ToArray()));
        await ScreenshotAsync(page, "register-done");
    }

    [Test]
    public async Task An_incomplete_dossier_gets_form_02_listing_what_is_missing_and_is_not_registered()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, "tiepnhan", OneStopApp.DemoPassword);
        await page.GotoAsync("/reception/register?code=1.001193");
        await page.GetByLabel("Họ và tên", new() { Exact = true }).FillAsync("Đinh Văn Khoa");
        await page.GetByLabel("Bản chính – Giấy chứng sinh", new() { Exact = false }).FillAsync("0");
        await page.GetByLabel("Lý do").FillAsync("Chưa có Giấy chứng sinh của bệnh viện.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Hướng dẫn bổ sung (mẫu 02)" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ");
        await Expect(page.GetByTestId("slip-items")).ToContainTextAsync("Giấy chứng sinh");
        await Expect(page.GetByTestId("slip-items")).Not.ToContainTextAsync("Tờ khai đăng ký khai sinh");
        var form = await page.APIRequest.GetAsync(await page.GetByTestId("slip-link").GetAttributeAsync("href") ?? "");
        Assert.That(form.Headers["content-type"], Is.EqualTo("application/pdf"));
        Assert.That((await KeepPdfAsync(form, "counter-supplement-form02"))[..4], Is.EqualTo("%PDF"u8.ToArray()));
        await ScreenshotAsync(page, "counter-supplement-slip");
    }

    [GeneratedRegex("^Đăng ký khai sinh ·")]
    private static partial Regex OnlyBirthRegistration();

    [GeneratedRegex(@"^H99\.100-\d{6}-\d{4}$")]
    private static partial Regex DossierCode();

    [GeneratedRegex(@"^\d{6}$")]
    private static partial Regex SixDigits();
}
