using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Lookup;

/// <summary>
/// Citizen lookup page. The code may come from the receipt's QR code (<c>/lookup?code=…</c>); the PIN is only ever
/// posted, so it never lands in a URL, a log line or the browser history.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(LookupApi.RateLimitPolicy)]
public sealed class IndexModel(LookupService lookup, OneStopDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public string? Pin { get; set; }

    [BindProperty]
    public string? Rating { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    public LookupView? Result { get; private set; }

    public string? RatedMessage { get; private set; }

    public void OnGet() => Code = LookupService.NormaliseCode(Code) is { Length: > 0 } code ? code : null;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await FindAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRateAsync(CancellationToken ct)
    {
        var dossier = await FindAsync(ct);
        if (dossier is null)
        {
            return Page();
        }
        if (!LookupService.TryParseRating(Rating, out var rating))
        {
            ModelState.AddModelError(nameof(Rating), "Vui lòng chọn mức độ hài lòng.");
            return Page();
        }
        if (DossierRating.CleanComment(Comment) is { Length: > LookupService.MaxCommentLength })
        {
            ModelState.AddModelError(nameof(Comment), $"Góp ý tối đa {LookupService.MaxCommentLength} ký tự.");
            return Page();
        }
        var outcome = await DossierRating.RateAsync(db, dossier, rating, Comment, actorId: null, reason: null, clock.GetUtcNow(), ct);
        if (outcome == RatingOutcome.Rated)
        {
            RatedMessage = "Cảm ơn ông/bà đã đánh giá. Ý kiến của ông/bà giúp chúng tôi phục vụ tốt hơn.";
            Comment = null;
        }
        else
        {
            ModelState.AddModelError(nameof(Rating), outcome == RatingOutcome.AlreadyRated ? DossierRating.AlreadyRatedTitle : DossierRating.NotReturnedTitle);
        }
        Result = LookupService.ToView(dossier);
        return Page();
    }

    private async Task<Reception.Dossier?> FindAsync(CancellationToken ct)
    {
        Code = LookupService.NormaliseCode(Code);
        Pin = Pin?.Trim();
        ModelState.Clear();
        var errors = LookupService.Validate(Code, Pin);
        foreach (var (key, messages) in errors)
        {
            ModelState.AddModelError(key == "code" ? nameof(Code) : nameof(Pin), messages[0]);
        }
        if (errors.Count > 0)
        {
            return null;
        }
        var dossier = await lookup.FindAsync(Code, Pin!, ct);
        if (dossier is null)
        {
            ModelState.AddModelError(string.Empty, LookupService.NotFoundTitle);
            return null;
        }
        Result = LookupService.ToView(dossier);
        return dossier;
    }
}
