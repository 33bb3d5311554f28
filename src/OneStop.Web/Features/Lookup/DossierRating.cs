using System.Text;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Events;
using OneStop.Web.Features.Reception;

namespace OneStop.Web.Features.Lookup;

public enum RatingOutcome { Rated, NotReturned, AlreadyRated }

/// <summary>The citizen's satisfaction rating (DOMAIN §2.1 step 6): only once the result is returned, only once.</summary>
public static class DossierRating
{
    public const string AlreadyRatedTitle = "Hồ sơ đã được đánh giá.";
    public const string NotReturnedTitle = "Hồ sơ chưa trả kết quả nên chưa thể đánh giá.";

    /// <summary>Comment trimmed and NFC-normalised; null when empty.</summary>
    public static string? CleanComment(string? comment) =>
        string.IsNullOrWhiteSpace(comment) ? null : comment.Trim().Normalize(NormalizationForm.FormC);

    /// <summary>
    /// Stores the rating and its audit row on a tracked dossier. A rating saved concurrently by someone else makes the
    /// row version stale: that is reported as <see cref="RatingOutcome.AlreadyRated"/>.
    /// </summary>
    public static async Task<RatingOutcome> RateAsync(OneStopDbContext db, Dossier dossier, Satisfaction rating, string? comment,
        Guid? actorId, string? reason, DateTimeOffset now, CancellationToken ct)
    {
        if (dossier.Status != DossierStatus.Returned)
        {
            return RatingOutcome.NotReturned;
        }
        if (dossier.Rating is not null)
        {
            return RatingOutcome.AlreadyRated;
        }
        dossier.Rating = rating;
        dossier.RatingComment = CleanComment(comment);
        dossier.RatedAt = now;
        db.Audit(dossier, now, actorId, "Rated", DossierStatus.Returned, reason ?? $"Đánh giá: {DossierStatusText.Name(rating)}");
        db.Publish(dossier, DossierEventTypes.Rated, now, actorId, e => e with { Rating = rating });
        try
        {
            await db.SaveChangesAsync(ct);
            return RatingOutcome.Rated;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return RatingOutcome.AlreadyRated;
        }
    }
}
