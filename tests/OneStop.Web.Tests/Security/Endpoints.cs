using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Web.Features.Organisation;

namespace OneStop.Web.Tests.Security;

/// <summary>An endpoint the running app serves, found in its <see cref="EndpointDataSource"/>; Key is "METHOD /route" or "PAGE /route".</summary>
public sealed record DiscoveredEndpoint(string Method, string Route, Endpoint Endpoint)
{
    public string Key => $"{Method} {Route}";

    public bool IsPage => Method == "PAGE";

    /// <summary>The minimal API's handler method (its parameters tell the fuzzer what to send).</summary>
    public MethodInfo? Handler => Endpoint.Metadata.GetMetadata<MethodInfo>();

    public IReadOnlyList<string> RouteParameters => ((RouteEndpoint)Endpoint).RoutePattern.Parameters.Select(p => p.Name).ToList();

    public bool AcceptsMultipart => Endpoint.Metadata.GetOrderedMetadata<IAcceptsMetadata>()
        .Any(a => a.ContentTypes.Any(c => c.StartsWith("multipart/", StringComparison.Ordinal)));

    /// <summary>Every endpoint and page of the app, except the framework's own (OpenAPI document, API reference, health probes).</summary>
    public static IReadOnlyList<DiscoveredEndpoint> All(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Route: "/" + (e.RoutePattern.RawText ?? "").Trim('/')))
            .Where(x => !x.Route.StartsWith("/openapi", StringComparison.Ordinal) && !x.Route.StartsWith("/scalar", StringComparison.Ordinal)
                && !x.Route.StartsWith("/health", StringComparison.Ordinal))
            .SelectMany(x => x.Endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not null
                ? [new DiscoveredEndpoint("PAGE", x.Route, x.Endpoint)]
                : (x.Endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                    .Select(m => new DiscoveredEndpoint(m, x.Route, x.Endpoint)))
            .DistinctBy(e => e.Key)
            .OrderBy(e => e.Key, StringComparer.Ordinal)];
}

/// <summary>
/// Who may call an endpoint and what a call looks like. <see cref="Roles"/> null: any signed-in officer; empty: anyone,
/// also anonymous. <see cref="Dossier"/>: the path names a dossier ({dossier}), so an officer of another agency gets 404.
/// <see cref="Own"/>: the status an allowed officer gets for a dossier of their own agency (per-user exceptions in
/// <see cref="OwnFor"/>, e.g. only the holder of a step may act on it). <see cref="Mutates"/>: each matrix cell gets a
/// freshly registered dossier. <see cref="SignedIn"/>: what a public endpoint answers a signed-in officer, when that differs. <see cref="Headers"/>: request
/// headers the call needs.
/// </summary>
public sealed record Expectation(string[]? Roles, bool Dossier, int Own, string Path, string? Body = null,
    IReadOnlyDictionary<string, int>? OwnFor = null, bool Mutates = false, int? SignedIn = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    public bool Anonymous => Roles is { Length: 0 };
}

/// <summary>
/// The declared access rules of every endpoint and page. The authorization matrix and the fuzzer discover the app's
/// endpoints and fail on any that has no row here: a new endpoint must be added with its rule.
/// </summary>
public static class EndpointTable
{
    private static readonly string[] Public = [];
    private static readonly string[]? AnyOfficer = null;
    private static readonly string[] Reception = [Roles.Reception];
    private static readonly string[] Desk = [Roles.Reception, Roles.Specialist];
    private static readonly string[] Oversight = [Roles.Supervisor, Roles.Leader, Roles.Admin];
    private static readonly string[] Registers = [Roles.Reception, Roles.Supervisor, Roles.Leader, Roles.Admin];

    /// <summary>A complete 1.000656 (đăng ký khai tử) dossier, as the desk registers it.</summary>
    public const string RegisterBody = """
        {"procedureCode":"1.000656","owner":{"fullName":"Nguyễn Thị Hoa","idNumber":"038190001234","phone":"0912345678","email":"hoa@example.vn","address":"Thôn Đông Hưng, xã Nguyên Giáp"},
         "documents":[{"key":"to-khai","originals":1,"certified":0,"photocopies":0},{"key":"giay-bao-tu","originals":1,"certified":0,"photocopies":0},{"key":"giay-to-tuy-than","originals":1,"certified":0,"photocopies":0}],
         "note":"Ghi chú"}
        """;

    public const string SlipBody = """
        {"procedureCode":"1.000656","applicant":{"fullName":"Nguyễn Thị Hoa","idNumber":"038190001234","phone":"0912345678","address":"Thôn Đông Hưng"},
         "items":[{"name":"Giấy báo tử","originals":1,"certified":0,"photocopies":0}],"reason":"Thiếu giấy báo tử"}
        """;

