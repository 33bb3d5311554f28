using Microsoft.Playwright;
using OneStop.Testing;
using static Microsoft.Playwright.Assertions;

namespace OneStop.Browser.Tests.Digitisation;

/// <summary>Số hóa kết quả on the dossier page: offered once the result is ready, a wrong file said inline, a PDF attached.</summary>
public sealed class ResultFileFlowTests : BrowserFixture
{
    [Test]
    public async Task The_desk_attaches_the_electronic_result_of_a_finished_dossier_and_a_non_pdf_is_refused_inline()
    {
        var inProgress = await TestDossiers.CreateAsync(App.Services, DossierStatus.InProgress);
        var finished = await TestDossiers.CreateAsync(App.Services, DossierStatus.Finished);
        var page = await NewPageAsync();
        await SignInAsync(page, "tiepnhan", OneStopApp.DemoPassword);

        await page.GotoAsync($"/dossiers/{inProgress.Id}");
        await Expect(page.GetByTestId("dossier-code")).ToHaveTextAsync(inProgress.Code);
        await Expect(page.GetByTestId("result-file")).ToHaveCountAsync(0);

        await page.GotoAsync($"/dossiers/{finished.Id}");
        var section = page.GetByTestId("result-file");
        await section.GetByLabel("Tệp kết quả giải quyết điện tử (PDF)").SetInputFilesAsync(new FilePayload
        {
            Name = "ket-qua.png", MimeType = "image/png", Buffer = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3],
        });
        await section.GetByRole(AriaRole.Button, new() { Name = "Đính kèm kết quả điện tử" }).ClickAsync();
        await Expect(page.GetByTestId("result-file-error")).ToHaveTextAsync("Kết quả điện tử phải là tệp PDF.");
        await ScreenshotAsync(page, "result-file-1-not-pdf");

        await page.GetByTestId("result-file").GetByLabel("Tệp kết quả giải quyết điện tử (PDF)").SetInputFilesAsync(new FilePayload
        {
            Name = "Quyết định công nhận.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n%ket qua\n%%EOF\n"u8.ToArray(),
        });
        await page.GetByTestId("result-file").GetByRole(AriaRole.Button, new() { Name = "Đính kèm kết quả điện tử" }).ClickAsync();
        await Expect(page.GetByTestId("message")).ToHaveTextAsync("Đã đính kèm kết quả điện tử.");
        await Expect(page.GetByTestId("result-file-state")).ToContainTextAsync("Quyết định công nhận.pdf");
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("Đính kèm kết quả điện tử");
        await ScreenshotAsync(page, "result-file-2-attached");
    }
}
