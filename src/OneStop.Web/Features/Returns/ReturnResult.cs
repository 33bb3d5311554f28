using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Account;
using OneStop.Web.Features.Events;
using OneStop.Web.Features.Lookup;
using OneStop.Web.Features.Reception;

namespace OneStop.Web.Features.Returns;

/// <summary>How the result was handed over (Điều 22 NĐ 61/2018): at the desk, or by post.</summary>
public sealed class ReturnInput
{
    /// <summary>"Desk" | "Post" (or 1 | 2).</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ResultDelivery>))]
    public ResultDelivery Delivery { get; set; } = ResultDelivery.Desk;
    /// <summary>Người nhận kết quả (desk pickup).</summary>
    public string? CollectedBy { get; set; }
    /// <summary>The officer checked the collector's identity document (desk pickup).</summary>
    public bool IdentityChecked { get; set; }
    /// <summary>Mã bưu gửi (by post).</summary>
    public string? TrackingNumber { get; set; }
    public string? Note { get; set; }
}

public enum ReturnOutcomeKind { Returned, NotFound, Invalid, Stale, WrongStatus, Forbidden }

public sealed record ReturnOutcome(ReturnOutcomeKind Kind, Dossier? Dossier = null, Dictionary<string, string[]>? Errors = null);

/// <summary>
/// Records the hand-over of a finished dossier's result: status 9 → 10, who received it, the open step closed, an
/// audit row. Guarded by the row version, so a double submit or a stale form changes nothing.
/// </summary>
public sealed class ReturnResult(OneStopDbContext db, Processing.DossierWorkflow workflow, TimeProvider clock)
{
    public const string StaleMessage = "Hồ sơ đã được cập nhật bởi người khác. Vui lòng tải lại trang để xem tình trạng mới nhất.";
    public const int MaxNoteLength = 1000;

    public static Guid? AgencyOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(OfficerClaimsFactory.AgencyId), out var id) ? id : null;

    public static Guid OfficerOf(ClaimsPrincipal user) => user.OfficerId();

    public static Dictionary<string, string[]> Validate(ReturnInput input)
    {
        var errors = new Dictionary<string, string[]>();
        switch (input.Delivery)
        {
            case ResultDelivery.Desk:
                if (string.IsNullOrWhiteSpace(input.CollectedBy))
                {
                    errors["collectedBy"] = ["Vui lòng nhập họ tên người nhận kết quả."];
                }
                else if (input.CollectedBy.Trim().Length > 150)
                {
                    errors["collectedBy"] = ["Họ tên người nhận tối đa 150 ký tự."];
                }
                if (!input.IdentityChecked)
                {
                    errors["identityChecked"] = ["Vui lòng kiểm tra giấy tờ tùy thân của người nhận trước khi trả kết quả."];
                }
                break;
            case ResultDelivery.Post:
                if (string.IsNullOrWhiteSpace(input.TrackingNumber))
                {
                    errors["trackingNumber"] = ["Vui lòng nhập mã bưu gửi."];
                }
                else if (input.TrackingNumber.Trim().Length > 50)
                {
                    errors["trackingNumber"] = ["Mã bưu gửi tối đa 50 ký tự."];
                }
                break;
            default:
                errors["delivery"] = ["Vui lòng chọn hình thức trả kết quả: tại bộ phận một cửa hoặc gửi qua bưu chính."];
                break;
        }
        if (input.Note is { } note && note.Trim().Length > MaxNoteLength)
        {
            errors["note"] = [$"Ghi chú tối đa {MaxNoteLength} ký tự."];
        }
        return errors;
    }

    /// <param name="expectedVersion">The row version the caller saw (form field or If-Match); null = whatever is current.</param>
    public async Task<ReturnOutcome> ReturnAsync(ClaimsPrincipal user, Guid dossierId, uint? expectedVersion,
        ReturnInput input, CancellationToken ct)
    {
        var dossier = await workflow.LoadAsync(user.AgencyId(), dossierId, ct);
        if (dossier is null)
        {
            return new ReturnOutcome(ReturnOutcomeKind.NotFound);
        }
        if (expectedVersion is { } version && version != dossier.RowVersion)
        {
            return new ReturnOutcome(ReturnOutcomeKind.Stale, dossier);
        }
        if (dossier.Status != DossierStatus.Finished)
        {
            return new ReturnOutcome(ReturnOutcomeKind.WrongStatus, dossier);
        }
        var errors = Validate(input);
        if (errors.Count > 0)
        {
            return new ReturnOutcome(ReturnOutcomeKind.Invalid, dossier, errors);
        }

        var now = clock.GetUtcNow();
        var desk = input.Delivery == ResultDelivery.Desk;
        var tracking = input.TrackingNumber?.Trim();
        var stepKey = dossier.CurrentStepKey;
        // The return step is the procedure's last step: the engine completes it (and refuses when the caller may not).
        var decision = await workflow.ApplyAsync(dossier, await workflow.ActorAsync(user, ct), user,
            new Workflows.Engine.ActionRequest(Workflows.Engine.WorkflowAction.CompleteStep), null, now, ct);
        if (decision is Workflows.Engine.Refused refused)
        {
            db.ChangeTracker.Clear();
            return new ReturnOutcome(ReturnOutcomeKind.Forbidden, Errors: new Dictionary<string, string[]> { ["dossier"] = [refused.Reason] });
        }
        dossier.ReturnedTo = desk ? Clean(input.CollectedBy) : $"Bưu chính – mã bưu gửi {tracking}";
        dossier.ReturnNote = Clean(input.Note);
        db.Audit(dossier, now, user.OfficerId(), "ResultReturned", DossierStatus.Finished, desk
            ? $"Trả kết quả tại bộ phận một cửa cho {dossier.ReturnedTo}; đã kiểm tra giấy tờ tùy thân."
            : $"Gửi kết quả qua bưu chính, mã bưu gửi {tracking}.", stepKey);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Changed between our read and our write (another click, another officer): nothing of ours was stored.
            db.ChangeTracker.Clear();
            return new ReturnOutcome(ReturnOutcomeKind.Stale);
        }
        return new ReturnOutcome(ReturnOutcomeKind.Returned, dossier);
    }

    private static string? Clean(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim().Normalize(System.Text.NormalizationForm.FormC);

    /// <summary>Rating taken at the desk right after the hand-over; same rules as the citizen's own rating.</summary>
    public async Task<(RatingOutcome? Outcome, Dossier? Dossier)> RateAtDeskAsync(Guid agencyId, Guid officerId, Guid dossierId,
        Satisfaction rating, string? comment, CancellationToken ct)
    {
        var dossier = await db.Dossiers.SingleOrDefaultAsync(d => d.Id == dossierId && d.AgencyId == agencyId, ct);
        if (dossier is null)
        {
            return (null, null);
        }
        var outcome = await DossierRating.RateAsync(db, dossier, rating, comment, officerId,
            $"Công dân đánh giá tại bộ phận một cửa: {DossierStatusText.Name(rating)}", clock.GetUtcNow(), ct);
        return (outcome, dossier);
    }
}
