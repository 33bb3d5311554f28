using OneStop.Workflows.Calendar;
using OneStop.Workflows.Definitions;
using OneStop.Workflows.Engine;
using OneStop.Workflows.Tests.Calendar;
using OneStop.Workflows.Tests.Definitions;

namespace OneStop.Workflows.Tests.Engine;

/// <summary>Real definitions from workflows/, officers, and a dossier in a known state for the engine tests.</summary>
internal static class EngineFixtures
{
    private static readonly Lazy<DefinitionCatalog> Catalog = new(() => DefinitionCatalog.Load(TestPaths.Workflows));

    public static WorkingCalendar Office => WorkingCalendar.Default;

    /// <summary>1.001776 social allowance: 10 working days; tiep-nhan 4 h → tham-dinh 6 d → duyet-phong 1 d → quyet-dinh 2 d → tra-ket-qua 4 h.</summary>
    public static ProcedureDefinition SocialAllowance => Catalog.Value.Find("1.001776") ?? throw new InvalidOperationException("1.001776 missing");

    /// <summary>LOCAL.ks-tt-bhyt liên thông: 3 working days; tiep-nhan 2 h … two electronic transfers (police, social insurance).</summary>
    public static ProcedureDefinition InterAgency => Catalog.Value.Find("LOCAL.ks-tt-bhyt") ?? throw new InvalidOperationException("LOCAL.ks-tt-bhyt missing");

    /// <summary>2.000815 chứng thực: same day; tiep-nhan 0.5 h → chung-thuc 2 h (office) → ky-duyet 1 h (leadership) → tra-ket-qua 0.5 h.</summary>
    public static ProcedureDefinition Certification => Catalog.Value.Find("2.000815") ?? throw new InvalidOperationException("2.000815 missing");

    public static Actor Desk => new("desk-1", new HashSet<Role> { Role.Reception }, "one-stop");
    public static Actor CultureSpecialist => new("cs-1", new HashSet<Role> { Role.Specialist }, "culture-society");
    public static Actor CultureLeader => new("cl-1", new HashSet<Role> { Role.Leader }, "culture-society");
    public static Actor OfficeSpecialist => new("os-1", new HashSet<Role> { Role.Specialist }, "office");

    /// <summary>Social allowance received Mon 23/11/2026 08:00 (appointment Mon 07/12 08:00), at tham-dinh since 10:00 that day, held by cs-1.</summary>
    public static DossierState AtAppraisal => new()
    {
        Status = DossierStatus.InProgress,
        CurrentStep = "tham-dinh",
        StepStarted = TestDates.T("2026-11-23T10:00"),
        StepDue = TestDates.T("2026-12-01T10:00"),
        Appointment = TestDates.T("2026-12-07T08:00"),
        StepAssignee = "cs-1",
    };

    public static Accepted Accept(Decision decision) => decision as Accepted
        ?? throw new AssertionException($"Expected the action to be accepted, but: {(decision as Refused)?.Reason}");

    public static string Refusal(Decision decision) => (decision as Refused)?.Reason
        ?? throw new AssertionException("Expected the action to be refused, but it was accepted.");
}
