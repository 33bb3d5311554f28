using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneStop.Testing;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Features.Processing;

namespace OneStop.Web.Tests.Processing;

/// <summary>
/// <see cref="DossierRows"/> reads by hand what EF maps: for a dossier with every kind of row (submitter, documents,
/// several holdings, a closed pause, an approved apology letter, a reassignment), it must give exactly what EF's own
/// include query gives, property by property, and nothing of another agency; read by code (the citizen lookup), the
/// same dossier and steps.
/// </summary>
public sealed class DossierRowsTests : ProcessingHarness
{
    [Test]
    public async Task The_batch_read_gives_what_EFs_include_query_gives()
    {
        var lan = await OfficerAsync("chuyenvien2");
        At("2026-11-23 08:00");
        var id = await RegisterWithSubmitterAsync();
        await Ok("truongphong", id, "assign", new { assignee = await AddOfficerAsync("chuyenvien4", "Phan Văn Tú", "H99.100.04", Roles.Specialist) });
        At("2026-11-23 09:00");
        await Ok("truongphong", id, "assign", new { assignee = lan, reason = "Điều chỉnh phân công" });
        At("2026-11-25 10:00");
        await Ok("chuyenvien2", id, "request-supplement", new
        {
            reason = "Thiếu giấy xác nhận khuyết tật",
            items = new[] { new { name = "Giấy xác nhận khuyết tật", originals = 0, certified = 1, photocopies = 0 } },
        });
        At("2026-11-27 14:30");
        await Ok("tiepnhan", id, "receive-supplement");
        At("2026-11-27 15:00");
        await Ok("chuyenvien2", id, "request-extension", new { newAppointment = T("2026-12-14 08:00"), reason = "Chờ kết quả xác minh của thôn" });
        At("2026-11-27 15:30");
        await Ok("truongphong", id, "approve-extension");
        At("2026-11-30 09:00");
        await Ok("chuyenvien2", id, "complete-step");

        await using var db = Db.Context();
        var agencyId = await db.Dossiers.Where(d => d.Id == id).Select(d => d.AgencyId).SingleAsync();
        var expected = await db.Dossiers.AsNoTracking().AsSplitQuery()
            .Include(d => d.Steps).Include(d => d.Pauses).Include(d => d.Letters).Include(d => d.Documents)
            .SingleAsync(d => d.Id == id);
        var expectedAudit = await db.AuditEntries.AsNoTracking().Where(a => a.DossierId == id).OrderBy(a => a.Id).ToListAsync();
        var read = await DossierRows.ReadAsync(db, agencyId, id, DossierRows.Parts.Documents | DossierRows.Parts.Audit, CancellationToken.None);

        Assert.That(read.Dossier, Is.Not.Null);
        var actual = read.Dossier!;
        Assert.Multiple(() =>
        {
            Assert.That((expected.Steps.Count, expected.Pauses.Count, expected.Letters.Count, expected.Documents.Count > 0, expected.Submitter is null),
                Is.EqualTo((4, 1, 1, true, false)), "the dossier has every kind of row");
            Assert.That(Columns(actual), Is.EqualTo(Columns(expected)), "dossier columns");
            Assert.That(Json(actual.Steps.OrderBy(s => s.Sequence)), Is.EqualTo(Json(expected.Steps.OrderBy(s => s.Sequence))), "steps");
            Assert.That(Json(actual.Pauses), Is.EqualTo(Json(expected.Pauses)), "pauses");
            Assert.That(Json(actual.Letters), Is.EqualTo(Json(expected.Letters)), "letters");
            Assert.That(Json(actual.Documents.OrderBy(d => d.Id)), Is.EqualTo(Json(expected.Documents.OrderBy(d => d.Id))), "documents");
            Assert.That(Json(read.Audit), Is.EqualTo(Json(expectedAudit)), "audit trail in id order");
            Assert.That(actual.RowVersion, Is.Not.Zero);
        });

        var otherAgency = await DossierRows.ReadAsync(db, Guid.NewGuid(), id, DossierRows.Parts.Documents, CancellationToken.None);
        Assert.That(otherAgency.Dossier, Is.Null);

        // The citizen lookup's read by code: the same columns and steps, nothing for an unknown code.
        var byCode = await DossierRows.ReadByCodeAsync(db, expected.Code!, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(byCode is null ? null : Columns(byCode), Is.EqualTo(Columns(expected)));
            Assert.That(Json(byCode?.Steps), Is.EqualTo(Json(expected.Steps.OrderBy(s => s.Sequence))));
        });
        Assert.That(await DossierRows.ReadByCodeAsync(db, expected.Code + "9", CancellationToken.None), Is.Null);
    }

    private async Task<Guid> RegisterWithSubmitterAsync()
    {
        var desk = await As("tiepnhan");
        using var response = await desk.PostAsJsonAsync("/api/dossiers", new
        {
            procedureCode = "1.001776",
            owner = new { fullName = "Nguyễn Thị Hoa", idNumber = "038190001234", phone = "0912345678", address = "Thôn Đông Hưng, xã Nguyên Giáp" },
            submitter = new { fullName = "Lê Văn Bình", idNumber = "038190005678", email = "binh@example.vn" },
            documents = Workflows.Definitions.DefinitionCatalog.Load(TestServices.WorkflowsPath).Find("1.001776")!.Documents
                .Where(d => d.Mandatory).Select(d => new { key = d.Key, originals = 1, certified = 0, photocopies = 1 }),
            note = "Hồ sơ có người nộp thay",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    /// <summary>The dossier's own columns (its owned people included), without the child collections.</summary>
    private static string Columns(Features.Reception.Dossier d) => JsonSerializer.Serialize(d, new JsonSerializerOptions
    {
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    foreach (var p in info.Properties.Where(p => p.Name is "Steps" or "Pauses" or "Letters" or "Documents"))
                    {
                        p.ShouldSerialize = (_, _) => false;
                    }
                },
            },
        },
    });
}
