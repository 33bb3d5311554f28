namespace OneStop.Workflows.Calendar;

/// <summary>A date in the Vietnamese lunisolar calendar (âm lịch, UTC+7).</summary>
/// <param name="Year">Lunar year: the Gregorian year in which its month 1 begins.</param>
/// <param name="IsLeapMonth">True for the intercalary month (tháng nhuận) that repeats <paramref name="Month"/>.</param>
public readonly record struct LunarDate(int Year, int Month, int Day, bool IsLeapMonth);
