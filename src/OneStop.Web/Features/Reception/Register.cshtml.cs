using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using OneStop.Web.Features.Catalogue;
using OneStop.Workflows.Definitions;

namespace OneStop.Web.Features.Reception;

/// <summary>The desk's registration form: pick a procedure, tick its documents, type the applicant, accept.</summary>
[Authorize(Roles = Organisation.Roles.Reception)]
public sealed class RegisterModel(DefinitionCatalog catalog, RegisterDossierHandler handler, SlipService slips) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public ProcedureDefinition? Procedure { get; private set; }

    public IReadOnlyList<CatalogueApi.ProcedureSummary> Matches { get; private set; } = [];

    public sealed class InputModel
    {
        /// <summary>Generated when the form is first shown: a double click or a resent form registers once.</summary>
        public string IdempotencyKey { get; set; } = "";
        public PersonModel Owner { get; set; } = new();
        public PersonModel Submitter { get; set; } = new();
        public Channel Channel { get; set; } = Channel.Counter;
        public ResultDelivery ResultDelivery { get; set; } = ResultDelivery.Desk;
        public PaymentMethod PaymentMethod { get; set; } = PaymentMethod.Cash;
        public int SetCount { get; set; } = 1;
        public int Copies { get; set; } = 1;
        public int PagesPerCopy { get; set; } = 1;
        public bool LateRegistration { get; set; }
        public string? Note { get; set; }
        /// <summary>Why the dossier is incomplete or cannot be accepted (forms 02/03).</summary>
        public string? Reason { get; set; }
        public List<DocumentModel> Documents { get; set; } = [];
    }

    public sealed class PersonModel
    {
        public string? FullName { get; set; }
        public string? IdNumber { get; set; }
        public string? Phone { get; set; }
        public string? Email { get; set; }
        public string? Address { get; set; }

        public PersonInput ToInput() => new(FullName, IdNumber, Phone, Email, Address);
    }

    public sealed class DocumentModel
    {
        public string Key { get; set; } = "";
        public int Originals { get; set; }
        public int Certified { get; set; }
        public int Photocopies { get; set; }
    }

    public void OnGet()
    {
        Procedure = string.IsNullOrWhiteSpace(Code) ? null : catalog.Find(Code);
        Matches = Procedure is null ? CatalogueApi.Search(catalog, Q) : [];
        if (Procedure is not null)
        {
            Input.IdempotencyKey = Guid.NewGuid().ToString("N");
            // Start from what the procedure asks for; the officer corrects what the citizen actually brought.
            Input.Documents = [.. Procedure.Documents.Select(d => new DocumentModel
            {
                Key = d.Key,
                Originals = d.Mandatory ? d.Original : 0,
                Certified = d.Mandatory ? d.Certified : 0,
                Photocopies = d.Mandatory ? d.Photocopy : 0,
            })];
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Procedure = string.IsNullOrWhiteSpace(Code) ? null : catalog.Find(Code);
        if (Procedure is null)
        {
            return RedirectToPage();
        }
        var request = new RegisterDossierRequest(
            Procedure.Code, Input.Owner.ToInput(), Input.Submitter.ToInput(), Input.Channel, Input.ResultDelivery, Input.PaymentMethod,
            Input.SetCount,
            [.. Input.Documents.Where(d => d.Originals + d.Certified + d.Photocopies > 0)
                .Select(d => new DocumentInput(d.Key, d.Originals, d.Certified, d.Photocopies))],
            new FeeInput(Input.Copies, Input.PagesPerCopy, Input.LateRegistration),
            Input.Note);
        var outcome = await handler.HandleAsync(request, User, string.IsNullOrWhiteSpace(Input.IdempotencyKey) ? null : Input.IdempotencyKey, ct);
        switch (outcome)
        {
            case RegisterDossierHandler.Registered registered:
                var url = registered.Response.ReceiptUrl!;
                var token = QueryHelpers.ParseQuery(url[url.IndexOf('?', StringComparison.Ordinal)..])["t"].ToString();
                // Post/redirect/get: a refresh of the result page never posts the form again.
                return Redirect($"/reception/registered/{registered.Response.Id}?t={Uri.EscapeDataString(token)}");
            case RegisterDossierHandler.Invalid invalid:
                foreach (var (key, messages) in invalid.Errors)
                {
                    foreach (var message in messages)
                    {
                        ModelState.AddModelError(FieldName(key), message);
                    }
                }
                return Page();
            default:
                throw new InvalidOperationException();
        }
    }

    /// <summary>Incomplete: form 02 listing every mandatory document not ticked, nothing registered (DOMAIN §2.1 a).</summary>
    public Task<IActionResult> OnPostSupplementAsync(CancellationToken ct) => IssueSlipAsync(SlipKind.Supplement, ct);

    /// <summary>Not eligible: form 03 with the reasons, nothing registered (DOMAIN §2.1 b).</summary>
    public Task<IActionResult> OnPostRefuseAsync(CancellationToken ct) => IssueSlipAsync(SlipKind.Refusal, ct);

    private async Task<IActionResult> IssueSlipAsync(SlipKind kind, CancellationToken ct)
    {
        Procedure = string.IsNullOrWhiteSpace(Code) ? null : catalog.Find(Code);
        if (Procedure is null)
        {
            return RedirectToPage();
        }
        var supplied = Input.Documents.Select(d => new DocumentInput(d.Key, d.Originals, d.Certified, d.Photocopies));
        var items = kind == SlipKind.Supplement ? SlipService.Missing(Procedure, supplied) : [];
        if (kind == SlipKind.Supplement && items.Count == 0)
        {
            ModelState.AddModelError("Input.Documents", "Hồ sơ đã đủ các giấy tờ bắt buộc: hãy tiếp nhận, hoặc ghi rõ nội dung cần hoàn thiện vào lý do.");
            return Page();
        }
        var applicant = string.IsNullOrWhiteSpace(Input.Submitter.FullName) ? Input.Owner : Input.Submitter;
        var outcome = await slips.IssueAsync(kind, new SlipRequest(Procedure.Code, applicant.ToInput(), items, Input.Reason), User, dossierId: null, ct);
        if (outcome is SlipService.Invalid invalid)
        {
            foreach (var (key, messages) in invalid.Errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(key switch { "reason" => "Input.Reason", "applicant.fullName" => "Input.Owner.FullName", _ => "" }, message);
                }
            }
            return Page();
        }
        return Redirect($"/reception/slips/{((SlipService.Issued)outcome).Slip.Id}");
    }

    /// <summary>"owner.fullName" (the handler's key) → "Input.Owner.FullName" (the form field), so the message sits by the field.</summary>
    private static string FieldName(string key) => key switch
    {
        "procedureCode" => "",
        "documents" => "Input.Documents",
        "fee" => "Input.Copies",
        "channel" => "Input.Channel",
        "setCount" => "Input.SetCount",
        _ => "Input." + string.Join('.', key.Split('.').Select(part => char.ToUpperInvariant(part[0]) + part[1..])),
    };
}
