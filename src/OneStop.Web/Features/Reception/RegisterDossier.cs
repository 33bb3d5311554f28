using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;
using OneStop.Web.Data;
using OneStop.Web.Features.Account;
using OneStop.Web.Features.Events;
using OneStop.Web.Features.Processing;
using OneStop.Workflows.Definitions;
using OneStop.Workflows.Engine;

namespace OneStop.Web.Features.Reception;

/// <summary>Registration at the counter (NĐ 61/2018 Điều 18 khoản c, carried into NĐ 118/2025): a complete dossier is accepted.</summary>
public sealed record RegisterDossierRequest(
    string? ProcedureCode,
    PersonInput? Owner,
    PersonInput? Submitter,
    Channel? Channel,
    ResultDelivery? ResultDelivery,
    PaymentMethod? PaymentMethod,
    int? SetCount,
    IReadOnlyList<DocumentInput>? Documents,
    FeeInput? Fee,
    string? Note);

public sealed record PersonInput(string? FullName, string? IdNumber, string? Phone, string? Email, string? Address);

public sealed record DocumentInput(string? Key, int Originals, int Certified, int Photocopies);

/// <summary>What the fee depends on: copies and pages (chứng thực), late registration (hộ tịch).</summary>
public sealed record FeeInput(int Copies = 1, int PagesPerCopy = 1, bool LateRegistration = false);

/// <summary>
/// Code, appointment, PIN and receipt are null while an online submission waits for the desk (status 1).
/// </summary>
public sealed record RegisterDossierResponse(Guid Id, string? Code, DossierStatus Status, DateTimeOffset? ReceivedAt,
    DateTimeOffset? Appointment, string? LookupPin, long Fee, int? RegisterYear, int? RegisterNumber, string? ReceiptUrl, bool Replayed);

