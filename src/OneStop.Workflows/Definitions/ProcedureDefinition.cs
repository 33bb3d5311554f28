using System.Globalization;
using System.Text.Json.Serialization;

namespace OneStop.Workflows.Definitions;

// One version of one administrative procedure (thủ tục hành chính), read from workflows/<code>-<slug>.yaml.
// The YAML format is described by workflows/procedure.schema.json; the names below mirror it one-to-one.

/// <summary>A procedure definition (one file, one version). Immutable once loaded.</summary>
public sealed record ProcedureDefinition
{
    public required string Code { get; init; }
    public required int Version { get; init; }
    public required string Name { get; init; }
    public required string Field { get; init; }
    public required string Level { get; init; }
    public required IReadOnlyList<string> LegalBasis { get; init; }
    /// <summary>Quyết định công bố of the province; may be placeholder text that says so.</summary>
    public required string Decision { get; init; }
    public required TimeLimit TimeLimit { get; init; }
    public required OnlineLevel OnlineLevel { get; init; }
    public SupplementClock SupplementClock { get; init; } = SupplementClock.Pause;
    public IReadOnlyList<FeeLine> Fees { get; init; } = [];
    public IReadOnlyList<DocumentRequirement> Documents { get; init; } = [];
    public required ProcedureResult Result { get; init; }
    public required IReadOnlyList<StepDefinition> Steps { get; init; }

    /// <summary>The file it was loaded from, as the caller named it.</summary>
    [JsonIgnore]
    public string SourceFile { get; init; } = "";

    /// <summary>
    /// SHA-256 (lower-case hex) of the file bytes with CRLF/CR normalised to LF. A published (code, version) is
    /// immutable: the app stores this hash and must refuse a file whose hash changed while its version did not.
    /// </summary>
    [JsonIgnore]
    public string ContentHash { get; init; } = "";

    /// <summary>True when at least one step hands the dossier to another agency (liên thông).</summary>
    [JsonIgnore]
    public bool IsInterAgency => Steps.Any(s => s.Kind == StepKind.Transfer);

    public StepDefinition FirstStep => Steps[0];

    public StepDefinition Step(string key) =>
        Steps.FirstOrDefault(s => s.Key == key) ?? throw new KeyNotFoundException($"Procedure {Code} has no step '{key}'.");
}

public enum TimeLimitUnit { WorkingDays, WorkingHours, CalendarDays, SameDay }

public enum BudgetUnit { WorkingHours, WorkingDays }

/// <summary>DVC trực tuyến level (NĐ 42/2022/NĐ-CP): toàn trình or một phần.</summary>
public enum OnlineLevel { Full, Partial }

/// <summary>What a supplement request does to the deadline (DOMAIN §2.2): pause (NĐ 61/2018 Điều 20) or restart.</summary>
public enum SupplementClock { Pause, Restart }

/// <summary>The fixed roles of officers; a step names the role that acts on it.</summary>
public enum Role { Reception, Specialist, Leader, Supervisor, Admin }

public enum Assignment { Auto, Leader }

public enum StepKind { Reception, Processing, Approval, Transfer, Return }

public enum TransferMode { Electronic, Paper }

public enum FeeBasis { PerCase, PerCopy, PerPage }

public enum FeeCondition { Always, OnTime, Late }

public enum FeeChannel { Any, Direct, Online }

public enum DataSource { Population, CivilStatus, NationalPortal, Land }

public sealed record TimeLimit
{
    public const decimal HoursPerWorkingDay = 8m;

    public int? Value { get; init; }
    public required TimeLimitUnit Unit { get; init; }
    /// <summary>"HH:mm"; only for <see cref="TimeLimitUnit.SameDay"/>.</summary>
    public string? Cutoff { get; init; }
    public string? Note { get; init; }

