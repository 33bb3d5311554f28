using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OneStop.Testing;
using OneStop.Web.Data;
using OneStop.Web.Features.Reception;
using static Microsoft.Playwright.Assertions;

namespace OneStop.Browser.Tests.Lookup;

public sealed class LookupFlowTests : BrowserFixture
{
    [Test]
    public async Task Desk_returns_the_result_then_the_citizen_looks_it_up_and_rates_it()
    {
        var dossier = await TestDossiers.CreateAsync(App.Services, DossierStatus.Finished);
        const string collector = "Nguyễn Thị Hoa";

        // The officer has the list open in two tabs: the second submit must change nothing.
        var desk = await NewPageAsync();
        await SignInAsync(desk, "tiepnhan", OneStopApp.DemoPassword);
        await desk.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Trả kết quả") }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Trả kết quả");
        var staleTab = await desk.Context.NewPageAsync();
        await staleTab.GotoAsync("/returns");

        var card = desk.GetByTestId("return-" + dossier.Code);
        await Expect(card).ToContainTextAsync(dossier.Code);
        await card.GetByLabel("Người nhận kết quả (trả tại quầy)").FillAsync(collector);
        await card.GetByLabel("Đã kiểm tra giấy tờ tùy thân").CheckAsync();
        await ScreenshotAsync(desk, "returns-list");
        await card.GetByRole(AriaRole.Button, new() { Name = "Xác nhận trả kết quả" }).ClickAsync();

        await Expect(desk.GetByTestId("message")).ToHaveTextAsync($"Đã trả kết quả hồ sơ {dossier.Code}.");
        await Expect(desk.GetByTestId("return-" + dossier.Code)).ToHaveCountAsync(0);
        await Expect(desk.GetByTestId("desk-rating")).ToBeVisibleAsync();
        await ScreenshotAsync(desk, "returns-done");

        var staleCard = staleTab.GetByTestId("return-" + dossier.Code);
        await staleCard.GetByLabel("Người nhận kết quả (trả tại quầy)").FillAsync("Người Khác");
        await staleCard.GetByLabel("Đã kiểm tra giấy tờ tùy thân").CheckAsync();
        await staleCard.GetByRole(AriaRole.Button, new() { Name = "Xác nhận trả kết quả" }).ClickAsync();
        await Expect(staleTab.GetByTestId("form-error")).ToContainTextAsync("Hồ sơ đã được cập nhật bởi người khác");

        // The citizen scans the receipt's QR code: the code is filled in, the PIN is typed.
        var citizen = await NewPageAsync();
        await citizen.GotoAsync("/lookup?code=" + Uri.EscapeDataString(dossier.Code));
        await Expect(citizen.GetByLabel("Mã hồ sơ")).ToHaveValueAsync(dossier.Code);
        await citizen.GetByLabel("Mã tra cứu").FillAsync(dossier.Pin);
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();

        await Expect(citizen.GetByTestId("status")).ToHaveTextAsync("Đã trả kết quả");
        Assert.That(citizen.Url, Does.Not.Contain(dossier.Pin), "the PIN never lands in the URL");
        await Expect(citizen.GetByTestId("lookup-result")).Not.ToContainTextAsync(TestDossiers.OwnerPhone);
        await ScreenshotAsync(citizen, "lookup-result");

        await citizen.GetByLabel("Rất hài lòng").CheckAsync();
        await citizen.GetByLabel("Góp ý (không bắt buộc)").FillAsync("Cán bộ hướng dẫn tận tình.");
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Gửi đánh giá" }).ClickAsync();

        await Expect(citizen.GetByTestId("rated")).ToContainTextAsync("Cảm ơn");
        await Expect(citizen.GetByTestId("rating")).ToHaveTextAsync("Rất hài lòng");
        await Expect(citizen.GetByTestId("rating-form")).ToHaveCountAsync(0);
        await ScreenshotAsync(citizen, "lookup-rated");

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var stored = await db.Dossiers.AsNoTracking().SingleAsync(d => d.Id == dossier.Id);
        Assert.Multiple(() =>
        {
            Assert.That(stored.Status, Is.EqualTo(DossierStatus.Returned));
            Assert.That(stored.ReturnedTo, Is.EqualTo(collector));
            Assert.That(stored.Rating, Is.EqualTo(Satisfaction.VerySatisfied));
        });
        Assert.That(await db.AuditEntries.CountAsync(a => a.DossierId == dossier.Id && a.Action == "ResultReturned"), Is.EqualTo(1));
    }
}