/// <summary>Validates, numbers, schedules and stores a dossier in one transaction; the API and the desk page both call it.</summary>
public sealed partial class RegisterDossierHandler(
    OneStopDbContext db, DefinitionCatalog catalog, AgencyCalendars calendars, LookupPin pins,
    IDataProtectionProvider protection, DossierWorkflow workflow, IMemoryCache cache, TimeProvider clock)
{
    public abstract record Outcome;

    public sealed record Registered(RegisterDossierResponse Response) : Outcome;

    public sealed record Invalid(IDictionary<string, string[]> Errors) : Outcome;

    /// <summary>Counter registration (<paramref name="online"/> false) or an online submission from the portal (true).</summary>
    public async Task<Outcome> HandleAsync(RegisterDossierRequest request, ClaimsPrincipal officer, string? idempotencyKey, CancellationToken ct,
        bool online = false)
    {
        var agencyId = officer.AgencyId();
        var officerId = officer.OfficerId();
        var errors = new Dictionary<string, string[]>();
        var definition = Validate(request, idempotencyKey, requireComplete: !online, errors);
        if (errors.Count > 0 || definition is null)
        {
            return new Invalid(errors);
        }

        if (idempotencyKey is not null && await ReplayAsync(agencyId, idempotencyKey, ct) is { } replay)
        {
            return replay;
        }

        // Both kept with the rest of the organisation: every registration of the agency reads them.
        var agency = (await cache.GetOrCreateAsync(("agency", agencyId), e =>
        {
            e.AbsoluteExpirationRelativeToNow = DossierWorkflow.OrganisationCacheLifetime;
            return db.Agencies.AsNoTracking().SingleAsync(a => a.Id == agencyId, ct);
        }))!;
        var versionKey = ("procedure-version", definition.Code, definition.Version);
        if (!cache.TryGetValue(versionKey, out Guid? versionId))
        {
            versionId = await db.ProcedureVersions.Where(p => p.Code == definition.Code && p.Version == definition.Version)
                .Select(p => (Guid?)p.Id).SingleOrDefaultAsync(ct);
            if (versionId is not null)
            {
                // A version's row never changes once seeded; one not seeded yet is asked for again.
                cache.Set(versionKey, versionId, DossierWorkflow.OrganisationCacheLifetime);
            }
        }
        if (versionId is null)
        {
            errors["procedureCode"] = ["Thủ tục chưa được nạp vào cơ sở dữ liệu; hãy chạy 'onestop seed'."];
            return new Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var channel = online ? Channel.Online : request.Channel ?? Channel.Counter;
        var fee = FeeCalculator.Calculate(definition, new FeeInputs(
            Copies: request.Fee?.Copies ?? 1, PagesPerCopy: request.Fee?.PagesPerCopy ?? 1,
            LateRegistration: request.Fee?.LateRegistration ?? false, Online: channel == Channel.Online)).Total;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var dossier = new Dossier
        {
            Id = Guid.CreateVersion7(now),
            AgencyId = agencyId,
            ProcedureVersionId = versionId.Value,
            ProcedureCode = definition.Code,
            ProcedureVersion = definition.Version,
            ProcedureName = definition.Name,
            Status = DossierStatus.Submitted,
            Channel = channel,
            ResultDelivery = request.ResultDelivery ?? (online ? ResultDelivery.Electronic : ResultDelivery.Desk),
            PaymentMethod = fee == 0 ? PaymentMethod.None : request.PaymentMethod ?? (online ? PaymentMethod.Online : PaymentMethod.Cash),
            Fee = fee,
            SetCount = request.SetCount ?? 1,
            Owner = ToPerson(request.Owner!),
            Submitter = request.Submitter is { FullName: { Length: > 0 } } s ? ToPerson(s) : null,
            Note = Clean(request.Note),
            SubmittedAt = now,
            IdempotencyKey = idempotencyKey,
        };
        dossier.Documents = [.. (request.Documents ?? []).Select(d => new DossierDocument
        {
            Id = Guid.CreateVersion7(now),
            DocumentKey = d.Key!,
            Name = definition.Documents.Single(x => x.Key == d.Key).Name,
            Originals = d.Originals,
            Certified = d.Certified,
            Photocopies = d.Photocopies,
        })];
        db.Dossiers.Add(dossier);
        string? pin = null;
        if (online)
        {
            // Online submissions wait in the desk's queue as "Mới đăng ký" until an officer checks them (DOMAIN §2.1).
            db.Audit(dossier, now, officerId, "Submitted", null, "Nộp trực tuyến qua Cổng Dịch vụ công quốc gia");
            db.Publish(dossier, DossierEventTypes.Submitted, now, officerId, e => e with { Fee = dossier.Fee, Payment = dossier.PaymentMethod });
        }
        else
        {
            pin = await AcceptAsync(dossier, agency, definition, officerId, now, "Registered", "Tiếp nhận hồ sơ đầy đủ tại bộ phận một cửa", ct);
        }
        try
        {
            await db.SaveChangesAsync(ct);
            if (!online)
            {
                await NumberAsync(dossier, agency, ct);
            }
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (idempotencyKey is not null && e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same request won a race on another connection: answer with that dossier.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return await ReplayAsync(agencyId, idempotencyKey, ct) ?? throw new InvalidOperationException("idempotency race without a winner", e);
        }
        return new Registered(Response(dossier, pin, replayed: false));
    }

    /// <summary>
    /// Acceptance of a complete dossier: the appointment counted from now, the PIN and the first steps, in the caller's
    /// transaction; the code and the register entry follow with <see cref="NumberAsync"/> after the save. Returns the
    /// PIN, which is never stored in clear.
    /// </summary>
    internal async Task<string> AcceptAsync(Dossier dossier, Organisation.Agency agency, ProcedureDefinition definition,
        Guid officerId, DateTimeOffset now, string action, string reason, CancellationToken ct)
    {
        var received = now.ToOffset(Workflows.Calendar.WorkingCalendar.VietnamOffset);
        var calendar = calendars.For(agency.OfficeHours);
        var state = DossierState.Received(definition, calendar, received);
        var appointment = state.Appointment;
        var pin = LookupPin.Generate();
        var from = db.Entry(dossier).State == EntityState.Added ? (DossierStatus?)null : dossier.Status;
        dossier.Status = DossierStatus.Accepted;
        dossier.ReceivedAt = now;
        dossier.AppointmentAt = appointment;
        dossier.ReceivedById = officerId;
        dossier.LookupPinHash = pins.Hash(dossier.Id, pin);
        db.Audit(dossier, now, officerId, action, from, reason, definition.FirstStep.Key);
        db.Publish(dossier, DossierEventTypes.Registered, now, officerId, e => e with
        {
            Due = appointment, Fee = dossier.Fee, Payment = dossier.PaymentMethod, StepKey = definition.FirstStep.Key,
        });
        // The desk officer held the reception step and completes it by accepting: the engine routes to the next step.
        await workflow.StartReceptionAsync(dossier, definition, state, officerId, now, ct);
        var desk = new Actor(officerId.ToString(), new HashSet<Role> { Role.Reception });
        if (await workflow.ApplyAsync(dossier, desk, null, new ActionRequest(WorkflowAction.CompleteStep), null, now, ct) is Refused refused)
        {
            throw new InvalidOperationException($"The reception step of {definition.Code} cannot be completed: {refused.Reason}");
        }
        return pin;
    }

    /// <summary>
    /// The dossier's code and register entry, once everything else of the acceptance is saved: the caller saves, calls
    /// this, and commits at once. Every registration of the agency waits for the counter rows from here to that commit,
    /// so the numbering is one statement (<see cref="Counters.NumberAsync"/>) and nothing of the app runs in between.
    /// </summary>
    internal async Task NumberAsync(Dossier dossier, Organisation.Agency agency, CancellationToken ct)
    {
        var received = dossier.ReceivedAt!.Value.ToOffset(Workflows.Calendar.WorkingCalendar.VietnamOffset);
        var events = db.ChangeTracker.Entries<Events.OutboxMessage>().Select(e => e.Entity)
            .Where(m => m.DossierId == dossier.Id && m.PublishedAt is null).Select(m => m.Id).ToArray();
        (dossier.Code, dossier.RegisterNumber) = await db.NumberAsync(dossier.Id, agency.Id,
            $"{agency.Code}-{received.ToString("yyMMdd", CultureInfo.InvariantCulture)}-", received, events, ct);
        dossier.RegisterYear = received.Year;
    }

    /// <summary>
    /// A repeated request (double click, client retry) returns the dossier it created. The PIN is only ever stored
    /// hashed, so the replay issues a fresh one: the receipt printed from the latest answer is always valid.
    /// </summary>
    private async Task<Outcome?> ReplayAsync(Guid agencyId, string key, CancellationToken ct)
    {
        var existing = await db.Dossiers.SingleOrDefaultAsync(d => d.AgencyId == agencyId && d.IdempotencyKey == key, ct);
        if (existing is null)
        {
            return null;
        }
        if (existing.Code is null)
        {
            return new Registered(Response(existing, null, replayed: true));
        }
        var pin = LookupPin.Generate();
        existing.LookupPinHash = pins.Hash(existing.Id, pin);
        existing.LookupFailures = 0;
        await db.SaveChangesAsync(ct);
        return new Registered(Response(existing, pin, replayed: true));
    }

    internal RegisterDossierResponse Response(Dossier d, string? pin, bool replayed) => new(
        d.Id, d.Code, d.Status, d.ReceivedAt, d.AppointmentAt, pin, d.Fee, d.RegisterYear, d.RegisterNumber,
        d.Code is null ? null : $"/api/dossiers/{d.Id}/forms/receipt.pdf" + (pin is null ? "" : $"?t={Uri.EscapeDataString(ReceiptTokens.Create(protection, d.Id, pin))}"),
        replayed);

    private ProcedureDefinition? Validate(RegisterDossierRequest request, string? idempotencyKey, bool requireComplete, Dictionary<string, string[]> errors)
    {
        var definition = string.IsNullOrWhiteSpace(request.ProcedureCode) ? null : catalog.Find(request.ProcedureCode.Trim());
        if (definition is null)
        {
            errors["procedureCode"] = [string.IsNullOrWhiteSpace(request.ProcedureCode) ? "Vui lòng chọn thủ tục." : $"Không có thủ tục mã '{request.ProcedureCode}'."];
        }
        ValidatePerson("owner", request.Owner, required: true, errors);
        if (request.Submitter is { FullName: { Length: > 0 } } || request.Submitter?.IdNumber is { Length: > 0 })
        {
            ValidatePerson("submitter", request.Submitter, required: false, errors);
        }
        if (Clean(request.Note) is { Length: > 2000 })
        {
            errors["note"] = ["Ghi chú dài tối đa 2000 ký tự."];
        }
        if (request.SetCount is < 1 or > 100)
        {
            errors["setCount"] = ["Số bộ hồ sơ phải từ 1 đến 100."];
        }
        if (request.Fee is { } fee && (fee.Copies is < 1 or > 1000 || fee.PagesPerCopy is < 1 or > 10_000))
        {
            errors["fee"] = ["Số bản (1–1000) và số trang mỗi bản (1–10000) không hợp lệ."];
        }
        if (idempotencyKey is { Length: > 100 })
        {
            errors["idempotencyKey"] = ["Khóa chống gửi trùng (Idempotency-Key) dài tối đa 100 ký tự."];
        }
        if (request.Channel is { } c && !Enum.IsDefined(c) || request.ResultDelivery is { } r && !Enum.IsDefined(r)
            || request.PaymentMethod is { } p && !Enum.IsDefined(p))
        {
            errors["channel"] = ["Kênh nộp, hình thức nhận kết quả hoặc thanh toán không hợp lệ."];
        }
        if (definition is not null)
        {
            ValidateDocuments(definition, request.Documents ?? [], requireComplete, errors);
        }
        return definition;
    }

    private static void ValidateDocuments(ProcedureDefinition definition, IReadOnlyList<DocumentInput> documents, bool requireComplete, Dictionary<string, string[]> errors)
    {
        var problems = new List<string>();
        foreach (var unknown in documents.Where(d => definition.Documents.All(x => x.Key != d.Key)))
        {
            problems.Add($"Giấy tờ '{unknown.Key}' không thuộc thành phần hồ sơ của thủ tục này.");
        }
        if (documents.Any(d => d.Originals < 0 || d.Certified < 0 || d.Photocopies < 0 || d.Originals + d.Certified + d.Photocopies > 1000))
        {
            problems.Add("Số lượng bản chính, bản chứng thực, bản photo phải từ 0 đến 1000.");
        }
        if (documents.GroupBy(d => d.Key).Any(g => g.Count() > 1))
        {
            problems.Add("Mỗi giấy tờ chỉ được kê một lần.");
        }
        var missing = definition.Documents
            .Where(x => x.Mandatory && !documents.Any(d => d.Key == x.Key && d.Originals + d.Certified + d.Photocopies > 0))
            .Select(x => x.Name).ToList();
        if (requireComplete && missing.Count > 0)
        {
            // Incomplete dossiers are not accepted: the desk issues form 02 listing everything missing (DOMAIN §2.1).
            problems.Add("Hồ sơ chưa đầy đủ, còn thiếu: " + string.Join("; ", missing) + ".");
        }
        if (problems.Count > 0)
        {
            errors["documents"] = [.. problems];
        }
    }

    private static void ValidatePerson(string field, PersonInput? person, bool required, Dictionary<string, string[]> errors)
    {
        if (person is null)
        {
            if (required)
            {
                errors[$"{field}.fullName"] = ["Vui lòng nhập họ và tên."];
            }
            return;
        }
        if (string.IsNullOrWhiteSpace(person.FullName))
        {
            errors[$"{field}.fullName"] = ["Vui lòng nhập họ và tên."];
        }
        if (string.IsNullOrWhiteSpace(person.IdNumber))
        {
            errors[$"{field}.idNumber"] = ["Vui lòng nhập số căn cước (CCCD) 12 chữ số."];
        }
        ValidateContact(field, person, errors);
    }

    /// <summary>The name's length, the CCCD (when given), phone, e-mail and address of a person, as the desk and the counter slips check them.</summary>
    internal static void ValidateContact(string field, PersonInput person, Dictionary<string, string[]> errors)
    {
        if (Clean(person.FullName) is { Length: > 200 })
        {
            errors[$"{field}.fullName"] = ["Họ và tên dài tối đa 200 ký tự."];
        }
        if (!string.IsNullOrWhiteSpace(person.IdNumber) && !CitizenId().IsMatch(person.IdNumber.Trim()))
        {
            errors[$"{field}.idNumber"] = ["Số căn cước (CCCD) phải gồm đúng 12 chữ số."];
        }
        if (!string.IsNullOrWhiteSpace(person.Phone) && !Phone().IsMatch(NormalisePhone(person.Phone)))
        {
            errors[$"{field}.phone"] = ["Số điện thoại không hợp lệ (10 chữ số, bắt đầu bằng 0)."];
        }
        if (!string.IsNullOrWhiteSpace(person.Email) && (person.Email.Trim().Length > 200 || !Email().IsMatch(person.Email.Trim())))
        {
            errors[$"{field}.email"] = ["Địa chỉ email không hợp lệ."];
        }
        if (person.Address is { Length: > 500 })
        {
            errors[$"{field}.address"] = ["Địa chỉ dài tối đa 500 ký tự."];
        }
    }

    internal static Person ToPerson(PersonInput p) => new()
    {
        FullName = Clean(p.FullName)!,
        IdNumber = p.IdNumber?.Trim(),
        Phone = string.IsNullOrWhiteSpace(p.Phone) ? null : NormalisePhone(p.Phone),
        Email = Clean(p.Email),
        Address = Clean(p.Address),
    };

    /// <summary>Text is stored in NFC with single spaces (STYLE.md "Culture is explicit").</summary>
    internal static string? Clean(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : Spaces().Replace(text.Normalize(NormalizationForm.FormC).Trim(), " ");

    private static string NormalisePhone(string phone)
    {
        var digits = Spaces().Replace(phone.Trim(), "").Replace(".", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return digits.StartsWith("+84", StringComparison.Ordinal) ? "0" + digits[3..] : digits;
    }

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex CitizenId();

    [GeneratedRegex(@"^0\d{9}$")]
    private static partial Regex Phone();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Email();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

/// <summary>
/// The receipt link carries the PIN for a day, encrypted and signed, so the receipt can print it although the
/// database only keeps its hash.
/// </summary>
public static class ReceiptTokens
{
    private const string Purpose = "OneStop.ReceiptPin";

    public static string Create(IDataProtectionProvider protection, Guid dossierId, string pin) =>
        protection.CreateProtector(Purpose).ToTimeLimitedDataProtector().Protect($"{dossierId:N}:{pin}", TimeSpan.FromDays(1));

    public static string? PinFrom(IDataProtectionProvider protection, Guid dossierId, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        try
        {
            var value = protection.CreateProtector(Purpose).ToTimeLimitedDataProtector().Unprotect(token);
            var parts = value.Split(':');
            return parts.Length == 2 && parts[0] == dossierId.ToString("N") ? parts[1] : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
