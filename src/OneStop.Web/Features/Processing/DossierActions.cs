using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OneStop.Web.Data;
using OneStop.Web.Features.Account;
using OneStop.Web.Features.Events;
using OneStop.Web.Features.Reception;
using OneStop.Workflows.Definitions;
using OneStop.Workflows.Engine;

namespace OneStop.Web.Features.Processing;

/// <summary>Parameters of an action; which ones matter depends on the action (see each action's description).</summary>
public sealed record ActionInput
{
    /// <summary>Why (send back, supplement, refusal, extension, withdrawal, reassignment, rejection of a draft).</summary>
    public string? Reason { get; init; }
    /// <summary>send-back / return-for-rework: the step key to go back to.</summary>
    public string? TargetStep { get; init; }
    /// <summary>request-extension: the proposed new appointment.</summary>
    public DateTimeOffset? NewAppointment { get; init; }
    /// <summary>transfer-to-partner / receive-from-partner: Electronic or Paper.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<TransferMode>))]
    public TransferMode? Mode { get; init; }
    /// <summary>request-supplement: the citizen's deadline (default: 10 working days).</summary>
    public DateTimeOffset? SupplyBy { get; init; }
    /// <summary>request-supplement: what to hand in (form 02 lists all of it at once).</summary>
    public IReadOnlyList<SlipItemInput>? Items { get; init; }
    /// <summary>assign: the officer who takes the step.</summary>
    public Guid? Assignee { get; init; }
}

/// <summary>Action names on the wire ("complete-step", "request-supplement", …) and their Vietnamese labels.</summary>
public static partial class ActionNames
{
    public static string Slug(WorkflowAction action) => Kebab().Replace(action.ToString(), "-$1").ToLowerInvariant();

    public static WorkflowAction? Parse(string slug) =>
        Enum.GetValues<WorkflowAction>().Cast<WorkflowAction?>().FirstOrDefault(a => Slug(a!.Value) == slug);

    public static string Label(WorkflowAction action) => action switch
    {
        WorkflowAction.CompleteStep => "Hoàn thành, chuyển bước tiếp theo",
        WorkflowAction.SendBack => "Trả lại bước trước",
        WorkflowAction.RequestSupplement => "Yêu cầu bổ sung hồ sơ (Mẫu 02)",
        WorkflowAction.ReceiveSupplement => "Nhận hồ sơ bổ sung",
        WorkflowAction.Refuse => "Từ chối giải quyết",
        WorkflowAction.TransferToPartner => "Chuyển cơ quan liên thông",
        WorkflowAction.ReceiveFromPartner => "Nhận kết quả từ cơ quan liên thông",
        WorkflowAction.Approve => "Phê duyệt, ký kết quả",
        WorkflowAction.ReturnForRework => "Trả lại để xử lý lại",
        WorkflowAction.RequestExtension => "Lập thư xin lỗi, hẹn lại ngày trả (Mẫu 04)",
        WorkflowAction.ApproveExtension => "Duyệt thư xin lỗi, hẹn lại ngày trả",
        WorkflowAction.RejectExtension => "Không duyệt thư xin lỗi",
        WorkflowAction.Withdraw => "Dừng giải quyết theo yêu cầu công dân (Mẫu 05)",
        WorkflowAction.Assign => "Phân công cán bộ xử lý",
    };

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex Kebab();
}

public enum ActionOutcomeKind { Done, Replayed, NotFound, Stale, Forbidden, NotApplicable, Invalid }

/// <summary>What an action did; <see cref="RowVersion"/> is the dossier's version after it (null: read it from <see cref="Response"/>).</summary>
public sealed record ActionOutcome(ActionOutcomeKind Kind, string? Message = null, string? Response = null,
    IDictionary<string, string[]>? Errors = null, uint? RowVersion = null);

/// <summary>
/// One action on one dossier, atomically: version check (If-Match), the engine's decision, the rows, one audit
/// row, the events, and — with an Idempotency-Key — the stored answer, all in one transaction.
/// Two officers acting at once: the dossier row's version lets exactly one of them write.
/// </summary>
public sealed class DossierActions(OneStopDbContext db, DossierWorkflow workflow, DossierQueries queries, TimeProvider clock)
{
    public const string StaleMessage = "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại để xem tình trạng mới nhất rồi thao tác lại.";

