using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OneStop.Workflows.Calendar;

/// <summary>
/// Reads calendar decision files (workflows/calendar/*.yaml). Format, all keys optional:
/// <code>
/// year: 2026                       # the keys below (except rules) apply to this year only
/// source: Thông báo …/TB-BNV
/// nationalDayAdjacent: 2026-09-03  # 1/9 (default) or 3/9
/// extraDaysOff:   [{ date: 2026-05-04, name: … }]   # weekdays given off
/// workingDays:    [{ date: 2026-05-09, name: … }]   # make-up working days (usually Saturdays)
/// rules:          [{ name: …, every: 24/11, from: 2026-07-01, until: …, source: … }]
/// </code>
/// Collects every problem with its file and line instead of stopping at the first.
/// </summary>
internal sealed partial class CalendarFileReader
{
    private const string DateFormat = "yyyy-MM-dd";

    private readonly Dictionary<int, string> yearFiles = [];

    public List<CalendarProblem> Problems { get; } = [];

    public List<RecurringHoliday> Rules { get; } = [];

    public Dictionary<int, YearDecision> Years { get; } = [];

    public void Read(string file, string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            Problems.Add(new CalendarProblem(file, LineOf(ex.Start), StripPosition(ex.Message)));
            return;
        }

        if (stream.Documents.Count == 0)
        {
            return;
        }

        if (stream.Documents.Count > 1)
        {
            Add(file, stream.Documents[1].RootNode, "only one YAML document per calendar file");
        }

        var root = stream.Documents[0].RootNode;
        if (root is YamlScalarNode { Value: null or "" })
        {
            return; // a file with comments only
        }

        if (root is not YamlMappingNode map)
        {
            Add(file, root, "the file must be a mapping with keys year, source, nationalDayAdjacent, extraDaysOff, workingDays, rules");
            return;
        }

