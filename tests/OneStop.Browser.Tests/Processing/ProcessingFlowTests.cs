using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using OneStop.Testing;
using static Microsoft.Playwright.Assertions;

namespace OneStop.Browser.Tests.Processing;

/// <summary>
/// A certified copy (2.000815) from the desk through the specialist and the leader back to the desk, on the pages
/// each of them works with: inbox, dossier page, leader queue, returns.
/// </summary>
public sealed class ProcessingFlowTests : BrowserFixture
{
    private const string OwnerName = "Đặng Thị Thu";

    [Test]
    public async Task Desk_registers_specialist_asks_for_a_supplement_desk_records_it_specialist_completes_leader_approves_desk_returns()
    {
        var (id, code) = await RegisterAsync();

        // The specialist finds the dossier in the inbox (auto-assigned: least-loaded officer of the office unit).
        var specialist = await NewPageAsync();
        await SignInAsync(specialist, "chuyenvien", OneStopApp.DemoPassword);
        await specialist.GetByRole(AriaRole.Link, new() { Name = "Hồ sơ của tôi", Exact = true }).First.ClickAsync();
        await Expect(specialist.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Hồ sơ của tôi");
        var row = specialist.GetByTestId("inbox-row").Filter(new() { HasText = code });
        await Expect(row).ToContainTextAsync(OwnerName);
        await Expect(row).ToContainTextAsync("Kiểm tra, ghi lời chứng, vào sổ chứng thực");
        await Expect(row).ToContainTextAsync("Được tiếp nhận");
        await Expect(row).ToContainTextAsync("Sắp đến hạn");
        await Expect(specialist.GetByTestId("count-total")).Not.ToHaveTextAsync("0");
        await ScreenshotAsync(specialist, "processing-1-inbox");

        await row.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await Expect(specialist.GetByTestId("dossier-code")).ToHaveTextAsync(code);
        await Expect(specialist.GetByTestId("status")).ToHaveTextAsync("Được tiếp nhận");
        await Expect(specialist.GetByTestId("owner")).ToContainTextAsync(OwnerName);
        await Expect(specialist.GetByTestId("current-step")).ToHaveTextAsync("Kiểm tra, ghi lời chứng, vào sổ chứng thực");
        var steps = specialist.GetByTestId("step-row");
        await Expect(steps.Nth(0)).ToContainTextAsync("Tiếp nhận, đối chiếu bản chính");
        await Expect(steps.Nth(1)).ToContainTextAsync("Lê Văn Minh");

        // Form 02 lists what to hand in, at once: the page keeps what was typed when something is missing.
        await specialist.GetByRole(AriaRole.Button, new() { Name = "Yêu cầu bổ sung hồ sơ (Mẫu 02)" }).ClickAsync();
        var panel = specialist.GetByTestId("panel-request-supplement");
        await Expect(panel).ToBeVisibleAsync();
        await Expect(specialist.GetByTestId("panel-refuse")).ToBeHiddenAsync();
        await panel.GetByLabel("Lý do, hướng dẫn bổ sung").FillAsync("Bản sao bị mờ trang 2, không đối chiếu được.");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Xác nhận" }).ClickAsync();
        panel = specialist.GetByTestId("panel-request-supplement");
        await Expect(panel).ToContainTextAsync("Hãy liệt kê đầy đủ các giấy tờ cần bổ sung");
        await Expect(panel.GetByLabel("Lý do, hướng dẫn bổ sung")).ToHaveValueAsync("Bản sao bị mờ trang 2, không đối chiếu được.");
        await ScreenshotAsync(specialist, "processing-2-supplement-error");

        await panel.GetByLabel("Bản sao cần chứng thực").CheckAsync();
        await panel.GetByLabel("Giấy tờ khác (mỗi dòng một loại)").FillAsync("Bản sao rõ nét trang 2");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Xác nhận" }).ClickAsync();
        await Expect(specialist.GetByTestId("message")).ToHaveTextAsync("Đã thực hiện: Yêu cầu bổ sung hồ sơ (Mẫu 02).");
        await Expect(specialist.GetByTestId("status")).ToHaveTextAsync("Yêu cầu bổ sung giấy tờ");
        await Expect(specialist.GetByTestId("pauses")).ToContainTextAsync("Đang chờ công dân bổ sung");
        var slip = await specialist.APIRequest.GetAsync(await specialist.GetByTestId("form-supplement").GetAttributeAsync("href") ?? "");
        Assert.That(slip.Status, Is.EqualTo(200));
        Assert.That(slip.Headers["content-type"], Does.StartWith("application/pdf"));
        await ScreenshotAsync(specialist, "processing-3-supplement-requested");

        // The desk records the citizen's supplement on the dossier page.
        var desk = await NewPageAsync();
        await SignInAsync(desk, "tiepnhan", OneStopApp.DemoPassword);
        await desk.GotoAsync($"/dossiers/{id}");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Nhận hồ sơ bổ sung" }).ClickAsync();
        await Expect(desk.GetByTestId("message")).ToHaveTextAsync("Đã thực hiện: Nhận hồ sơ bổ sung.");
        await Expect(desk.GetByTestId("status")).ToHaveTextAsync("Đang xử lý");

        // The specialist's tab still offers to receive the supplement: pressing it now changes nothing and says why.
        await specialist.GetByRole(AriaRole.Button, new() { Name = "Nhận hồ sơ bổ sung" }).ClickAsync();
        await Expect(specialist.GetByTestId("form-error")).ToContainTextAsync("Hồ sơ vừa được người khác cập nhật");
        await Expect(specialist.GetByTestId("status")).ToHaveTextAsync("Đang xử lý");
        await ScreenshotAsync(specialist, "processing-4-stale");

        await specialist.GetByRole(AriaRole.Button, new() { Name = "Hoàn thành, chuyển bước tiếp theo" }).ClickAsync();
        await Expect(specialist.GetByTestId("message")).ToHaveTextAsync("Đã thực hiện: Hoàn thành, chuyển bước tiếp theo.");
        await Expect(specialist.GetByTestId("current-step")).ToHaveTextAsync("Ký chứng thực, đóng dấu");
        await Expect(specialist.GetByTestId("no-actions")).ToBeVisibleAsync();

        // The leader signs from the leader queue.
        var leader = await NewPageAsync();
        await SignInAsync(leader, "lanhdao", OneStopApp.DemoPassword);
        await leader.GetByRole(AriaRole.Link, new() { Name = "Phê duyệt / phân công" }).ClickAsync();
        var mine = leader.GetByTestId("mine-row").Filter(new() { HasText = code });
        await Expect(mine).ToContainTextAsync("Ký chứng thực, đóng dấu");
        await ScreenshotAsync(leader, "processing-5-leader");
        await mine.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await leader.GetByRole(AriaRole.Button, new() { Name = "Phê duyệt, ký kết quả" }).ClickAsync();
        await Expect(leader.GetByTestId("message")).ToHaveTextAsync("Đã thực hiện: Phê duyệt, ký kết quả.");
        await Expect(leader.GetByTestId("status")).ToHaveTextAsync("Đã xử lý xong");

        // The desk hands the result over.
        await desk.GotoAsync("/returns");
        var card = desk.GetByTestId("return-" + code);
        await card.GetByLabel("Người nhận kết quả (trả tại quầy)").FillAsync(OwnerName);
        await card.GetByLabel("Đã kiểm tra giấy tờ tùy thân").CheckAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Xác nhận trả kết quả" }).ClickAsync();
        await Expect(desk.GetByTestId("message")).ToHaveTextAsync($"Đã trả kết quả hồ sơ {code}.");

        await desk.GotoAsync($"/dossiers/{id}");
        await Expect(desk.GetByTestId("status")).ToHaveTextAsync("Đã trả kết quả");
        var timeline = desk.GetByTestId("timeline");
        await Expect(timeline).ToContainTextAsync("Yêu cầu bổ sung hồ sơ (Mẫu 02)");
        await Expect(timeline).ToContainTextAsync("Nhận hồ sơ bổ sung");
        await Expect(timeline).ToContainTextAsync("Phê duyệt, ký kết quả");
        await Expect(timeline).ToContainTextAsync("Trả kết quả");
        await Expect(desk.GetByTestId("step-row").Filter(new() { HasText = "Ký chứng thực, đóng dấu" })).ToContainTextAsync("Nguyễn Văn Hùng");
        await ScreenshotAsync(desk, "processing-6-returned");
    }

    [Test]
    public async Task Unit_leader_assigns_a_social_allowance_dossier_to_the_least_loaded_officer_from_the_leader_queue()
    {
        var (_, code) = await RegisterAsync("1.001776", "Hoàng Văn Khải", "038170002222");

        var leader = await NewPageAsync();
        await SignInAsync(leader, "truongphong", OneStopApp.DemoPassword);
        await leader.GotoAsync("/leader");
        var unassigned = leader.GetByTestId("unassigned-row").Filter(new() { HasText = code });
        await Expect(unassigned).ToContainTextAsync("Hoàng Văn Khải");
        await Expect(leader.GetByTestId("officers")).ToContainTextAsync("Phạm Thị Lan");
        await ScreenshotAsync(leader, "processing-7-unit-queue");

        await unassigned.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await Expect(leader.GetByTestId("step-row").Last).ToContainTextAsync("Chưa phân công");
        await leader.GetByRole(AriaRole.Button, new() { Name = "Phân công cán bộ xử lý" }).ClickAsync();
        var panel = leader.GetByTestId("panel-assign");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Xác nhận" }).ClickAsync();
        panel = leader.GetByTestId("panel-assign");
        await Expect(panel).ToContainTextAsync("Vui lòng chọn cán bộ được phân công.");
        await panel.GetByLabel("Cán bộ xử lý").SelectOptionAsync(new SelectOptionValue { Label = "Phạm Thị Lan – Công chức Văn hóa – Xã hội (đang giữ 0 bước)" });
        await ScreenshotAsync(leader, "processing-8-assign");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Xác nhận" }).ClickAsync();
        await Expect(leader.GetByTestId("message")).ToHaveTextAsync("Đã thực hiện: Phân công cán bộ xử lý.");
        await Expect(leader.GetByTestId("step-row").Last).ToContainTextAsync("Phạm Thị Lan");

        var specialist = await NewPageAsync();
        await SignInAsync(specialist, "chuyenvien2", OneStopApp.DemoPassword);
        await specialist.GotoAsync("/inbox");
        await Expect(specialist.GetByTestId("inbox-row").Filter(new() { HasText = code })).ToContainTextAsync("Hoàng Văn Khải");
    }

    private async Task<(Guid Id, string Code)> RegisterAsync() => await RegisterAsync("2.000815", OwnerName, "038190007777");

    private async Task<(Guid Id, string Code)> RegisterAsync(string procedureCode, string ownerName, string idNumber)
    {
        using var client = App.CreateClient();
        using var token = await client.PostAsJsonAsync("/api/auth/token", new { userName = "tiepnhan", password = OneStopApp.DemoPassword });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        using var response = await client.PostAsJsonAsync("/api/dossiers", new
        {
            procedureCode,
            owner = new { fullName = ownerName, idNumber, phone = "0987654321" },
            documents = Workflows.Definitions.DefinitionCatalog.Load(TestServices.WorkflowsPath).Find(procedureCode)!.Documents
                .Where(d => d.Mandatory)
                .Select(d => new { key = d.Key, originals = d.Original, certified = d.Certified, photocopies = d.Photocopy })
                .ToArray(),
            fee = new { copies = 1, pagesPerCopy = 2 },
        });
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("code").GetString()!);
    }
}
