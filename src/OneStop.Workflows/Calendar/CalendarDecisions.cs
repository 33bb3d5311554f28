namespace OneStop.Workflows.Calendar;

/// <summary>
/// A public holiday added by a later law or resolution, recurring on the same solar day every year
/// while in force (e.g. Ngày Văn hóa Việt Nam, 24/11). Treated like an Điều 112 holiday, including nghỉ bù.
/// </summary>
public sealed record RecurringHoliday(string Name, int Month, int Day, DateOnly EffectiveFrom, DateOnly? EffectiveUntil, string? Source)
{
    /// <summary>The occurrence in <paramref name="year"/> if the rule is in force on that date; 29/02 only in leap years.</summary>
    public DateOnly? OccurrenceIn(int year)
    {
        if (Day > DateTime.DaysInMonth(year, Month))
        {
            return null;
        }

        var date = new DateOnly(year, Month, Day);
        return date >= EffectiveFrom && (EffectiveUntil is null || date <= EffectiveUntil) ? date : null;
    }
}

/// <summary>A day that is worked although it would be a rest day (ngày làm bù), usually a Saturday.</summary>
public sealed record MakeUpWorkingDay(DateOnly Date, string Name);

/// <summary>What the yearly decision (thông báo nghỉ lễ, Tết của Bộ Nội vụ / Thủ tướng) changes for one year.</summary>
/// <param name="NationalDayAdjacent">1/9 or 3/9 (BLLĐ 2019, Điều 112 khoản 1 điểm đ: "01 ngày liền kề"); null = 1/9.</param>
public sealed record YearDecision(
    int Year,
    DateOnly? NationalDayAdjacent,
    IReadOnlyList<Holiday> ExtraDaysOff,
    IReadOnlyList<MakeUpWorkingDay> WorkingDays,
    string? Source);

/// <summary>Yearly decisions and dated holiday rules layered on top of the Labour Code rules.</summary>
public sealed class CalendarDecisions
{
    public static CalendarDecisions Empty { get; } = new([], new Dictionary<int, YearDecision>());

    private readonly Dictionary<int, YearDecision> years;

    public CalendarDecisions(IEnumerable<RecurringHoliday> rules, IReadOnlyDictionary<int, YearDecision> years)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(years);
        Rules = [.. rules];
        this.years = new Dictionary<int, YearDecision>(years);
    }

    public IReadOnlyList<RecurringHoliday> Rules { get; }

    public IReadOnlyDictionary<int, YearDecision> Years => years;

    public YearDecision? ForYear(int year) => years.GetValueOrDefault(year);

    /// <summary>Reads every <c>*.yaml</c>/<c>*.yml</c> file in <paramref name="directory"/> (in ordinal name order).</summary>
    /// <exception cref="CalendarFileException">One or more files are invalid; every problem is reported as <c>file:line: message</c>.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public static CalendarDecisions Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Calendar directory not found: {directory}");
        }

        var files = Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(f => (f, File.ReadAllText(f)));
        return Parse(files);
    }

    /// <summary>Parses calendar files given as (file name used in messages, YAML text).</summary>
    /// <exception cref="CalendarFileException">One or more files are invalid.</exception>
    public static CalendarDecisions Parse(IEnumerable<(string File, string Yaml)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var reader = new CalendarFileReader();
        foreach (var (file, yaml) in files)
        {
            reader.Read(file, yaml);
        }

        return reader.Problems.Count > 0
            ? throw new CalendarFileException(reader.Problems)
            : new CalendarDecisions(reader.Rules, reader.Years);
    }

    /// <inheritdoc cref="Parse(IEnumerable{ValueTuple{string, string}})"/>
    public static CalendarDecisions Parse(string yaml, string file = "calendar.yaml") => Parse([(file, yaml)]);
}

/// <summary>One problem in a calendar file, printed as <c>file:line: message</c>.</summary>
public sealed record CalendarProblem(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {Message}";
}

/// <summary>Calendar decision files were refused.</summary>
public sealed class CalendarFileException : Exception
{
    public CalendarFileException(IReadOnlyList<CalendarProblem> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    public CalendarFileException()
        : this([])
    {
    }

    public CalendarFileException(string message)
        : base(message)
    {
        Problems = [];
    }

    public CalendarFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    public IReadOnlyList<CalendarProblem> Problems { get; }
}
