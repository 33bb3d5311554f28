using System.ComponentModel.DataAnnotations;

namespace OneStop.Web.Features.Events;

/// <summary>
/// Section "OneStop:Worker": the worker role (ARCHITECTURE §4) — outbox relay and consumers. On by default, so
/// one process does everything on one machine; a web-only instance sets <c>Enabled=false</c>.
/// </summary>
public sealed class WorkerOptions
{
    public const string Section = "OneStop:Worker";

    public bool Enabled { get; set; } = true;

    /// <summary>Messages claimed per relay transaction.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>How often the relay looks for new outbox rows when the last look found none.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Published rows are deleted once older than this.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Back-off after a failed publish doubles from 1 s per attempt up to this.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A publish that gets no broker confirmation within this counts as failed.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
