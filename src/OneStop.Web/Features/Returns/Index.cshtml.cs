using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Lookup;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Features.Reception;

namespace OneStop.Web.Features.Returns;

/// <summary>The desk's list of results ready to hand over (status 9), oldest first, and the hand-over form.</summary>
[Authorize(Roles = Roles.Reception)]
public sealed class IndexModel(OneStopDbContext db, ReturnResult returns) : PageModel
{
    public sealed record ReadyRow(Guid Id, string Code, string OwnerName, string ProcedureName, DateTimeOffset? ReceivedAt,
        DateTimeOffset? AppointmentAt, ResultDelivery Delivery, uint RowVersion);

    public sealed record ReturnedRow(Guid Id, string Code, string ReturnedTo, bool CanRate, string? Rating);

    [BindProperty]
    public ReturnInput Input { get; set; } = new();

    /// <summary>The dossier the posted form was about, with its row version as the form showed it.</summary>
    [BindProperty]
    public Guid DossierId { get; set; }

    [BindProperty]
    public uint RowVersion { get; set; }

    [BindProperty]
    public string? Rating { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    public IReadOnlyList<ReadyRow> Ready { get; private set; } = [];

    /// <summary>Just returned (after the redirect): offers the desk rating.</summary>
    public ReturnedRow? Returned { get; private set; }

    public string? Message { get; private set; }

    public string? FormError { get; private set; }

    public Dictionary<string, string[]> Errors { get; private set; } = [];

    public async Task OnGetAsync(Guid? returned, bool rated, CancellationToken ct)
    {
        if (returned is { } id)
        {
            await LoadReturnedAsync(id, ct);
            Message = rated ? "Đã ghi nhận đánh giá của công dân." : Returned is null ? null : $"Đã trả kết quả hồ sơ {Returned.Code}.";
        }
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var agency = ReturnResult.AgencyOf(User);
        if (agency is null)
        {
            return Forbid();
        }
        var outcome = await returns.ReturnAsync(User, DossierId, RowVersion, Input, ct);
        switch (outcome.Kind)
        {
            case ReturnOutcomeKind.Returned:
                return RedirectToPage(new { returned = DossierId });
            case ReturnOutcomeKind.Invalid:
                Errors = outcome.Errors!;
                break;
            case ReturnOutcomeKind.NotFound:
                FormError = "Không tìm thấy hồ sơ.";
                break;
            case ReturnOutcomeKind.Forbidden:
                FormError = outcome.Errors!["dossier"][0];
                break;
            default:
                // A second click, a stale tab or another officer: nothing was changed.
                FormError = ReturnResult.StaleMessage;
                break;
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRateAsync(CancellationToken ct)
    {
        var agency = ReturnResult.AgencyOf(User);
        if (agency is null)
        {
            return Forbid();
        }
        if (!LookupService.TryParseRating(Rating, out var rating))
        {
            Errors["rating"] = ["Vui lòng chọn mức độ hài lòng."];
        }
        else if (DossierRating.CleanComment(Comment) is { Length: > LookupService.MaxCommentLength })
        {
            Errors["comment"] = [$"Góp ý tối đa {LookupService.MaxCommentLength} ký tự."];
        }
        else
        {
            var (outcome, _) = await returns.RateAtDeskAsync(agency.Value, ReturnResult.OfficerOf(User), DossierId, rating, Comment, ct);
            if (outcome == RatingOutcome.Rated)
            {
                return RedirectToPage(new { returned = DossierId, rated = true });
            }
            FormError = outcome switch
            {
                RatingOutcome.AlreadyRated => DossierRating.AlreadyRatedTitle,
                RatingOutcome.NotReturned => DossierRating.NotReturnedTitle,
                _ => "Không tìm thấy hồ sơ.",
            };
        }
        await LoadReturnedAsync(DossierId, ct);
        await LoadAsync(ct);
        return Page();
    }

    public string? ErrorFor(Guid dossierId, string key) =>
        dossierId == DossierId && Errors.TryGetValue(key, out var messages) ? messages[0] : null;

    private async Task LoadAsync(CancellationToken ct)
    {
        var agency = ReturnResult.AgencyOf(User);
        Ready = await db.Dossiers.AsNoTracking()
            .Where(d => d.AgencyId == agency && d.Status == DossierStatus.Finished && d.Code != null)
            .OrderBy(d => d.ReceivedAt).ThenBy(d => d.Code)
            .Select(d => new ReadyRow(d.Id, d.Code!, d.Owner.FullName, d.ProcedureName, d.ReceivedAt, d.AppointmentAt, d.ResultDelivery, d.RowVersion))
            .ToListAsync(ct);
    }

    private async Task LoadReturnedAsync(Guid id, CancellationToken ct)
    {
        var agency = ReturnResult.AgencyOf(User);
        var d = await db.Dossiers.AsNoTracking()
            .Where(x => x.Id == id && x.AgencyId == agency && x.Status == DossierStatus.Returned)
            .Select(x => new { x.Id, x.Code, x.ReturnedTo, x.Rating })
            .SingleOrDefaultAsync(ct);
        Returned = d is null ? null : new ReturnedRow(d.Id, d.Code!, d.ReturnedTo ?? "", d.Rating is null,
            d.Rating is { } r ? DossierStatusText.Name(r) : null);
    }
}
