using BenchmarkDotNet.Attributes;
using OneStop.Web.Documents;
using OneStop.Workflows.Calendar;
using OneStop.Workflows.Definitions;
using OneStop.Workflows.Engine;

namespace OneStop.Benchmarks.Micro;

/// <summary>Due-date computation on the real legal calendar (workflows/calendar): what registration and every step do.</summary>
[MemoryDiagnoser]
public class DueDateBenchmarks
{
    private const int Instants = 1024;
    private readonly DateTimeOffset[] _received = new DateTimeOffset[Instants];
    private WorkingCalendar _calendar = WorkingCalendar.Default;
    private readonly TimeLimit _limit = new() { Value = 5, Unit = TimeLimitUnit.WorkingDays };
    private readonly StepBudget _budget = new() { Value = 6, Unit = BudgetUnit.WorkingHours };

    [GlobalSetup]
    public void Setup()
    {
        _calendar = WorkingCalendar.Load(MicroCommand.WorkflowsPath);
        var random = new Random(1);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, WorkingCalendar.VietnamOffset);
        for (var i = 0; i < Instants; i++)
        {
            _received[i] = start.AddMinutes(random.Next(0, 365 * 24 * 60));
        }
    }

    /// <summary>Ngày hẹn trả: 5 working days from receipt.</summary>
    [Benchmark(OperationsPerInvoke = Instants)]
    public DateTimeOffset Appointment()
    {
        var last = default(DateTimeOffset);
        foreach (var r in _received)
        {
            last = Deadlines.Appointment(_limit, _calendar, r);
        }
        return last;
    }

    /// <summary>A step's due: its budget in working hours, capped by the appointment.</summary>
    [Benchmark(OperationsPerInvoke = Instants)]
    public DateTimeOffset StepDue()
    {
        var last = default(DateTimeOffset);
        foreach (var r in _received)
        {
            last = Deadlines.StepDue(_budget, _calendar, r, r.AddDays(30));
        }
        return last;
    }
}

/// <summary>Mẫu 01 (giấy tiếp nhận và hẹn trả kết quả) as the receipt endpoint renders it: fonts, layout, QR code.</summary>
[MemoryDiagnoser]
public class ReceiptPdfBenchmarks
{
    private readonly FormRenderer _renderer = new();
    private readonly ReceiptForm _form = new(
        new FormHeader("UBND XÃ NGUYÊN GIÁP", "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", "Bộ phận tiếp nhận và trả kết quả xã Nguyên Giáp", "Nguyên Giáp",
            "125/TNHS", new DateTimeOffset(2026, 11, 23, 8, 30, 0, WorkingCalendar.VietnamOffset)),
        "H99.100-261123-0125",
        new RegisterReference("2026", "125"),
        new FormPerson("Nguyễn Thị Hoa", "001190012345", "Thôn Đông Hòa, xã Nguyên Giáp", "0912345678", "hoa.nguyen@example.vn"),
        null,
        "Trực tiếp",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp",
        [new FormDocumentLine("Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao", 1, 0, 0),
            new FormDocumentLine("Bản sao cần chứng thực", 0, 0, 2)],
        1,
        "Trong ngày làm việc",
        new DateTimeOffset(2026, 11, 23, 8, 30, 0, WorkingCalendar.VietnamOffset),
        new DateTimeOffset(2026, 11, 23, 17, 0, 0, WorkingCalendar.VietnamOffset),
        "Tại Bộ phận tiếp nhận và trả kết quả xã Nguyên Giáp",
        4000,
        "482913",
        new Uri("https://motcua.example.vn/lookup?code=H99.100-261123-0125"),
        "Trần Văn Tiếp");

    [Benchmark]
    public byte[] Receipt() => _renderer.Render(_form);
}

/// <summary>
/// The engine on a dossier at its processing step (2.000815, held by the specialist): what every "GET …/actions" and every
/// dossier page asks (the allowed actions), and what every action decides.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private ProcedureDefinition _definition = null!;
    private WorkingCalendar _calendar = WorkingCalendar.Default;
    private DossierState _state = null!;
    private readonly Actor _specialist = new("officer-1", new HashSet<Role> { Role.Specialist }, "office");
    private readonly ActionRequest _complete = new(WorkflowAction.CompleteStep);
    private readonly DateTimeOffset _now = new(2026, 11, 23, 9, 0, 0, WorkingCalendar.VietnamOffset);

    [GlobalSetup]
    public void Setup()
    {
        _calendar = WorkingCalendar.Load(MicroCommand.WorkflowsPath);
        _definition = DefinitionCatalog.Load(MicroCommand.WorkflowsPath).Find("2.000815")!;
        var received = DossierState.Received(_definition, _calendar, _now.AddHours(-1));
        var accepted = (Accepted)WorkflowEngine.Decide(_definition, received,
            new Actor("desk", new HashSet<Role> { Role.Reception }, "one-stop"), _complete,
            _now.AddMinutes(-30), _calendar);
        _state = accepted.State with { StepAssignee = "officer-1" };
    }

    [Benchmark]
    public int AllowedActions() => WorkflowEngine.AllowedActions(_definition, _state, _specialist, _now, _calendar).Count;

    [Benchmark]
    public Decision CompleteStep() => WorkflowEngine.Decide(_definition, _state, _specialist, _complete, _now, _calendar);
}
