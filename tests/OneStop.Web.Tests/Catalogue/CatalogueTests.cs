using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneStop.Testing;
using OneStop.Web.Features.Catalogue;
using OneStop.Web.Infrastructure;
using OneStop.Workflows.Definitions;

namespace OneStop.Web.Tests.Catalogue;

public sealed class CatalogueTests
{
    private TestDatabase _db = null!;
    private OneStopApp _app = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _db = await TestDatabase.CreateAsync("catalogue");
        _app = new OneStopApp(_db);
        await _app.SeedDemoAsync();
        _client = _app.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Test]
    public async Task Catalogue_lists_at_least_twelve_procedures_with_a_same_day_and_an_inter_agency_one()
    {
        var list = await _client.GetFromJsonAsync<JsonElement[]>("/api/procedures");

        Assert.That(list, Has.Length.GreaterThanOrEqualTo(12));
        Assert.That(list!.Select(p => p.GetProperty("code").GetString()), Is.Unique);
        Assert.That(list.Any(p => p.GetProperty("interAgency").GetBoolean()), Is.True);
        Assert.That(list.Any(p => p.GetProperty("timeLimit").GetString()!.StartsWith("Trong ngày", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public async Task Search_ignores_vietnamese_accents()
    {
        var list = await _client.GetFromJsonAsync<JsonElement[]>("/api/procedures?q=khai%20sinh");
        var names = list!.Select(p => p.GetProperty("name").GetString()!).ToList();

        Assert.That(names, Does.Contain("Đăng ký khai sinh"));
        Assert.That(names, Has.All.Matches<string>(n => SearchText.Fold(n!).Contains("khai sinh", StringComparison.Ordinal)));
        Assert.That(names, Has.None.EqualTo("Đăng ký kết hôn"));
    }

    [Test]
    public async Task Certified_copy_detail_shows_the_per_page_fee_and_the_steps_with_their_units()
    {
        var detail = await _client.GetFromJsonAsync<JsonElement>("/api/procedures/2.000815");

        Assert.Multiple(() =>
        {
            Assert.That(detail.GetProperty("name").GetString(), Does.StartWith("Chứng thực bản sao từ bản chính"));
            // TT 226/2016/TT-BTC: 2.000 đ/trang for pages 1–2, 1.000 đ/trang from page 3, at most 200.000 đ per copy.
            var fee = detail.GetProperty("fees")[0].GetProperty("text").GetString();
            Assert.That(fee, Does.Contain("2.000 đồng/trang").And.Contain("1.000 đồng/trang").And.Contain("tối đa 200.000 đồng/bản"));
            var steps = detail.GetProperty("steps").EnumerateArray().ToList();
            Assert.That(steps[0].GetProperty("kind").GetString(), Is.EqualTo("Tiếp nhận"));
            Assert.That(steps[^1].GetProperty("kind").GetString(), Is.EqualTo("Trả kết quả"));
            Assert.That(steps.Select(s => s.GetProperty("unitName").GetString()), Has.All.Not.Empty);
        });
    }

    [Test]
    public async Task Detail_carries_the_procedure_diagram_as_graphviz_dot_with_vietnamese_step_names()
    {
        var detail = await _client.GetFromJsonAsync<JsonElement>("/api/procedures/1.001193");
        var diagram = detail.GetProperty("diagram").GetString()!;

        Assert.That(diagram, Does.StartWith("digraph"));
        foreach (var step in detail.GetProperty("steps").EnumerateArray())
        {
            Assert.That(diagram, Does.Contain($"[label=\"{step.GetProperty("name").GetString()}\"]"));
        }
    }

    [Test]
    public async Task Procedure_page_draws_the_diagram_with_a_module_from_our_origin_and_keeps_a_step_list_fallback()
    {
        using var page = await _client.GetAsync("/procedures/1.001193");
        var html = await page.Content.ReadAsStringAsync();
        using var module = await _client.GetAsync("/js/procedure-diagram.js");
        using var viz = await _client.GetAsync("/lib/viz/viz.js");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("<pre id=\"procedure-diagram-dot\" hidden>digraph"));
            Assert.That(html, Does.Contain("data-diagram-fallback"));
            Assert.That(html, Does.Match("<script type=\"module\" src=\"/js/procedure-diagram.js\\?v=[^\"]+\"></script>"));
            Assert.That(html, Does.Not.Contain("<script>"), "no inline script");
            var csp = page.Headers.GetValues("Content-Security-Policy").Single();
            Assert.That(csp, Does.Contain("script-src 'self' 'wasm-unsafe-eval';"));
            Assert.That(csp, Does.Not.Contain("unsafe-inline"));
            Assert.That(csp, Does.Not.Contain("'unsafe-eval'"));
            Assert.That(module.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(viz.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the npm asset is copied to wwwroot/lib by the build");
        }
    }

    [Test]
    public async Task Unknown_procedure_is_a_vietnamese_404_problem()
    {
        using var response = await _client.GetAsync("/api/procedures/9.999999");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Không tìm thấy thủ tục có mã '9.999999'."));
    }

    [Test]
    public async Task Seeding_records_each_definition_version_with_its_hash_and_a_second_run_adds_nothing()
    {
        var catalog = DefinitionCatalog.Load(TestServices.WorkflowsPath);
        await using var db = _db.Context();

        var stored = await db.ProcedureVersions.Select(p => new { p.Code, p.Version, p.ContentHash }).ToListAsync();
        var again = await CatalogueSeeder.SeedAsync(db, catalog, TimeProvider.System);

        Assert.That(stored.Select(s => (s.Code, s.Version, s.ContentHash)),
            Is.EquivalentTo(catalog.Definitions.Select(d => (d.Code, d.Version, d.ContentHash))));
        Assert.That(again.Added, Is.Zero);
    }

    [Test]
    public async Task A_changed_file_must_get_a_new_version_and_the_old_version_stays()
    {
        await using var database = await TestDatabase.CreateAsync("versions");
        await using var db = database.Context();
        var folder = CopyWorkflows();
        try
        {
            await CatalogueSeeder.SeedAsync(db, DefinitionCatalog.Load(folder), TimeProvider.System);
            var file = Directory.GetFiles(folder, "2.000884-*.yaml").Single();
            var original = await File.ReadAllTextAsync(file);
            var name = DefinitionCatalog.Load(folder).Find("2.000884")!.Name;
            var renamed = original.Replace($"name: {name}\n", $"name: {name} (sửa)\n", StringComparison.Ordinal);
            Assert.That(renamed, Is.Not.EqualTo(original));
            await File.WriteAllTextAsync(file, renamed);

            var refused = await Assert.ThrowsAsync<SeedException>(() => CatalogueSeeder.SeedAsync(db, DefinitionCatalog.Load(folder), TimeProvider.System));
            Assert.That(refused!.Message, Does.StartWith(file + ":1: thủ tục 2.000884 phiên bản 1"));

            await File.WriteAllTextAsync(file, renamed.Replace("version: 1\n", "version: 2\n", StringComparison.Ordinal));
            var outcome = await CatalogueSeeder.SeedAsync(db, DefinitionCatalog.Load(folder), TimeProvider.System);

            var versions = await db.ProcedureVersions.Where(p => p.Code == "2.000884").OrderBy(p => p.Version).Select(p => p.Name).ToListAsync();
            Assert.That(outcome.Added, Is.EqualTo(1));
            Assert.That(versions, Is.EqualTo(new[] { name, name + " (sửa)" }));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task The_app_refuses_to_start_on_a_broken_definition_and_prints_file_and_line()
    {
        var folder = CopyWorkflows();
        try
        {
            var file = Directory.GetFiles(folder, "1.001193-*.yaml").Single();
            var lines = (await File.ReadAllLinesAsync(file)).ToList();
            var unitLine = lines.FindIndex(l => l.Trim() == "unit: one-stop");
            lines[unitLine] = lines[unitLine].Replace("one-stop", "phong-khong-co", StringComparison.Ordinal);
            await File.WriteAllLinesAsync(file, lines);

            var (code, _, stderr) = await ProcessRunner.RunAsync("OneStop.Web.dll", new Dictionary<string, string>
            {
                ["ONESTOP_WORKFLOWS"] = folder,
                ["ConnectionStrings__OneStop"] = "Host=127.0.0.1;Database=unused",
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            });

            Assert.That(code, Is.EqualTo(1));
            Assert.That(stderr, Does.StartWith($"{file}:{unitLine + 1}: "));
            Assert.That(stderr, Does.Contain("phong-khong-co"));
            Assert.That(stderr, Does.Not.Contain("Exception").And.Not.Contain("   at "));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task Definitions_validate_accepts_the_catalogue_and_rejects_a_broken_file_with_exit_1()
    {
        var (ok, _, _) = await ProcessRunner.OneStopAsync("definitions", "validate", TestServices.WorkflowsPath);
        var folder = CopyWorkflows();
        try
        {
            var file = Directory.GetFiles(folder, "2.000635-*.yaml").Single();
            var text = await File.ReadAllTextAsync(file);
            await File.WriteAllTextAsync(file, text.Replace("version: 1", "version: không-phải-số", StringComparison.Ordinal));

            var (code, stdout, _) = await ProcessRunner.OneStopAsync("definitions", "validate", folder);

            Assert.That(ok, Is.Zero);
            Assert.That(code, Is.EqualTo(1));
            Assert.That(stdout, Does.Match(@"2\.000635-[^:]+\.yaml:\d+: "));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string CopyWorkflows()
    {
        var target = Path.Combine(Path.GetTempPath(), "onestop-wf-" + Guid.NewGuid().ToString("N"));
        foreach (var source in Directory.GetFiles(TestServices.WorkflowsPath, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(TestServices.WorkflowsPath, source));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(source, destination);
        }
        return target;
    }
}
