using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OneStop.Testing;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Features.Reception;
using OneStop.Web.Tests.Processing;

namespace OneStop.Web.Tests.Security;

/// <summary>
/// Every endpoint and page × anonymous, every demo user and an officer of a partner agency × a dossier of the
/// caller's agency and one of another agency → the status declared in <see cref="EndpointTable"/>.
/// </summary>
public sealed class AuthorizationMatrixTests : ProcessingHarness
{
    private const string Partner = "congan";
    private static readonly string[] Users = ["", "tiepnhan", "chuyenvien", "chuyenvien2", "lanhdao", "truongphong", "giamsat", "quantri", Partner];

    private static readonly Dictionary<string, string> RoleOf = new()
    {
        ["tiepnhan"] = Roles.Reception, ["chuyenvien"] = Roles.Specialist, ["chuyenvien2"] = Roles.Specialist, ["lanhdao"] = Roles.Leader,
        ["truongphong"] = Roles.Leader, ["giamsat"] = Roles.Supervisor, ["quantri"] = Roles.Admin, [Partner] = Roles.Specialist,
    };

    private Guid _commune;
    private Guid _partner;

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        await AddOfficerAsync(Partner, "Đinh Công An", "G01.H99.100.01", Roles.Specialist);
        _commune = await RegisterAsync("1.000656");
        _partner = (await TestDossiers.CreateAsync(App.Services, DossierStatus.InProgress, "G01.H99.100")).Id;
    }

    [Test]
    public async Task Every_endpoint_answers_each_role_and_agency_as_declared()
    {
        var endpoints = DiscoveredEndpoint.All(App.Services);
        Assert.That(EndpointTable.Undeclared(endpoints), Is.Empty, "every endpoint and page needs a row in EndpointTable.Rules");
        Assert.That(EndpointTable.Rules.Keys.Except(endpoints.Select(e => e.Key)), Is.Empty, "rules for endpoints the app no longer serves");

        var api = new Dictionary<string, HttpClient>();
        var pages = new Dictionary<string, HttpClient>();
        foreach (var user in Users)
        {
            api[user] = App.CreateClient(new() { AllowAutoRedirect = false });
            if (user.Length > 0)
            {
                api[user].DefaultRequestHeaders.Authorization = (await As(user)).DefaultRequestHeaders.Authorization;
            }
            pages[user] = user.Length == 0 ? App.CreateClient(new() { AllowAutoRedirect = false }) : await CookieClientAsync(user);
        }

        var mismatches = new List<string>();
        var cells = 0;
        foreach (var endpoint in endpoints)
        {
            var rule = EndpointTable.Rules[endpoint.Key];
            foreach (var user in Users)
            {
                // A dossier of the caller's agency and one of another; the partner officer's other agency is the commune.
                var scopes = rule.Dossier ? new[] { true, false } : [true];
                foreach (var ownAgency in scopes)
                {
                    if (user == Partner && ownAgency && rule.Dossier)
                    {
                        continue;  // the partner agency has no dossier of its own in the demo
                    }
                    var dossier = !ownAgency ? (user == Partner ? _commune : _partner) : rule.Mutates ? await RegisterAsync("1.000656") : _commune;
                    var (expected, location) = Expected(endpoint, rule, user, ownAgency);
                    var (status, actualLocation, body) = await SendAsync(endpoint.IsPage ? pages[user] : api[user], endpoint, rule, dossier);
                    cells++;
                    if (status != expected || location is not null && actualLocation?.Contains(location, StringComparison.Ordinal) != true)
                    {
                        mismatches.Add($"{endpoint.Key} as '{user}' on {(ownAgency ? "own" : "other")}-agency dossier: expected {expected} {location}, got {status} {actualLocation} {body}");
                    }
                }
            }
        }
        TestContext.Progress.WriteLine(
            $"Authorization matrix: {endpoints.Count(e => !e.IsPage)} API endpoints + {endpoints.Count(e => e.IsPage)} pages × {Users.Length} callers × own/other agency = {cells} cells, {mismatches.Count} mismatches");
        foreach (var mismatch in mismatches)
        {
            TestContext.Progress.WriteLine(mismatch);
        }
        Assert.That(mismatches, Is.Empty);
    }

    [Test]
    public async Task Officers_list_only_their_agency_dossiers()
    {
        var commune = await GetAsync("chuyenvien", "/api/dossiers?take=500");
        var partner = await GetAsync(Partner, "/api/dossiers?take=500");
        var communeIds = commune.EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ToList();
        var partnerIds = partner.EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(communeIds, Does.Contain(_commune).And.Not.Contain(_partner));
            Assert.That(partnerIds, Does.Contain(_partner).And.Not.Contain(_commune));
        });
    }

    private static (int Status, string? Location) Expected(DiscoveredEndpoint endpoint, Expectation rule, string user, bool ownAgency)
    {
        if (rule.Anonymous)
        {
            return (user.Length > 0 && rule.SignedIn is { } signedIn ? signedIn : rule.Own, null);
        }
        if (user.Length == 0)
        {
            return endpoint.IsPage ? (302, "/?ReturnUrl=") : (401, null);
        }
        if (rule.Roles is { } roles && !roles.Contains(RoleOf[user]))
        {
            return endpoint.IsPage ? (302, "/access-denied") : (403, null);
        }
        if (rule.Dossier && !ownAgency)
        {
            return (404, null);
        }
        return (rule.OwnFor?.GetValueOrDefault(user) is { } status and not 0 ? status : rule.Own, null);
    }

    private static async Task<(int Status, string? Location, string Body)> SendAsync(HttpClient client, DiscoveredEndpoint endpoint, Expectation rule, Guid dossier)
    {
        var method = endpoint.IsPage ? "GET" : endpoint.Method;
        using var request = new HttpRequestMessage(new HttpMethod(method), rule.Path.Replace("{dossier}", dossier.ToString(), StringComparison.Ordinal));
        if (endpoint.AcceptsMultipart)
        {
            var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent([.. "%PDF-1.4\n"u8, .. new byte[64]]), "file", "to-khai.pdf");
            request.Content = form;
        }
        else if (rule.Body is not null)
        {
            request.Content = new StringContent(rule.Body, Encoding.UTF8, "application/json");
        }
        foreach (var (name, value) in rule.Headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }
        using var response = await client.SendAsync(request);
        var body = endpoint.IsPage ? "" : await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, response.Headers.Location?.ToString(), body.Length > 300 ? body[..300] : body);
    }
}
