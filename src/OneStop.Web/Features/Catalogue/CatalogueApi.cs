using Microsoft.AspNetCore.Http.HttpResults;
using OneStop.Web.Infrastructure;
using OneStop.Workflows.Definitions;
using OneStop.Workflows.Engine;

namespace OneStop.Web.Features.Catalogue;

/// <summary>
/// The procedure catalogue (current version of each procedure). Public, as the law requires procedures to be published
/// (công khai TTHC); read from the validated definitions in memory, not from the database.
/// </summary>
public static class CatalogueApi
{
    public sealed record ProcedureSummary(string Code, int Version, string Name, string Field, string TimeLimit,
        string OnlineLevel, bool InterAgency, bool HasFee, int DocumentCount);

    public sealed record ProcedureDetail(string Code, int Version, string Name, string Field, string Level,
        IReadOnlyList<string> LegalBasis, string Decision, string TimeLimit, string OnlineLevel, string SupplementClock,
        IReadOnlyList<FeeView> Fees, IReadOnlyList<DocumentView> Documents, string Result, bool ResultElectronic,
        IReadOnlyList<StepView> Steps, string Diagram);

    public sealed record FeeView(string Key, string Name, string Text, IReadOnlyList<string> Exemptions);

    public sealed record DocumentView(string Key, string Name, int Original, int Certified, int Photocopy, bool Mandatory,
        string? ReusableFrom);

    public sealed record StepView(string Key, string Name, string Kind, string Unit, string UnitName, string Role,
        string Budget, decimal BudgetHours, string? Next, string? Partner);

    public static IEndpointRouteBuilder MapCatalogue(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/procedures").WithTags("Danh mục thủ tục").AllowAnonymous();
        group.MapGet("/", List).WithSummary("Danh mục thủ tục hành chính; q tìm theo mã hoặc tên, không phân biệt dấu.");
        group.MapGet("/{code}", Get).WithSummary("Chi tiết một thủ tục: thành phần hồ sơ, phí, lệ phí, các bước xử lý, sơ đồ quy trình (diagram, Graphviz DOT).");
        group.MapGet("/{code}/fee", Fee).WithSummary("Tính phí, lệ phí theo số bản, số trang, đăng ký quá hạn, kênh nộp.");
        return app;
    }

    public static IReadOnlyList<ProcedureSummary> Search(DefinitionCatalog catalog, string? q) =>
    [
        .. Current(catalog)
            .Where(d => string.IsNullOrWhiteSpace(q) || d.Code.StartsWith(q.Trim(), StringComparison.Ordinal) || SearchText.Matches(d.Name, q))
            .Select(d => new ProcedureSummary(d.Code, d.Version, d.Name, d.Field, ProcedureText.TimeLimit(d.TimeLimit),
                ProcedureText.OnlineLevel(d.OnlineLevel), d.IsInterAgency, d.Fees.Count > 0, d.Documents.Count)),
    ];

    public static ProcedureDetail Detail(DefinitionCatalog catalog, ProcedureDefinition d) => new(
        d.Code, d.Version, d.Name, d.Field, d.Level, d.LegalBasis, d.Decision, ProcedureText.TimeLimit(d.TimeLimit),
        ProcedureText.OnlineLevel(d.OnlineLevel),
        d.SupplementClock == SupplementClock.Pause ? "Tạm dừng tính thời hạn khi chờ bổ sung" : "Tính lại thời hạn từ khi nhận đủ hồ sơ bổ sung",
        [.. d.Fees.Select(f => new FeeView(f.Key, f.Name, ProcedureText.Fee(f), f.Exemptions))],
        [.. d.Documents.Select(x => new DocumentView(x.Key, x.Name, x.Original, x.Certified, x.Photocopy, x.Mandatory, x.ReusableFrom?.ToString()))],
        d.Result.Name, d.Result.Electronic,
        [.. d.Steps.Select(s => new StepView(s.Key, s.Name, ProcedureText.StepKind(s.Kind), s.Unit,
            catalog.Units.TryGet(s.Unit, out var unit) ? unit.Name : s.Unit, ProcedureText.Role(s.Role),
            ProcedureText.Budget(s.Budget), s.Budget.WorkingHours, s.Next, s.Partner))],
        ProcedureDiagram.ToDot(d));

    public sealed record FeeQuoteView(long Total, string TotalText, IReadOnlyList<FeeItem> Items);

    private static Results<Ok<FeeQuoteView>, ProblemHttpResult, ValidationProblem> Fee(DefinitionCatalog catalog, string code,
        int copies = 1, int pagesPerCopy = 1, bool late = false, bool online = false)
    {
        if (catalog.Find(code) is not { } definition)
        {
            return Problems.NotFound($"thủ tục có mã '{code}'");
        }
        if (copies is < 1 or > 1000 || pagesPerCopy is < 1 or > 10_000)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["copies"] = ["Số bản (1–1000) và số trang mỗi bản (1–10000) không hợp lệ."] });
        }
        var quote = FeeCalculator.Calculate(definition, new FeeInputs(copies, pagesPerCopy, LateRegistration: late, Online: online));
        return TypedResults.Ok(new FeeQuoteView(quote.Total, quote.Total == 0 ? "Không thu" : ProcedureText.Money(quote.Total), quote.Items));
    }

    private static Ok<IReadOnlyList<ProcedureSummary>> List(DefinitionCatalog catalog, string? q) => TypedResults.Ok(Search(catalog, q));

    private static Results<Ok<ProcedureDetail>, ProblemHttpResult> Get(DefinitionCatalog catalog, string code) =>
        catalog.Find(code) is { } definition
            ? TypedResults.Ok(Detail(catalog, definition))
            : Problems.NotFound($"thủ tục có mã '{code}'");

    /// <summary>The newest version of each code, ordered by code.</summary>
    private static IEnumerable<ProcedureDefinition> Current(DefinitionCatalog catalog) =>
        catalog.Definitions.GroupBy(d => d.Code).Select(g => g.MaxBy(d => d.Version)!).OrderBy(d => d.Code, StringComparer.Ordinal);
}
