using System.CommandLine;
using System.Globalization;
using OneStop.Workflows;
using OneStop.Workflows.Calendar;

namespace OneStop.Cli;

/// <summary>
/// <c>onestop calendar due|holidays</c>: the legal working calendar (default office hours, Labour Code rules and the
/// decision files in <c>workflows/calendar</c>). Bad input prints one Vietnamese sentence on stderr and exits with 2.
/// </summary>
public static class CalendarCommands
{
    private const int BadInput = 2;
    private const string OutputFormat = "yyyy-MM-dd'T'HH:mm";

    public static Command Create()
    {
        var command = new Command("calendar", "Lịch làm việc theo quy định: hạn giải quyết hồ sơ và ngày nghỉ lễ, Tết.");
        command.Subcommands.Add(CreateDue());
        command.Subcommands.Add(CreateHolidays());
        return command;
    }

    private static Command CreateDue()
    {
        // Values are read as text and checked here, so every bad value gets the Vietnamese message and exit code 2.
        var from = new Option<string>("--from") { Description = "Thời điểm bắt đầu tính (giờ Việt Nam), dạng yyyy-MM-ddTHH:mm." };
        var days = new Option<string>("--working-days") { Description = "Số ngày làm việc (mỗi ngày 8 giờ hành chính)." };
        var hours = new Option<string>("--working-hours") { Description = "Số giờ làm việc (có thể lẻ, ví dụ 4.5)." };
        var workflows = WorkflowsOption();
        var command = new Command("due", "Tính hạn: thời điểm bắt đầu cộng số ngày hoặc giờ làm việc.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.Options.Add(from);
        command.Options.Add(days);
        command.Options.Add(hours);
        command.Options.Add(workflows);
        command.SetAction(parseResult => Run(parseResult, () =>
        {
            var start = ParseStart(parseResult.GetValue(from));
            var daysText = parseResult.GetValue(days);
            var hoursText = parseResult.GetValue(hours);
            if ((daysText is null) == (hoursText is null))
            {
                throw new BadInputException("Hãy chỉ định đúng một trong hai tùy chọn --working-days hoặc --working-hours.");
            }

            var calendar = LoadCalendar(parseResult.GetValue(workflows));
            DateTimeOffset due;
            if (daysText is not null)
            {
                if (!int.TryParse(daysText, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    throw new BadInputException($"Số ngày làm việc '{daysText}' không hợp lệ; hãy nhập một số nguyên không âm.");
                }

                due = calendar.AddWorkingDays(start, n);
            }
            else
            {
                if (!double.TryParse(hoursText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var h) || h > 1e6)
                {
                    throw new BadInputException($"Số giờ làm việc '{hoursText}' không hợp lệ; hãy nhập một số không âm, ví dụ 4.5.");
                }

                due = calendar.AddWorkingHours(start, h);
            }

            Console.Out.WriteLine(WorkingCalendar.ToVietnamTime(due).ToString(OutputFormat, CultureInfo.InvariantCulture));
        }));
        return command;
    }

    private static Command CreateHolidays()
    {
        var year = new Option<string>("--year") { Description = "Năm dương lịch (1900–2100)." };
        var workflows = WorkflowsOption();
        var command = new Command("holidays", "Liệt kê các ngày thứ Hai–thứ Sáu không làm việc trong năm (nghỉ lễ, Tết, nghỉ bù).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.Options.Add(year);
        command.Options.Add(workflows);
        command.SetAction(parseResult => Run(parseResult, () =>
        {
            var text = parseResult.GetValue(year)
                ?? throw new BadInputException("Thiếu tùy chọn --year (năm dương lịch, ví dụ 2027).");
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < 1900 or > 2100)
            {
                throw new BadInputException($"Năm '{text}' không hợp lệ; hãy nhập một năm từ 1900 đến 2100.");
            }

            foreach (var day in LoadCalendar(parseResult.GetValue(workflows)).NonWorkingWeekdays(y))
            {
                Console.Out.WriteLine($"{day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\t{day.Name}");
            }
        }));
        return command;
    }

    private static Option<string> WorkflowsOption() =>
        new("--workflows") { Description = $"Thư mục workflows (chứa calendar/*.yaml); mặc định: biến {WorkflowsFolder.EnvironmentVariable} hoặc tìm từ thư mục hiện tại trở lên." };

    private static int Run(ParseResult parseResult, Action action)
    {
        try
        {
            if (parseResult.UnmatchedTokens.Count > 0)
            {
                throw new BadInputException($"Tham số không hợp lệ: {string.Join(' ', parseResult.UnmatchedTokens)}.");
            }

            action();
            return 0;
        }
        catch (BadInputException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return BadInput;
        }
        catch (CalendarFileException ex)
        {
            Console.Error.WriteLine("Tệp lịch nghỉ lễ không hợp lệ, cần sửa các lỗi sau:");
            foreach (var problem in ex.Problems)
            {
                Console.Error.WriteLine(problem);
            }

            return BadInput;
        }
        catch (ArgumentOutOfRangeException)
        {
            Console.Error.WriteLine("Thời điểm hoặc kết quả nằm ngoài phạm vi lịch được hỗ trợ (1900–2100).");
            return BadInput;
        }
    }

    /// <summary>Local Vietnam time without offset (the usual case), or an explicit offset / Z which is converted.</summary>
    private static DateTimeOffset ParseStart(string? text)
    {
        if (text is null)
        {
            throw new BadInputException("Thiếu tùy chọn --from (thời điểm bắt đầu, dạng yyyy-MM-ddTHH:mm).");
        }

        if (DateTime.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return new DateTimeOffset(local, WorkingCalendar.VietnamOffset);
        }

        if (DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset)
            || DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out withOffset))
        {
            return withOffset;
        }

        throw new BadInputException($"Thời điểm '{text}' không hợp lệ; hãy nhập dạng yyyy-MM-ddTHH:mm, ví dụ 2026-11-27T09:00.");
    }

    private static WorkingCalendar LoadCalendar(string? workflowsOption)
    {
        var directory = WorkflowsFolder.Locate(workflowsOption);
        if (directory is null || !Directory.Exists(Path.Combine(directory, "calendar")))
        {
            throw new BadInputException($"Không tìm thấy thư mục workflows/calendar; hãy chỉ định --workflows hoặc biến môi trường {WorkflowsFolder.EnvironmentVariable}.");
        }

        return WorkingCalendar.Load(directory);
    }


    private sealed class BadInputException(string message) : Exception(message);
}
