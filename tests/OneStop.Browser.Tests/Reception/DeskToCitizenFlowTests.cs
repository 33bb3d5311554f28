using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OneStop.Testing;
using UglyToad.PdfPig;
using static Microsoft.Playwright.Assertions;

namespace OneStop.Browser.Tests.Reception;

/// <summary>The reception issue's end-to-end flow: desk registers, citizen follows with what the receipt says, desk returns, citizen rates.</summary>
public sealed partial class DeskToCitizenFlowTests : BrowserFixture
{
    [Test]
    public async Task Citizen_follows_a_birth_registration_with_the_code_and_pin_printed_on_the_receipt_and_rates_it()
    {
        var desk = await NewPageAsync();
        await SignInAsync(desk, "tiepnhan", OneStopApp.DemoPassword);
        await desk.GotoAsync("/reception/register?code=1.001193");
        await desk.GetByLabel("Họ và tên", new() { Exact = true }).FillAsync("Lương Thị Mai");
        await desk.GetByLabel("Số CCCD", new() { Exact = true }).FillAsync("038190005678");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận hồ sơ và in giấy hẹn" }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Đã tiếp nhận hồ sơ");

        // What the citizen takes home is the printed receipt: read the code and the PIN from the PDF itself.
        var receipt = await desk.APIRequest.GetAsync(await desk.GetByTestId("receipt-link").GetAttributeAsync("href") ?? "");
        using var pdf = PdfDocument.Open(await KeepPdfAsync(receipt, "flow-receipt"));
        var text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        var code = CodeOnReceipt().Match(text).Groups[1].Value;
        var pin = PinOnReceipt().Match(text).Groups[1].Value;
        Assert.That(code, Is.EqualTo(await desk.GetByTestId("dossier-code").TextContentAsync()));
        Assert.That(pin, Does.Match(@"^\d{6}$"));

        var citizen = await NewPageAsync();
        await citizen.GotoAsync("/lookup?code=" + Uri.EscapeDataString(code));
        await citizen.GetByLabel("Mã tra cứu").FillAsync(pin);
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();
        await Expect(citizen.GetByTestId("status")).ToHaveTextAsync("Được tiếp nhận");

        // The specialist completes the processing step from the inbox, the leader signs from the leader queue.
        var specialist = await NewPageAsync();
        await SignInAsync(specialist, "chuyenvien", OneStopApp.DemoPassword);
        await specialist.GotoAsync("/inbox");
        await specialist.GetByTestId("inbox-row").Filter(new() { HasText = code }).GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await specialist.GetByRole(AriaRole.Button, new() { Name = "Hoàn thành, chuyển bước tiếp theo" }).ClickAsync();
        await Expect(specialist.GetByTestId("message")).ToHaveTextAsync("Đã thực hiện: Hoàn thành, chuyển bước tiếp theo.");
        var leader = await NewPageAsync();
        await SignInAsync(leader, "lanhdao", OneStopApp.DemoPassword);
        await leader.GotoAsync("/leader");
        await leader.GetByTestId("mine-row").Filter(new() { HasText = code }).GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await leader.GetByRole(AriaRole.Button, new() { Name = "Phê duyệt, ký kết quả" }).ClickAsync();
        await Expect(leader.GetByTestId("status")).ToHaveTextAsync("Đã xử lý xong");

        await desk.GotoAsync("/returns");
        var card = desk.GetByTestId("return-" + code);
        await card.GetByLabel("Người nhận kết quả (trả tại quầy)").FillAsync("Lương Thị Mai");
        await card.GetByLabel("Đã kiểm tra giấy tờ tùy thân").CheckAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Xác nhận trả kết quả" }).ClickAsync();
        await Expect(desk.GetByTestId("message")).ToHaveTextAsync($"Đã trả kết quả hồ sơ {code}.");

        await citizen.GotoAsync("/lookup?code=" + Uri.EscapeDataString(code));
        await citizen.GetByLabel("Mã tra cứu").FillAsync(pin);
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();
        await Expect(citizen.GetByTestId("status")).ToHaveTextAsync("Đã trả kết quả");
        await citizen.GetByLabel("Hài lòng", new() { Exact = true }).CheckAsync();
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Gửi đánh giá" }).ClickAsync();
        await Expect(citizen.GetByTestId("rating")).ToHaveTextAsync("Hài lòng");
        await ScreenshotAsync(citizen, "flow-citizen-rated");
    }

    [GeneratedRegex(@"Mã hồ sơ: (H99\.100-\d{6}-\d{4})")]
    private static partial Regex CodeOnReceipt();

    [GeneratedRegex(@"Mã tra cứu: (\d{6})")]
    private static partial Regex PinOnReceipt();
}
