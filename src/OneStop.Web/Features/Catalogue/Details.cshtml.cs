using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Workflows.Definitions;

namespace OneStop.Web.Features.Catalogue;

public sealed class DetailsModel(DefinitionCatalog catalog) : PageModel
{
    public CatalogueApi.ProcedureDetail Procedure { get; private set; } = null!;

    public IActionResult OnGet(string code)
    {
        if (catalog.Find(code) is not { } definition)
        {
            return NotFound();
        }
        Procedure = CatalogueApi.Detail(catalog, definition);
        return Page();
    }
}
