using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Account;
using OneStop.Web.Features.Digitisation;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Features.Reception;
using OneStop.Workflows.Definitions;
using OneStop.Workflows.Engine;

namespace OneStop.Web.Features.Processing;

/// <summary>
/// One dossier as officers of its agency see it, with exactly the actions the engine allows the signed-in officer
/// now. Every action posts the row version the page showed: a second click or a stale tab changes nothing.
/// </summary>
[Authorize]
public sealed class DossierPageModel(
    OneStopDbContext db, DossierWorkflow workflow, DossierQueries queries, DossierActions actions, DefinitionCatalog catalog,
    DigitisationService digitisation, TimeProvider clock) : PageModel
{
    /// <summary>The fields of every action form; each action reads the ones it needs.</summary>
    public sealed class ActionForm
    {
        public string Action { get; set; } = "";
        public uint RowVersion { get; set; }
        /// <summary>Generated with the page: a form sent twice is done once.</summary>
        public string? IdempotencyKey { get; set; }
        public string? Reason { get; set; }
        public string? TargetStep { get; set; }
        /// <summary>request-supplement: keys of the procedure's documents to hand in.</summary>
        public List<string> Documents { get; set; } = [];
        /// <summary>request-supplement: other papers, one per line.</summary>
        public string? OtherItems { get; set; }
        /// <summary>request-supplement: the citizen's deadline (datetime-local, Vietnam time); empty: 10 working days.</summary>
        public string? SupplyBy { get; set; }
        /// <summary>request-extension: new appointment (datetime-local, Vietnam time).</summary>
        public string? NewAppointment { get; set; }
        public Guid? Assignee { get; set; }
        public TransferMode? Mode { get; set; }
    }

    /// <summary>Actions that need more than a click: they open a small form.</summary>
    public static readonly IReadOnlySet<string> WithInput = new HashSet<string>(StringComparer.Ordinal)
    {
        "send-back", "return-for-rework", "request-supplement", "refuse", "withdraw", "reject-extension", "request-extension",
        "assign", "transfer-to-partner", "receive-from-partner",
    };

    [BindProperty]
    public ActionForm Form { get; set; } = new();

    public DossierDetail Detail { get; private set; } = null!;

    public ProcedureDefinition Definition { get; private set; } = null!;

    public StepDefinition? CurrentStep { get; private set; }

    /// <summary>The dossier's documents in the order the procedure lists them.</summary>
    public IReadOnlyList<DocumentView> Documents { get; private set; } = [];

    public IReadOnlyList<(string Key, string Name)> SendBackTargets { get; private set; } = [];

    public IReadOnlyList<OfficerLoad> Candidates { get; private set; } = [];

    public IReadOnlySet<SlipKind> Slips { get; private set; } = new HashSet<SlipKind>();

    public DateTimeOffset Now { get; private set; }

    public string? Message { get; private set; }

    public string? FormError { get; private set; }

    /// <summary>The electronic result attached to the dossier, if any.</summary>
    public StoredFile? ResultFile { get; private set; }

    /// <summary>The result is ready or returned and the officer digitises (desk or specialist): the upload is offered.</summary>
    public bool CanAttachResult { get; private set; }

    public string? ResultError { get; private set; }

    public Dictionary<string, string[]> Errors { get; private set; } = [];

    /// <summary>The action whose form was posted and came back with errors: its form is shown open.</summary>
    public string? OpenAction { get; private set; }

    /// <summary>The key new forms carry (a fresh one each time the page is drawn).</summary>
    public string NewKey { get; } = Guid.NewGuid().ToString("N");

    public async Task<IActionResult> OnGetAsync(Guid id, string? done, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (done == ResultDone)
        {
            Message = "Đã đính kèm kết quả điện tử.";
        }
        else if (done is not null && ActionNames.Parse(done) is { } action)
        {
            Message = $"Đã thực hiện: {ActionNames.Label(action)}.";
        }
        return Page();
    }

    private const string ResultDone = "result-file";

    /// <summary>Số hóa kết quả: the electronic result (PDF) of a dossier whose result is ready.</summary>
    public async Task<IActionResult> OnPostResultFileAsync(Guid id, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Reception) && !User.IsInRole(Roles.Specialist))
        {
            return Forbid();
        }
        if (Request.Form.Files.GetFile(DigitisationApi.FileField) is not { } upload)
        {
            ResultError = "Vui lòng chọn tệp kết quả điện tử (PDF).";
            return await RedrawAsync(id, ct);
        }
        await using var content = upload.OpenReadStream();
        var outcome = await digitisation.AttachResultAsync(User.AgencyId(), User.OfficerId(), id, content, upload.Length, upload.FileName, ct);
        switch (outcome.Kind)
        {
            case DigitiseOutcomeKind.Done:
                return RedirectToPage(new { id, done = ResultDone });
            case DigitiseOutcomeKind.DossierNotFound:
                return NotFound();
            default:
                ResultError = outcome.Kind == DigitiseOutcomeKind.TooLarge ? digitisation.TooLargeMessage : outcome.Message;
                return await RedrawAsync(id, ct);
        }
    }

    public async Task<IActionResult> OnPostActAsync(Guid id, CancellationToken ct)
    {
        if (ActionNames.Parse(Form.Action ?? "") is not { } action)
        {
            FormError = "Thao tác không hợp lệ.";
            return await RedrawAsync(id, ct);
        }
        OpenAction = Form.Action;
        var agencyId = User.AgencyId();
        var procedure = await db.Dossiers.AsNoTracking().Where(d => d.Id == id && d.AgencyId == agencyId)
            .Select(d => new { d.ProcedureCode, d.ProcedureVersion }).SingleOrDefaultAsync(ct);
        if (procedure is null)
        {
            return NotFound();
        }
        Definition = catalog.Find(procedure.ProcedureCode, procedure.ProcedureVersion) ?? catalog.Find(procedure.ProcedureCode)!;
        if (!TryBuildInput(action, out var input))
        {
            return await RedrawAsync(id, ct);
        }
        var key = string.IsNullOrWhiteSpace(Form.IdempotencyKey) ? null : Form.IdempotencyKey.Trim();
        var outcome = await actions.ExecuteAsync(User, id, action, input, Form.RowVersion, key, ct);
        switch (outcome.Kind)
        {
            case ActionOutcomeKind.Done:
            case ActionOutcomeKind.Replayed:
                return RedirectToPage(new { id, done = Form.Action });
            case ActionOutcomeKind.NotFound:
                return NotFound();
            case ActionOutcomeKind.Stale:
                // The page below is drawn again from the stored dossier: say so rather than asking for a reload.
                FormError = "Hồ sơ vừa được người khác cập nhật nên thao tác của bạn chưa được thực hiện. "
                    + "Trang đã hiển thị tình trạng mới nhất; vui lòng kiểm tra rồi thao tác lại.";
                break;
            case ActionOutcomeKind.Forbidden:
                FormError = "Bạn không có quyền thực hiện thao tác này. " + outcome.Message;
                break;
            case ActionOutcomeKind.NotApplicable:
                FormError = outcome.Message;
                break;
            case ActionOutcomeKind.Invalid:
                Errors = new Dictionary<string, string[]>(outcome.Errors ?? new Dictionary<string, string[]>(), StringComparer.Ordinal);
                if (Errors.Count == 0)
                {
                    FormError = outcome.Message;
                }
                break;
        }
        return await RedrawAsync(id, ct);
    }

    /// <summary>The first message for a field of the open form.</summary>
    public string? ErrorFor(string action, string key) =>
        action == OpenAction && Errors.TryGetValue(key, out var messages) && messages.Length > 0 ? messages[0] : null;

    /// <summary>Messages about no field the form shows (e.g. the idempotency key).</summary>
    public IEnumerable<string> OtherErrors(params string[] shown) =>
        Errors.Where(e => !shown.Contains(e.Key)).SelectMany(e => e.Value);

    /// <summary>What the posted form said, for the form it came from; nothing for the others.</summary>
    public ActionForm Typed(string action) => action == OpenAction ? Form : new ActionForm();

    private bool TryBuildInput(WorkflowAction action, out ActionInput input)
    {
        DateTimeOffset? newAppointment = null;
        if (action == WorkflowAction.RequestExtension)
        {
            if (!ProcessingText.TryParseLocalInput(Form.NewAppointment, out var at))
            {
                Errors["newAppointment"] = ["Vui lòng nhập ngày giờ hẹn trả mới (ngày/tháng/năm giờ:phút)."];
            }
            else
            {
                newAppointment = at;
            }
        }
        List<SlipItemInput>? items = null;
        if (action == WorkflowAction.RequestSupplement)
        {
            items = [];
            foreach (var key in Form.Documents.Distinct(StringComparer.Ordinal))
            {
                // Keys come back from the form: look them up in the procedure again rather than trusting a name.
                if (Definition.Documents.FirstOrDefault(d => d.Key == key) is { } doc)
                {
                    items.Add(new SlipItemInput(doc.Name, doc.Original, doc.Certified, doc.Photocopy));
                }
            }
            foreach (var line in (Form.OtherItems ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                items.Add(new SlipItemInput(line, 0, 0, 0));
            }
        }
        DateTimeOffset? supplyBy = null;
        if (action == WorkflowAction.RequestSupplement && !string.IsNullOrWhiteSpace(Form.SupplyBy))
        {
            if (!ProcessingText.TryParseLocalInput(Form.SupplyBy, out var by))
            {
                Errors["supplyBy"] = ["Hạn nộp bổ sung không hợp lệ (ngày/tháng/năm giờ:phút)."];
            }
            else if (by <= clock.GetUtcNow())
            {
                Errors["supplyBy"] = ["Hạn nộp bổ sung phải sau thời điểm hiện tại."];
            }
            else
            {
                supplyBy = by;
            }
        }
        input = new ActionInput
        {
            SupplyBy = supplyBy,
            Reason = Form.Reason,
            TargetStep = string.IsNullOrWhiteSpace(Form.TargetStep) ? null : Form.TargetStep,
            NewAppointment = newAppointment,
            Mode = Form.Mode,
            Items = items,
            Assignee = Form.Assignee,
        };
        if (action == WorkflowAction.Assign && Form.Assignee is null)
        {
            Errors["assignee"] = ["Vui lòng chọn cán bộ được phân công."];
        }
        return Errors.Count == 0;
    }

    private async Task<IActionResult> RedrawAsync(Guid id, CancellationToken ct)
    {
        // Whatever the failed action read stays out of what the page shows now.
        db.ChangeTracker.Clear();
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var loaded = await DossierRows.ReadAsync(db, User.AgencyId(), id, DossierRows.Parts.Documents | DossierRows.Parts.Audit, ct);
        if (loaded.Dossier is not { } dossier)
        {
            return false;
        }
        Now = clock.GetUtcNow();
        Detail = await queries.DetailAsync(dossier, loaded.Audit, User, ct);
        Definition = workflow.DefinitionOf(dossier);
        var order = Definition.Documents.Select(x => x.Key).ToList();
        Documents = [.. Detail.Documents.OrderBy(x => order.IndexOf(x.Key) is var i && i >= 0 ? i : int.MaxValue).ThenBy(x => x.Name, StringComparer.Ordinal)];
        CurrentStep = dossier.CurrentStepKey is { } key ? Definition.Steps.FirstOrDefault(s => s.Key == key) : null;
        SendBackTargets = CurrentStep is null ? []
            : [.. CurrentStep.SendBackTo.Select(k => (k, Definition.Steps.FirstOrDefault(s => s.Key == k)?.Name ?? k))];
        if (CurrentStep is not null && Detail.AllowedActions.Any(a => a.Action == "assign") && DossierWorkflow.OpenStep(dossier) is { } open)
        {
            Candidates = await workflow.CandidatesAsync(open.UnitId, CurrentStep.Role, ct);
        }
        ResultFile = await db.Dossiers.AsNoTracking().Where(d => d.Id == id).Select(d => d.ResultFile).SingleOrDefaultAsync(ct);
        CanAttachResult = dossier.Status is DossierStatus.Finished or DossierStatus.Returned
            && (User.IsInRole(Roles.Reception) || User.IsInRole(Roles.Specialist));
        Slips = (await db.CounterSlips.AsNoTracking().Where(s => s.DossierId == id).Select(s => s.Kind).Distinct().ToListAsync(ct)).ToHashSet();
        return true;
    }
}
