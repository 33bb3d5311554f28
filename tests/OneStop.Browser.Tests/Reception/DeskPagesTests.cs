using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OneStop.Testing;
using static Microsoft.Playwright.Assertions;

namespace OneStop.Browser.Tests.Reception;

public sealed partial class DeskPagesTests : BrowserFixture
{
    [Test]
    public async Task The_form_shows_the_certified_copy_fee_for_the_copies_and_pages_typed()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, "tiepnhan", OneStopApp.DemoPassword);
        await page.GotoAsync("/reception/register?code=2.000815");

        await page.GetByLabel("Số bản", new() { Exact = true }).FillAsync("3");
        await page.GetByLabel("Số trang mỗi bản").FillAsync("5");

        // Per copy: 2 pages × 2.000 đ + 3 pages × 1.000 đ = 7.000 đ; three copies = 21.000 đ.
        await Expect(page.GetByTestId("fee-preview")).ToHaveTextAsync("21.000 đồng");
        await ScreenshotAsync(page, "register-fee-preview");
    }

    [Test]
    public async Task An_online_submission_is_accepted_from_the_queue_and_gets_its_code()
    {
        using var portal = App.CreateClient();
        portal.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(portal));
        using var submit = new HttpRequestMessage(HttpMethod.Post, "/api/intake")
        {
            Content = JsonContent.Create(new
            {
                procedureCode = "1.004873",
                owner = new { fullName = "Trịnh Công Sơn", idNumber = "038080001111" },
                documents = Array.Empty<object>(),
            }),
        };
        submit.Headers.Add("Idempotency-Key", "DVCQG-" + Guid.NewGuid().ToString("N"));
        (await portal.SendAsync(submit)).EnsureSuccessStatusCode();

        var page = await NewPageAsync();
        await SignInAsync(page, "tiepnhan", OneStopApp.DemoPassword);
        await page.GetByRole(AriaRole.Link, new() { NameRegex = OnlineTile() }).ClickAsync();
        var item = page.GetByTestId("queue-item").Filter(new() { HasText = "Trịnh Công Sơn" });
        await ScreenshotAsync(page, "online-queue");
        await item.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Đã tiếp nhận hồ sơ");
        await Expect(page.GetByTestId("dossier-code")).ToHaveTextAsync(DossierCode());
    }

    private static async Task<string> TokenAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { userName = "tiepnhan", password = OneStopApp.DemoPassword });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    [GeneratedRegex("^Hồ sơ trực tuyến")]
    private static partial Regex OnlineTile();

    [GeneratedRegex(@"^H99\.100-\d{6}-\d{4}$")]
    private static partial Regex DossierCode();
}
