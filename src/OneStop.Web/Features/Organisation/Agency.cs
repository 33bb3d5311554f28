namespace OneStop.Web.Features.Organisation;

/// <summary>
/// A public body with its electronic identifier (mã định danh điện tử, QĐ 20/2020/QĐ-TTg amended by QĐ 09/2025):
/// a commune (UBND xã), or a partner agency consulted through liên thông (Công an xã, BHXH, land registry).
/// Codes are opaque strings with effective dates (DOMAIN §3.1): never parse meaning out of them. A province with many
/// communes lives in one database: every row below an agency carries its <see cref="Id"/>.
/// </summary>
public sealed class Agency
{
    public Guid Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public AgencyKind Kind { get; set; }
    /// <summary>The governing body printed above the desk's name on forms, e.g. "UBND TỈNH …".</summary>
    public string? ParentName { get; set; }
    /// <summary>Place name for the date line of letters: "Nguyên Giáp, ngày … tháng … năm …".</summary>
    public required string PlaceName { get; set; }
    public string? Address { get; set; }
    public string? Phone { get; set; }
    /// <summary>Office sessions, e.g. "07:00-11:30,13:30-17:00"; deadlines are counted in these hours.</summary>
    public required string OfficeHours { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public DateOnly? EffectiveTo { get; set; }
    /// <summary>After the 2025 mergers an agency may be succeeded by another; old dossiers keep the old one.</summary>
    public Guid? SuccessorId { get; set; }
    public List<Unit> Units { get; set; } = [];
}

public enum AgencyKind
{
    Commune = 1,
    Partner = 2,
}

/// <summary>
/// A unit (đơn vị / bộ phận) inside an agency. <see cref="Function"/> is a key of <c>workflows/units.yaml</c>
/// (one-stop, office, economy, culture-society, leadership, police, …): procedure steps name functions, and each
/// commune maps its own units onto them, so one catalogue serves every commune of a province.
/// </summary>
public sealed class Unit
{
    public Guid Id { get; set; }
    public Guid AgencyId { get; set; }
    public Agency? Agency { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string Function { get; set; }
}
