using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Tests.Processing;

namespace OneStop.Web.Tests.Security;

/// <summary>One test per answer the bad-input fuzzer found wrong (each was a 500 or an invalid row).</summary>
public sealed class BadInputRegressionTests : ProcessingHarness
{
    private static StringContent Json(string json, string type = "application/json") => new(json, Encoding.UTF8, type.Split(';')[0])
    {
        Headers = { ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(type) },
    };

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<int> CountAsync()
    {
        await using var db = Db.Context();
        return await db.Dossiers.CountAsync() + await db.CounterSlips.CountAsync();
    }

    [Test]
    public async Task A_nul_character_in_a_search_is_a_vietnamese_400()
    {
        using var response = await (await As("chuyenvien")).GetAsync("/api/dossiers?q=a%00b");
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Địa chỉ yêu cầu chứa ký tự không hợp lệ."));
    }

    [Test]
    public async Task A_body_in_an_unknown_charset_is_a_vietnamese_415()
    {
        using var response = await (await As("tiepnhan")).PostAsync("/api/dossiers", Json(EndpointTable.RegisterBody, "application/json; charset=klingon"));
        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Chỉ nhận dữ liệu mã hóa UTF-8."));
    }

    [TestCase("Nguyễn\\u0000Hoa")]
    [TestCase("Nguyễn\\ud800Hoa")]
    public async Task A_nul_or_a_lone_surrogate_in_a_name_is_refused_and_nothing_is_stored(string name)
    {
        var before = await CountAsync();
        using var dossier = await (await As("tiepnhan")).PostAsync("/api/dossiers", Json(EndpointTable.RegisterBody.Replace("Nguyễn Thị Hoa", name, StringComparison.Ordinal)));
        using var slip = await (await As("tiepnhan")).PostAsync("/api/slips/supplement", Json(EndpointTable.SlipBody.Replace("Nguyễn Thị Hoa", name, StringComparison.Ordinal)));
        await ProblemAsync(dossier, HttpStatusCode.BadRequest);
        await ProblemAsync(slip, HttpStatusCode.BadRequest);
        Assert.That(await CountAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Decomposed_vietnamese_is_stored_in_nfc()
    {
        var decomposed = "Nguye\u0302\u0303n Thi\u0323 Hoa".Normalize(NormalizationForm.FormD);
        using var response = await (await As("tiepnhan")).PostAsJsonAsync("/api/slips/supplement",
            JsonSerializer.Deserialize<JsonElement>(EndpointTable.SlipBody.Replace("Nguyễn Thị Hoa", decomposed, StringComparison.Ordinal)));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await using var db = Db.Context();
        Assert.That((await db.CounterSlips.SingleAsync(s => s.Id == id)).Applicant.FullName, Is.EqualTo("Nguyễn Thị Hoa".Normalize(NormalizationForm.FormC)));
    }

    [Test]
    public async Task A_counter_slip_checks_the_applicants_cccd_and_phone_like_registration()
    {
        var before = await CountAsync();
        using var response = await (await As("tiepnhan")).PostAsync("/api/slips/supplement",
            Json(EndpointTable.SlipBody.Replace("038190001234", "Nguyễn Thị Hoa", StringComparison.Ordinal).Replace("0912345678", "abc", StringComparison.Ordinal)));
        var errors = (await ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        var after = await CountAsync();
        Assert.Multiple(() =>
        {
            Assert.That(errors.GetProperty("applicant.idNumber")[0].GetString(), Is.EqualTo("Số căn cước (CCCD) phải gồm đúng 12 chữ số."));
            Assert.That(errors.GetProperty("applicant.phone")[0].GetString(), Does.StartWith("Số điện thoại không hợp lệ"));
            Assert.That(after, Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Over_long_notes_and_names_are_validation_problems_not_database_errors()
    {
        var before = await CountAsync();
        var longNote = new string('x', 2001);
        using var dossier = await (await As("tiepnhan")).PostAsync("/api/dossiers",
            Json(EndpointTable.RegisterBody.Replace("\"Ghi chú\"", $"\"{longNote}\"", StringComparison.Ordinal)));
        using var slip = await (await As("tiepnhan")).PostAsync("/api/slips/supplement",
            Json(EndpointTable.SlipBody.Replace("Nguyễn Thị Hoa", new string('a', 201), StringComparison.Ordinal)));
        var note = (await ProblemAsync(dossier, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("note")[0].GetString();
        var name = (await ProblemAsync(slip, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("applicant.fullName")[0].GetString();
        var after = await CountAsync();
        Assert.Multiple(() =>
        {
            Assert.That(note, Is.EqualTo("Ghi chú dài tối đa 2000 ký tự."));
            Assert.That(name, Is.EqualTo("Họ và tên dài tối đa 200 ký tự."));
            Assert.That(after, Is.EqualTo(before));
        });
    }

    [TestCase("")]
    [TestCase("{\"userName\":\"x\"}")]
    public async Task Sign_out_without_the_form_token_is_a_vietnamese_400(string body)
    {
        using var client = await CookieClientAsync("tiepnhan");
        using var response = await client.PostAsync("/signout", Json(body));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("title").GetString(), Does.StartWith("Phiên làm việc của biểu mẫu đã hết hạn."));
        using var stillSignedIn = await client.GetAsync("/home");
        Assert.That(stillSignedIn.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the officer is still signed in");
    }

    [Test]
    public async Task A_lone_surrogate_as_the_rating_is_a_validation_problem()
    {
        using var response = await App.CreateClient().PostAsync("/api/lookup/rating",
            Json("""{"code":"H99.100-261123-0001","pin":"123456","rating":"\ud800"}"""));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("errors").GetProperty("rating")[0].GetString(), Does.StartWith("Vui lòng chọn mức độ hài lòng"));
    }

    [Test]
    public async Task Simultaneous_scans_of_one_dossier_are_each_stored_or_a_409_never_a_500()
    {
        var id = await RegisterAsync("1.000656");
        var clients = await ClientsAsync(Enumerable.Repeat("tiepnhan", 8));
        var keys = new[] { "to-khai", "giay-bao-tu", "giay-to-tuy-than", "to-khai" };
        var answers = await TogetherAsync([.. clients.Select((client, i) => (Func<Task<Answer>>)(async () =>
        {
            using var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent([.. "%PDF-1.4\n"u8, (byte)i, .. new byte[64]]), "file", "scan.pdf");
            using var response = await client.PostAsync($"/api/dossiers/{id}/documents/{keys[i % keys.Length]}/scan", form);
            var raw = await response.Content.ReadAsStringAsync();
            return new Answer(response.StatusCode, JsonDocument.Parse(raw).RootElement.Clone(), null, raw);
        }))]);
        Assert.That(answers.Select(a => a.Status), Is.All.AnyOf(HttpStatusCode.OK, HttpStatusCode.Conflict), string.Join("\n", answers.Select(a => a.ToString())));
        Assert.That(answers.Where(a => a.Status == HttpStatusCode.Conflict).Select(a => a.Title), Is.All.EqualTo("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại và thử lại."));
    }
}
