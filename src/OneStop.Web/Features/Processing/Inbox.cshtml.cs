using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Features.Reception;
using OneStop.Workflows.Definitions;

namespace OneStop.Web.Features.Processing;

/// <summary>"Hồ sơ của tôi": the open steps the signed-in officer holds, the step due soonest first.</summary>
[Authorize(Roles = Roles.Specialist + "," + Roles.Leader + "," + Roles.Reception)]
public sealed class InboxModel(DossierQueries queries, DefinitionCatalog catalog) : PageModel
{
    /// <summary>Statuses a held step can be in, offered by the status filter.</summary>
    public static readonly IReadOnlyList<DossierStatus> FilterStatuses =
        [DossierStatus.Accepted, DossierStatus.InProgress, DossierStatus.SupplementRequested, DossierStatus.Finished];

    [BindProperty(SupportsGet = true)]
    public string? Procedure { get; set; }

    [BindProperty(SupportsGet = true)]
    public DossierStatus? Status { get; set; }

    public IReadOnlyList<DossierListItem> Items { get; private set; } = [];

    public IReadOnlyList<(string Code, string Name)> Procedures { get; private set; } = [];

    public int Overdue => Items.Count(i => i.StepOverdue);

    public int DueSoon => Items.Count(i => i.StepDueSoon);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Procedures = [.. catalog.Definitions.Select(d => (d.Code, d.Name)).Distinct().OrderBy(p => p.Code, StringComparer.Ordinal)];
        if (Procedure is { } code && Procedures.All(p => p.Code != code))
        {
            Procedure = null;
        }
        if (Status is { } status && !FilterStatuses.Contains(status))
        {
            Status = null;
        }
        Items = await queries.ListAsync(User, new DossierFilter { Mine = true, Procedure = Procedure, Status = Status, Take = 500 }, ct);
    }
}