        new FileContext(this, file).Read(map);
    }

    private void Add(string file, YamlNode node, string message) => Problems.Add(new CalendarProblem(file, LineOf(node.Start), message));

    private static int LineOf(Mark mark) => (int)Math.Min(mark.Line, int.MaxValue);

    private static string StripPosition(string message) => PositionPrefix().Replace(message, string.Empty);

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();

    /// <summary>State while reading one file.</summary>
    private sealed class FileContext(CalendarFileReader reader, string file)
    {
        private int? year;

        public void Read(YamlMappingNode map)
        {
            string? source = null;
            DateOnly? adjacent = null;
            var daysOff = new List<Holiday>();
            var workingDays = new List<MakeUpWorkingDay>();
            var hasYearKeys = false;
            YamlNode? firstYearKey = null;

            if (map.Children.TryGetValue(new YamlScalarNode("year"), out var yearNode))
            {
                year = ReadYear(yearNode);
            }

            foreach (var (keyNode, value) in map.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value;
                switch (key)
                {
                    case "year":
                        break;
                    case "source":
                        source = ReadText(value, "source");
                        break;
                    case "nationalDayAdjacent":
                        hasYearKeys = true;
                        firstYearKey ??= keyNode;
                        adjacent = ReadNationalDayAdjacent(value);
                        break;
                    case "extraDaysOff":
                        hasYearKeys = true;
                        firstYearKey ??= keyNode;
                        foreach (var (date, name, node) in ReadDatedList(value, "extraDaysOff"))
                        {
                            if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                            {
                                Add(node, $"extraDaysOff: {Format(date)} is a {date.DayOfWeek}, already a weekly rest day; list only weekdays given off");
                            }
                            else
                            {
                                daysOff.Add(new Holiday(date, name, HolidayKind.DecisionDayOff));
                            }
                        }

                        break;
                    case "workingDays":
                        hasYearKeys = true;
                        firstYearKey ??= keyNode;
                        foreach (var (date, name, _) in ReadDatedList(value, "workingDays"))
                        {
                            workingDays.Add(new MakeUpWorkingDay(date, name));
                        }

                        break;
                    case "rules":
                        ReadRules(value);
                        break;
                    default:
                        Add(keyNode, $"unknown key '{key}'; expected year, source, nationalDayAdjacent, extraDaysOff, workingDays or rules");
                        break;
                }
            }

            if (year is null)
            {
                if (hasYearKeys && yearNode is null)
                {
                    Add(firstYearKey!, "nationalDayAdjacent, extraDaysOff and workingDays need a 'year' key in the same file");
                }

                return;
            }

            foreach (var clash in workingDays.Where(w => daysOff.Exists(d => d.Date == w.Date)))
            {
                Add(map, $"{Format(clash.Date)} is listed both in extraDaysOff and in workingDays");
            }

            if (reader.yearFiles.TryGetValue(year.Value, out var otherFile))
            {
                Add(yearNode!, $"year {year.Value.ToString(CultureInfo.InvariantCulture)} is already defined in {otherFile}; keep one file per year");
                return;
            }

            reader.yearFiles[year.Value] = file;
            reader.Years[year.Value] = new YearDecision(year.Value, adjacent, daysOff, workingDays, source);
        }

        private int? ReadYear(YamlNode node)
        {
            if (node is YamlScalarNode { Value: { } text }
                && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                && value is >= 1900 and <= 2100)
            {
                return value;
            }

            Add(node, "year must be a number from 1900 to 2100");
            return null;
        }

        private DateOnly? ReadNationalDayAdjacent(YamlNode node)
        {
            var date = ReadDate(node, "nationalDayAdjacent");
            if (date is null || year is null)
            {
                return null;
            }

            if (date.Value != new DateOnly(year.Value, 9, 1) && date.Value != new DateOnly(year.Value, 9, 3))
            {
                Add(node, $"nationalDayAdjacent must be {year.Value.ToString(CultureInfo.InvariantCulture)}-09-01 or {year.Value.ToString(CultureInfo.InvariantCulture)}-09-03 (the day next to Quốc khánh 2/9)");
                return null;
            }

            return date;
        }

        private IEnumerable<(DateOnly Date, string Name, YamlNode Node)> ReadDatedList(YamlNode node, string key)
        {
            if (node is not YamlSequenceNode list)
            {
                Add(node, $"{key} must be a list of entries with 'date' and 'name'");
                yield break;
            }

            var seen = new HashSet<DateOnly>();
            foreach (var item in list.Children)
            {
                if (item is not YamlMappingNode entry)
                {
                    Add(item, $"{key}: each entry needs 'date' and 'name'");
                    continue;
                }

                DateOnly? date = null;
                string? name = null;
                foreach (var (k, v) in entry.Children)
                {
                    switch ((k as YamlScalarNode)?.Value)
                    {
                        case "date":
                            date = ReadDate(v, $"{key}: date");
                            break;
                        case "name":
                            name = ReadText(v, $"{key}: name");
                            break;
                        default:
                            Add(k, $"{key}: unknown key '{(k as YamlScalarNode)?.Value}'; expected date and name");
                            break;
                    }
                }

                if (!entry.Children.ContainsKey(new YamlScalarNode("date")) || !entry.Children.ContainsKey(new YamlScalarNode("name")))
                {
                    Add(entry, $"{key}: each entry needs 'date' and 'name'");
                    continue;
                }

                if (date is null || name is null)
                {
                    continue;
                }

                if (year is not null && date.Value.Year != year)
                {
                    Add(entry, $"{key}: {Format(date.Value)} is not in year {year.Value.ToString(CultureInfo.InvariantCulture)}");
                    continue;
                }

                if (!seen.Add(date.Value))
                {
                    Add(entry, $"{key}: {Format(date.Value)} is listed twice");
                    continue;
                }

                yield return (date.Value, name, entry);
            }
        }

        private void ReadRules(YamlNode node)
        {
            if (node is not YamlSequenceNode list)
            {
                Add(node, "rules must be a list of entries with name, every, from");
                return;
            }

            foreach (var item in list.Children)
            {
                if (item is not YamlMappingNode entry)
                {
                    Add(item, "rules: each entry needs name, every (day/month) and from (yyyy-MM-dd)");
                    continue;
                }

                string? name = null, source = null;
                (int Month, int Day)? every = null;
                DateOnly? from = null, until = null;
                var complete = true;
                foreach (var (k, v) in entry.Children)
                {
                    switch ((k as YamlScalarNode)?.Value)
                    {
                        case "name":
                            name = ReadText(v, "rules: name");
                            break;
                        case "every":
                            every = ReadDayMonth(v);
                            complete &= every is not null;
                            break;
                        case "from":
                            from = ReadDate(v, "rules: from");
                            complete &= from is not null;
                            break;
                        case "until":
                            until = ReadDate(v, "rules: until");
                            complete &= until is not null;
                            break;
                        case "source":
                            source = ReadText(v, "rules: source");
                            break;
                        default:
                            Add(k, $"rules: unknown key '{(k as YamlScalarNode)?.Value}'; expected name, every, from, until, source");
                            break;
                    }
                }

                if (name is null || every is null || from is null)
                {
                    if (complete)
                    {
                        Add(entry, "rules: each entry needs name, every (day/month) and from (yyyy-MM-dd)");
                    }

                    continue;
                }

                if (until is not null && until < from)
                {
                    Add(entry, "rules: 'until' is before 'from'");
                    continue;
                }

                reader.Rules.Add(new RecurringHoliday(name, every.Value.Month, every.Value.Day, from.Value, until, source));
            }
        }

        private (int Month, int Day)? ReadDayMonth(YamlNode node)
        {
            // Vietnamese order day/month, as written in the law ("ngày 24/11").
            if (node is YamlScalarNode { Value: { } text }
                && DateOnly.TryParseExact($"2000/{text}", ["yyyy/d/M", "yyyy/dd/MM"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return (date.Month, date.Day);
            }

            Add(node, "rules: every must be a day/month such as 24/11");
            return null;
        }

        private DateOnly? ReadDate(YamlNode node, string what)
        {
            if (node is YamlScalarNode { Value: { } text }
                && DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                if (date.Year is >= 1900 and <= 2100)
                {
                    return date;
                }

                Add(node, $"{what}: {text} is outside 1900–2100");
                return null;
            }

            Add(node, $"{what} must be a date written yyyy-MM-dd, got '{(node as YamlScalarNode)?.Value}'");
            return null;
        }

        private string? ReadText(YamlNode node, string what)
        {
            if (node is YamlScalarNode { Value: { } text } && !string.IsNullOrWhiteSpace(text))
            {
                return text.Trim();
            }

            Add(node, $"{what} must be non-empty text");
            return null;
        }

        private void Add(YamlNode node, string message) => reader.Add(file, node, message);

        private static string Format(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);
    }
}
