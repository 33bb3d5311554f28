using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneStop.Web.Data;
using OneStop.Web.Features.Reception;

namespace OneStop.Web.Features.Lookup;

/// <summary>What a citizen may see of a dossier: no identity numbers, contacts, addresses or officers.</summary>
public sealed record LookupView(
    string Code,
    string ProcedureName,
    string OwnerName,
    int StatusCode,
    string Status,
    DateTimeOffset? ReceivedAt,
    DateTimeOffset? AppointmentAt,
    string? CurrentStep,
    bool SupplementRequested,
    DateTimeOffset? ReturnedAt,
    bool CanRate,
    string? Rating,
    IReadOnlyList<TimelineEntry> Timeline);

public sealed record TimelineEntry(int Sequence, string Name, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt);

/// <summary>
/// Code + PIN checks shared by the API and the page. Unknown code, wrong PIN and a locked dossier look the same to the
/// caller (null); a dummy hash is verified when the code does not exist so the answer takes as long.
/// </summary>
public sealed partial class LookupService(OneStopDbContext db, LookupPin pins, TimeProvider clock, IOptions<LookupOptions> options)
{
    public const string NotFoundTitle = "Không tìm thấy hồ sơ hoặc mã tra cứu không đúng.";
    public const int MaxCommentLength = 1000;

    private static readonly Guid DummyId = new("00000000-0000-0000-0000-00000000d0d0");

    [GeneratedRegex(@"^[A-Z0-9.]+-\d{6}-\d{4,}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"^\d{6}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex PinPattern();

    /// <summary>Trimmed, upper-case code (a code typed in lower case is still the code).</summary>
    public static string NormaliseCode(string? code) => (code ?? "").Trim().ToUpperInvariant();

    /// <summary>Field errors keyed "code" and "pin"; empty when both are well-formed. Nothing is counted for these.</summary>
    public static Dictionary<string, string[]> Validate(string code, string? pin)
    {
        var errors = new Dictionary<string, string[]>();
        if (code.Length == 0)
        {
            errors["code"] = ["Vui lòng nhập mã hồ sơ."];
        }
        else if (code.Length > 64 || !CodePattern().IsMatch(code))
        {
            errors["code"] = ["Mã hồ sơ không đúng định dạng (ví dụ H99.100-261127-0001)."];
        }
        if (string.IsNullOrWhiteSpace(pin))
        {
            errors["pin"] = ["Vui lòng nhập mã tra cứu."];
        }
        else if (!PinPattern().IsMatch(pin.Trim()))
        {
            errors["pin"] = ["Mã tra cứu gồm 6 chữ số in trên giấy tiếp nhận."];
        }
        return errors;
    }

    /// <summary>
    /// The dossier (tracked, with its steps) when the code exists, the lookup is not locked and the PIN is right;
    /// otherwise null. Wrong PINs are counted atomically; the configured number of them locks the lookup.
    /// </summary>
    public async Task<Dossier?> FindAsync(string code, string pin, CancellationToken ct)
    {
        pin = pin.Trim();
        // One round trip (the dossier and its steps); tracked, since a right PIN may clear the failure count and the
        // rating goes on with this entity.
        var dossier = await Processing.DossierRows.ReadByCodeAsync(db, code, ct);
        if (dossier is not null)
        {
            db.Attach(dossier);
        }
        var now = clock.GetUtcNow();
        // The same work on every path (one HMAC, one UPDATE), so timing tells an unknown code, a wrong PIN and a
        // locked dossier apart no better than the identical answer does.
        var right = pins.Verify(dossier?.Id ?? DummyId, dossier is null ? DummyHash : dossier.LookupPinHash, pin) && dossier is not null;
        var locked = dossier?.LookupLockedUntil is { } until && until > now;
        if (dossier is null || locked || !right)
        {
            var counted = dossier is not null && !locked ? dossier.Id : Guid.Empty;
            var limits = options.Value;
            var lockUntil = now.AddMinutes(limits.LockMinutes);
            // One UPDATE, so concurrent guesses cannot lose a count; the counter restarts once the lock is set.
            await db.Dossiers.Where(d => d.Id == counted).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.LookupLockedUntil, d => d.LookupFailures + 1 >= limits.MaxFailures ? (DateTimeOffset?)lockUntil : d.LookupLockedUntil)
                .SetProperty(d => d.LookupFailures, d => d.LookupFailures + 1 >= limits.MaxFailures ? 0 : d.LookupFailures + 1), ct);
            return null;
        }
        if (dossier.LookupFailures != 0 || dossier.LookupLockedUntil is not null)
        {
            dossier.LookupFailures = 0;
            dossier.LookupLockedUntil = null;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Someone changed the dossier meanwhile; the PIN was right all the same. Read the fresh row.
                await db.Entry(dossier).ReloadAsync(ct);
            }
        }
        return dossier;
    }

    private string DummyHash => field ??= pins.Hash(DummyId, "000000");

    public static LookupView ToView(Dossier d)
    {
        var open = d.Steps.Where(s => s.CompletedAt is null).OrderBy(s => s.Sequence).FirstOrDefault();
        return new LookupView(
            d.Code!,
            d.ProcedureName,
            MaskName(d.Owner.FullName),
            (int)d.Status,
            DossierStatusText.Name(d.Status),
            d.ReceivedAt,
            d.AppointmentAt,
            d.Status is DossierStatus.Returned ? null : open?.Name,
            d.Status is DossierStatus.SupplementRequested,
            d.ReturnedAt,
            CanRate(d),
            d.Rating is { } r ? DossierStatusText.Name(r) : null,
            [.. d.Steps.OrderBy(s => s.Sequence).Select(s => new TimelineEntry(s.Sequence, s.Name, s.StartedAt, s.CompletedAt))]);
    }

    public static bool CanRate(Dossier d) => d.Status == DossierStatus.Returned && d.Rating is null;

    /// <summary>"Nguyễn Thị Hoa" → "Nguyễn T. H.": the family name and initials, enough to recognise one's own dossier.</summary>
    public static string MaskName(string fullName)
    {
        var words = fullName.Normalize(NormalizationForm.FormC).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            return "";
        }
        var initials = words.Skip(1).Select(w => StringInfo.GetNextTextElement(w, 0).ToUpper(CultureInfo.GetCultureInfo("vi-VN")) + ".");
        return string.Join(' ', [words[0], .. initials]);
    }

    /// <summary>"VerySatisfied" | "Satisfied" | "Unsatisfied" or 1 | 2 | 3 (as text or number).</summary>
    public static bool TryParseRating(string? text, out Satisfaction rating)
    {
        rating = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        text = text.Trim();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            rating = (Satisfaction)number;
            return Enum.IsDefined(rating);
        }
        return Enum.TryParse(text, ignoreCase: true, out rating) && Enum.IsDefined(rating) && !text.Any(char.IsDigit);
    }
}