    /// <summary>Receipt after this time of day is handled on the next working day (NĐ 61/2018 Điều 19).</summary>
    [JsonIgnore]
    public TimeOnly? CutoffTime =>
        Cutoff is null ? null : TimeOnly.ParseExact(Cutoff, "HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// The working hours the step budgets are checked against: working days × 8 h (8 h = 1 working day, as the
    /// Thanh Hóa system counts); sameDay = one working day (8 h); calendar days × 8 h is an upper bound only,
    /// since a calendar day is never shorter than a working day.
    /// </summary>
    [JsonIgnore]
    public decimal WorkingHours => Unit switch
    {
        TimeLimitUnit.WorkingDays => (Value ?? 0) * HoursPerWorkingDay,
        TimeLimitUnit.WorkingHours => Value ?? 0,
        TimeLimitUnit.CalendarDays => (Value ?? 0) * HoursPerWorkingDay,
        TimeLimitUnit.SameDay => HoursPerWorkingDay,
    };

    /// <summary>True when the step budgets must add up exactly; false when they only have to fit.</summary>
    [JsonIgnore]
    public bool BudgetsMustMatchExactly => Unit is TimeLimitUnit.WorkingDays or TimeLimitUnit.WorkingHours;
}

public sealed record FeeLine
{
    public required string Key { get; init; }
    public required string Name { get; init; }
    public required FeeBasis Basis { get; init; }
    /// <summary>VND per case or per copy; null for <see cref="FeeBasis.PerPage"/>.</summary>
    public long? Amount { get; init; }
    public IReadOnlyList<PageTier> Tiers { get; init; } = [];
    public long? MaxPerCopy { get; init; }
    public FeeCondition When { get; init; } = FeeCondition.Always;
    public FeeChannel Channel { get; init; } = FeeChannel.Any;
    public IReadOnlyList<string> Exemptions { get; init; } = [];
    public string? LegalBasis { get; init; }
}

/// <summary>Pages <see cref="FromPage"/>..<see cref="ToPage"/> (inclusive; null = no end) cost <see cref="Amount"/> each.</summary>
public sealed record PageTier
{
    public required int FromPage { get; init; }
    public int? ToPage { get; init; }
    public required long Amount { get; init; }
}

public sealed record DocumentRequirement
{
    public required string Key { get; init; }
    public required string Name { get; init; }
    public int Original { get; init; }
    public int Certified { get; init; }
    public int Photocopy { get; init; }
    public required bool Mandatory { get; init; }
    /// <summary>Not to be asked from the citizen when the data can be taken from this source (once-only, NĐ 107/2021).</summary>
    public DataSource? ReusableFrom { get; init; }
    public string? Note { get; init; }
}

public sealed record ProcedureResult
{
    public required string Name { get; init; }
    public required bool Electronic { get; init; }
    public string? Note { get; init; }
}

public sealed record StepBudget
{
    public required decimal Value { get; init; }
    public required BudgetUnit Unit { get; init; }

    [JsonIgnore]
    public decimal WorkingHours => Unit == BudgetUnit.WorkingDays ? Value * TimeLimit.HoursPerWorkingDay : Value;
}

public sealed record StepDefinition
{
    public required string Key { get; init; }
    public required string Name { get; init; }
    /// <summary>Unit function key from workflows/units.yaml.</summary>
    public required string Unit { get; init; }
    public required Role Role { get; init; }
    public required StepBudget Budget { get; init; }
    public Assignment Assignment { get; init; } = Assignment.Auto;
    public required StepKind Kind { get; init; }
    public string? Next { get; init; }
    public bool Terminal { get; init; }
    public IReadOnlyList<string> SendBackTo { get; init; } = [];
    /// <summary>For transfer steps: the partner agency (unit function key) that works on the dossier during this step.</summary>
    public string? Partner { get; init; }
    public TransferMode Mode { get; init; } = TransferMode.Electronic;
    public IReadOnlyList<string> Documents { get; init; } = [];
    public string? Note { get; init; }
}
