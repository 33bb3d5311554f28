namespace OneStop.Workflows.Calendar;

/// <summary>One block of office hours within a working day, e.g. 07:00–11:30.</summary>
public readonly record struct OfficeSession(TimeOnly Start, TimeOnly End);

/// <summary>
/// The daily office sessions of an agency on each working day. Immutable; passed in by the caller
/// because agencies set their own hours (giờ hành chính của cơ quan).
/// </summary>
public sealed class OfficeHours
{
    /// <summary>07:00–11:30 and 13:30–17:00: 8 hours = 1 working day (BLLĐ 2019, Điều 105: 8 giờ/ngày).</summary>
    public static OfficeHours Default { get; } = new(
        new OfficeSession(new TimeOnly(7, 0), new TimeOnly(11, 30)),
        new OfficeSession(new TimeOnly(13, 30), new TimeOnly(17, 0)));

    private readonly OfficeSession[] sessions;

    /// <exception cref="ArgumentException">Sessions are empty, not whole minutes, empty/inverted, unsorted or overlapping.</exception>
    public OfficeHours(params IEnumerable<OfficeSession> sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        this.sessions = [.. sessions];
        if (this.sessions.Length == 0)
        {
            throw new ArgumentException("At least one office session is required.", nameof(sessions));
        }

        var previousEnd = TimeOnly.MinValue;
        long total = 0;
        for (var i = 0; i < this.sessions.Length; i++)
        {
            var s = this.sessions[i];
            if (s.Start.Ticks % TimeSpan.TicksPerMinute != 0 || s.End.Ticks % TimeSpan.TicksPerMinute != 0)
            {
                throw new ArgumentException($"Session {i + 1} must start and end on whole minutes.", nameof(sessions));
            }

            if (s.End <= s.Start)
            {
                throw new ArgumentException($"Session {i + 1} must end after it starts.", nameof(sessions));
            }

            if (i > 0 && s.Start < previousEnd)
            {
                throw new ArgumentException($"Session {i + 1} overlaps or precedes the previous session.", nameof(sessions));
            }

            previousEnd = s.End;
            total += (s.End - s.Start).Ticks;
        }

        MinutesPerDay = (int)(total / TimeSpan.TicksPerMinute);
    }

    public IReadOnlyList<OfficeSession> Sessions => sessions;

    /// <summary>Working minutes in one working day (480 by default); one "ngày làm việc" of a deadline.</summary>
    public int MinutesPerDay { get; }

    /// <summary>Opening time of the first session.</summary>
    public TimeOnly Opening => sessions[0].Start;

    /// <summary>Closing time of the last session.</summary>
    public TimeOnly Closing => sessions[^1].End;
}