    public static readonly IReadOnlyDictionary<string, Expectation> Rules = new Dictionary<string, Expectation>
    {
        // Account
        ["POST /api/auth/token"] = new(Public, false, 401, "/api/auth/token", """{"userName":"khong-co","password":"sai-mat-khau"}"""),
        ["GET /api/me"] = new(AnyOfficer, false, 200, "/api/me"),
        ["POST /signout"] = new(Public, false, 400, "/signout"),  // the matrix posts no anti-forgery token
        // Catalogue (public)
        ["GET /api/procedures"] = new(Public, false, 200, "/api/procedures?q=khai"),
        ["GET /api/procedures/{code}"] = new(Public, false, 200, "/api/procedures/1.000656"),
        ["GET /api/procedures/{code}/fee"] = new(Public, false, 200, "/api/procedures/2.000815/fee?copies=2&pagesPerCopy=3"),
        // Reception
        ["POST /api/dossiers"] = new(Reception, false, 201, "/api/dossiers", RegisterBody),
        ["GET /api/dossiers/{id:guid}/forms/receipt.pdf"] = new(AnyOfficer, true, 200, "/api/dossiers/{dossier}/forms/receipt.pdf"),
        ["POST /api/intake"] = new(Reception, false, 201, "/api/intake", RegisterBody,
            Headers: new Dictionary<string, string> { ["Idempotency-Key"] = "G22.99-261123-000001" }),
        ["GET /api/intake/queue"] = new(Reception, false, 200, "/api/intake/queue"),
        // The registered dossier is past intake: accepting it is a conflict (it is no longer waiting for the desk).
        ["POST /api/dossiers/{id:guid}/actions/accept"] = new(Reception, true, 409, "/api/dossiers/{dossier}/actions/accept", "{}"),
        ["POST /api/slips/{kind}"] = new(Reception, false, 201, "/api/slips/supplement", SlipBody),
        ["GET /api/slips/{id:guid}/form.pdf"] = new(AnyOfficer, true, 404, "/api/slips/{dossier}/form.pdf"),
        ["GET /api/dossiers/{id:guid}/forms/{form}.pdf"] = new(AnyOfficer, true, 404, "/api/dossiers/{dossier}/forms/supplement.pdf"),
        // Processing: any officer of the agency reads; only the holder of the open step acts on it.
        ["GET /api/dossiers"] = new(AnyOfficer, false, 200, "/api/dossiers?take=5"),
        ["GET /api/dossiers/{id:guid}"] = new(AnyOfficer, true, 200, "/api/dossiers/{dossier}"),
        ["GET /api/dossiers/{id:guid}/actions"] = new(AnyOfficer, true, 200, "/api/dossiers/{dossier}/actions"),
        ["GET /api/dossiers/{id:guid}/candidates"] = new(AnyOfficer, true, 200, "/api/dossiers/{dossier}/candidates"),
        ["POST /api/dossiers/{id:guid}/actions/{action}"] = new(AnyOfficer, true, 403, "/api/dossiers/{dossier}/actions/complete-step", "{}",
            OwnFor: new Dictionary<string, int> { ["chuyenvien"] = 200 }, Mutates: true),
        ["GET /api/dossiers/{id:guid}/forms/apology.pdf"] = new(AnyOfficer, true, 404, "/api/dossiers/{dossier}/forms/apology.pdf"),
        ["GET /api/dossiers/{id:guid}/forms/stop.pdf"] = new(AnyOfficer, true, 404, "/api/dossiers/{dossier}/forms/stop.pdf"),
        ["GET /api/dossiers/{id:guid}/forms/control-sheet.pdf"] = new(AnyOfficer, true, 200, "/api/dossiers/{dossier}/forms/control-sheet.pdf"),
        // Returns: the desk hands over finished dossiers only (the registered one is still being processed).
        ["POST /api/dossiers/{id:guid}/actions/return"] = new(Reception, true, 409, "/api/dossiers/{dossier}/actions/return",
            """{"delivery":"Desk","collectedBy":"Nguyễn Thị Hoa","identityChecked":true}"""),
        // Digitisation
        ["POST /api/dossiers/{id:guid}/documents/{key}/scan"] = new(Desk, true, 200, "/api/dossiers/{dossier}/documents/to-khai/scan", Mutates: true),
        ["GET /api/dossiers/{id:guid}/documents/{key}/scan"] = new(Desk, true, 404, "/api/dossiers/{dossier}/documents/to-khai/scan"),
        // The electronic result: only once the result is ready (the registered dossier is still being processed).
        ["POST /api/dossiers/{id:guid}/result-file"] = new(Desk, true, 409, "/api/dossiers/{dossier}/result-file"),
        ["GET /api/dossiers/{id:guid}/result-file"] = new(Desk, true, 404, "/api/dossiers/{dossier}/result-file"),
        ["GET /api/citizens/{idNumber}/documents"] = new(Desk, false, 200, "/api/citizens/038190001234/documents"),
        // A document that is no earlier scan of the same citizen cannot be reused.
        ["POST /api/dossiers/{id:guid}/documents/{key}/reuse"] = new(Desk, true, 400, "/api/dossiers/{dossier}/documents/to-khai/reuse",
            """{"documentId":"0195e2a0-0000-7000-8000-000000000001"}"""),
        // Citizen lookup (public; an unknown code is a 404, never a hint)
        ["GET /api/lookup"] = new(Public, false, 404, "/api/lookup?code=H99.100-261123-9999&pin=123456"),
        ["POST /api/lookup/rating"] = new(Public, false, 404, "/api/lookup/rating",
            """{"code":"H99.100-261123-9999","pin":"123456","rating":"Satisfied","comment":"Tốt"}"""),
        // Oversight
        ["GET /api/overdue"] = new(Oversight, false, 200, "/api/overdue"),
        ["GET /api/kpi"] = new(Oversight, false, 200, "/api/kpi?from=2026-11-01&to=2026-11-30"),
        ["GET /api/kpi/trend"] = new(Oversight, false, 200, "/api/kpi/trend?months=3&to=2026-11"),
        ["GET /api/kpi/report.pdf"] = new(Oversight, false, 200, "/api/kpi/report.pdf?month=2026-11"),
        ["GET /api/register.pdf"] = new(Registers, false, 200, "/api/register.pdf?from=2026-11-01&to=2026-11-30"),
        ["GET /api/register.xlsx"] = new(Registers, false, 200, "/api/register.xlsx?from=2026-11-01&to=2026-11-30"),
        ["GET /api/notifications"] = new(AnyOfficer, false, 200, "/api/notifications"),
        ["POST /api/notifications/{id:guid}/read"] = new(AnyOfficer, false, 404, "/api/notifications/{dossier}/read", "{}"),
        ["GET /api/admin/outbox"] = new([Roles.Admin], false, 200, "/api/admin/outbox"),

        // Pages (GET; anonymous → the sign-in page, wrong role → /access-denied)
        ["PAGE /"] = new(Public, false, 200, "/", SignedIn: 302),  // the sign-in page sends a signed-in officer home
        ["PAGE /access-denied"] = new(AnyOfficer, false, 200, "/access-denied"),
        ["PAGE /error"] = new(Public, false, 200, "/error"),
        ["PAGE /procedures"] = new(Public, false, 200, "/procedures"),
        ["PAGE /procedures/{code}"] = new(Public, false, 200, "/procedures/1.000656"),
        ["PAGE /lookup"] = new(Public, false, 200, "/lookup"),
        ["PAGE /home"] = new(AnyOfficer, false, 200, "/home"),
        ["PAGE /inbox"] = new([Roles.Specialist, Roles.Leader, Roles.Reception], false, 200, "/inbox"),
        ["PAGE /leader"] = new([Roles.Leader], false, 200, "/leader"),
        ["PAGE /supervisor"] = new(Oversight, false, 200, "/supervisor"),
        ["PAGE /dossiers/{id:guid}"] = new(AnyOfficer, true, 200, "/dossiers/{dossier}"),
        ["PAGE /reception/register"] = new(Reception, false, 200, "/reception/register"),
        ["PAGE /reception/registered/{id:guid}"] = new(Reception, true, 200, "/reception/registered/{dossier}"),
        ["PAGE /reception/slips/{id:guid}"] = new(Reception, true, 404, "/reception/slips/{dossier}"),
        ["PAGE /reception/online"] = new(Reception, false, 200, "/reception/online"),
        ["PAGE /returns"] = new(Reception, false, 200, "/returns"),
        ["PAGE /reception/dossiers/{id:guid}/documents"] = new(Desk, true, 200, "/reception/dossiers/{dossier}/documents"),
    };

    /// <summary>Discovered endpoints that have no declared rule (must be empty).</summary>
    public static IReadOnlyList<string> Undeclared(IEnumerable<DiscoveredEndpoint> endpoints) =>
        [.. endpoints.Select(e => e.Key).Where(k => !Rules.ContainsKey(k))];
}