    public async Task<ActionOutcome> ExecuteAsync(ClaimsPrincipal user, Guid dossierId, WorkflowAction action, ActionInput input,
        uint? expectedVersion, string? idempotencyKey, CancellationToken ct)
    {
        var agencyId = user.AgencyId();
        var slug = ActionNames.Slug(action);
        if (idempotencyKey is { Length: > 100 })
        {
            return new ActionOutcome(ActionOutcomeKind.Invalid, Errors: new Dictionary<string, string[]>
            {
                ["idempotencyKey"] = ["Khóa chống gửi trùng (Idempotency-Key) dài tối đa 100 ký tự."],
            });
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Actions on one dossier take turns: the batch locks the dossier row first, then reads the stored answer of the
        // Idempotency-Key and the dossier as the previous holder committed them. Without the lock, another officer's
        // commit could fall between reading the dossier and its steps, and the engine would refuse on a state that never
        // existed (a 403 "not assigned" instead of the 409 the If-Match check gives once the turn comes).
        var loaded = await DossierRows.ReadAsync(db, agencyId, dossierId,
            DossierRows.Parts.Lock | DossierRows.Parts.Documents | DossierRows.Parts.Audit, ct, replayKey: idempotencyKey);
        // A repeated request (double click, client retry), or the same request done while we waited for our turn:
        // answer what it answered.
        if (loaded.Replay is { } stored)
        {
            return Replayed(stored, dossierId, slug);
        }
        var dossier = workflow.Track(loaded.Dossier);
        if (dossier is null)
        {
            return new ActionOutcome(ActionOutcomeKind.NotFound);
        }
        if (expectedVersion is { } version && version != dossier.RowVersion)
        {
            return new ActionOutcome(ActionOutcomeKind.Stale, StaleMessage);
        }
        if (dossier.CurrentStepKey is null)
        {
            return new ActionOutcome(ActionOutcomeKind.NotApplicable, "Hồ sơ chưa được tiếp nhận nên chưa có bước xử lý.");
        }
        var definition = workflow.DefinitionOf(dossier);
        var current = definition.Step(dossier.CurrentStepKey);
        if (action == WorkflowAction.CompleteStep && current.Kind == StepKind.Return && dossier.Status == DossierStatus.Finished)
        {
            return new ActionOutcome(ActionOutcomeKind.NotApplicable,
                "Trả kết quả cho công dân bằng thao tác “Trả kết quả” (ghi người nhận hoặc mã bưu gửi).");
        }
        var errors = await ValidateAsync(dossier, current, action, input, ct);
        if (errors.Count > 0)
        {
            return new ActionOutcome(ActionOutcomeKind.Invalid, Errors: errors);
        }

        var now = clock.GetUtcNow();
        var actor = await workflow.ActorAsync(user, ct);
        var from = dossier.Status;
        var stepKey = dossier.CurrentStepKey;
        var request = new ActionRequest(action)
        {
            Reason = RegisterDossierHandler.Clean(input.Reason),
            TargetStep = input.TargetStep,
            NewAppointment = input.NewAppointment,
            Mode = input.Mode,
            SupplyBy = input.SupplyBy,
            Assignee = input.Assignee?.ToString(),
        };
        try
        {
            // Inside the try: the slip service saves (form 02/03) while the decision is applied, and that save is
            // where a concurrent change may show up first.
            var decision = await workflow.ApplyAsync(dossier, actor, user, request, input, now, ct);
            if (decision is Refused refused)
            {
                return new ActionOutcome(refused.Kind switch
                {
                    RefusalKind.Forbidden => ActionOutcomeKind.Forbidden,
                    RefusalKind.Invalid => ActionOutcomeKind.Invalid,
                    _ => ActionOutcomeKind.NotApplicable,
                }, refused.Reason, Errors: refused.Kind == RefusalKind.Invalid
                    ? new Dictionary<string, string[]> { [FieldOf(request, current, dossier.AppointmentAt, now)] = [refused.Reason] } : null);
            }
            var assigneeName = action == WorkflowAction.Assign && input.Assignee is { } assigned
                ? await db.Users.Where(o => o.Id == assigned).Select(o => o.FullName).SingleOrDefaultAsync(ct)
                : null;
            var entry = db.Audit(dossier, now, user.OfficerId(), slug, from, AuditReason(action, request, input, assigneeName), stepKey);
            await db.SaveChangesAsync(ct);
            var response = JsonSerializer.Serialize(await queries.DetailAsync(dossier, [.. loaded.Audit, entry], user, ct), DossierJournal.Json);
            if (idempotencyKey is not null)
            {
                db.IdempotentRequests.Add(new IdempotentRequest
                {
                    AgencyId = agencyId, Key = idempotencyKey, DossierId = dossierId, Action = slug, StatusCode = 200,
                    Response = response, CreatedAt = now,
                });
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
            return new ActionOutcome(ActionOutcomeKind.Done, Response: response, RowVersion: dossier.RowVersion);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException
            || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another officer changed the dossier between our read and our write: the row version no longer matches,
            // or the step row with the next sequence (or the Idempotency-Key) was written by them first. Nothing of
            // ours is kept. When it was the same request on another connection, answer what it answered.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return (idempotencyKey is null ? null : await ReplayAsync(agencyId, idempotencyKey, dossierId, slug, ct))
                ?? new ActionOutcome(ActionOutcomeKind.Stale, StaleMessage);
        }
    }

    private async Task<ActionOutcome?> ReplayAsync(Guid agencyId, string key, Guid dossierId, string slug, CancellationToken ct) =>
        await db.IdempotentRequests.AsNoTracking().SingleOrDefaultAsync(r => r.AgencyId == agencyId && r.Key == key, ct) is { } done
            ? Replayed(done, dossierId, slug)
            : null;

    private static ActionOutcome Replayed(IdempotentRequest done, Guid dossierId, string slug) =>
        done.DossierId == dossierId && done.Action == slug
            ? new ActionOutcome(ActionOutcomeKind.Replayed, Response: done.Response)
            : new ActionOutcome(ActionOutcomeKind.Invalid, Errors: new Dictionary<string, string[]>
            {
                ["idempotencyKey"] = ["Khóa chống gửi trùng này đã được dùng cho một thao tác khác."],
            });

    /// <summary>What the engine cannot know: the assignee exists in the step's unit with its role; form 02 lists something.</summary>
    private async Task<Dictionary<string, string[]>> ValidateAsync(Dossier dossier, StepDefinition current, WorkflowAction action,
        ActionInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (input.Reason is { Length: > 4000 })
        {
            errors["reason"] = ["Nội dung dài tối đa 4000 ký tự."];
        }
        if (input.Mode is { } mode && !Enum.IsDefined(mode))
        {
            errors["mode"] = ["Hình thức chuyển hồ sơ phải là điện tử (Electronic) hoặc giấy (Paper)."];
        }
        switch (action)
        {
            case WorkflowAction.Assign when input.Assignee is { } assignee:
                var open = DossierWorkflow.OpenStep(dossier);
                var candidates = await workflow.CandidatesAsync(open?.UnitId, current.Role, ct);
                if (candidates.All(c => c.OfficerId != assignee))
                {
                    errors["assignee"] = [$"Cán bộ được chọn không thuộc đơn vị hoặc không có vai trò thực hiện bước “{current.Name}”."];
                }
                break;
            case WorkflowAction.RequestSupplement:
                var items = (input.Items ?? []).Where(i => !string.IsNullOrWhiteSpace(i.Name)).ToList();
                if (items.Count == 0)
                {
                    errors["items"] = ["Hãy liệt kê đầy đủ các giấy tờ cần bổ sung, hoàn thiện (một lần)."];
                }
                else if (items.Any(i => i.Name!.Length > 500 || i.Originals is < 0 or > 100 || i.Certified is < 0 or > 100 || i.Photocopies is < 0 or > 100))
                {
                    errors["items"] = ["Tên giấy tờ dài tối đa 500 ký tự; số lượng mỗi loại từ 0 đến 100."];
                }
                break;
        }
        return errors;
    }

    /// <summary>The input field the engine's parameter refusal is about (the same checks, in the engine's order).</summary>
    private static string FieldOf(ActionRequest request, StepDefinition current, DateTimeOffset? appointment, DateTimeOffset now) => request.Action switch
    {
        WorkflowAction.SendBack or WorkflowAction.ReturnForRework when request.TargetStep is null || !current.SendBackTo.Contains(request.TargetStep) => "targetStep",
        WorkflowAction.RequestExtension when request.NewAppointment is not { } proposed || proposed <= appointment => "newAppointment",
        WorkflowAction.RequestSupplement when request.SupplyBy is { } by && by <= now => "supplyBy",
        WorkflowAction.Assign => "assignee",
        _ => "reason",
    };

    private static string? AuditReason(WorkflowAction action, ActionRequest request, ActionInput input, string? assigneeName) => action switch
    {
        WorkflowAction.RequestExtension => $"{request.Reason} — đề nghị hẹn lại ngày trả: {Vn(request.NewAppointment!.Value)}",
        WorkflowAction.Assign => $"Giao cho cán bộ {assigneeName ?? input.Assignee.ToString()}" + (request.Reason is null ? "" : $" — {request.Reason}"),
        WorkflowAction.TransferToPartner or WorkflowAction.ReceiveFromPartner =>
            (input.Mode == TransferMode.Paper ? "Chuyển hồ sơ giấy" : "Chuyển hồ sơ điện tử") + (request.Reason is null ? "" : $" — {request.Reason}"),
        _ => request.Reason,
    };

    private static string Vn(DateTimeOffset at) =>
        at.ToOffset(Workflows.Calendar.WorkingCalendar.VietnamOffset).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);
}
