using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Workflows.Definitions;

namespace OneStop.Web.Features.Catalogue;

public sealed class IndexModel(DefinitionCatalog catalog) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public IReadOnlyList<CatalogueApi.ProcedureSummary> Procedures { get; private set; } = [];

    public void OnGet() => Procedures = CatalogueApi.Search(catalog, Q);
}
