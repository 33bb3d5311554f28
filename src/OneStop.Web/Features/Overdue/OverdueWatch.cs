using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using OneStop.Web.Data;
using OneStop.Web.Features.Events;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Features.Reception;
using OneStop.Workflows.Calendar;

namespace OneStop.Web.Features.Overdue;

/// <summary>What one pass of the watch did.</summary>
public sealed record WatchPass(bool Ran, int DueSoon, int Overdue, int Escalated, int Emailed);

/// <summary>
/// Looks at the open steps: warns the holder of a step due within one working day, tells the holder and the
/// unit's leaders when it is overdue (and publishes StepOverdue once), and the agency's supervisors when it has been
/// overdue for longer than configured. A transaction-scoped advisory lock lets one instance run a pass at a time;
/// the unique (step, officer, kind) index makes a repeated notice impossible anyway. Paused dossiers (waiting for a
/// supplement) are skipped: their clock stands still.
/// </summary>
public sealed class OverdueWatch(OneStopDbContext db, AgencyCalendars calendars, IOptions<OverdueOptions> options,
    IOptions<SmtpOptions> smtp, TimeProvider clock, ILogger<OverdueWatch> logger)
{
    /// <summary>Advisory lock key of the watch ("OVERDUE" in ASCII).</summary>
    private const long LockKey = 0x4F5645524455;

    /// <summary>E-mail copies sent per pass at most (the rest wait for the next pass).</summary>
    private const int MaxEmailsPerPass = 200;

    private static readonly DossierStatus[] Running = [DossierStatus.Accepted, DossierStatus.InProgress, DossierStatus.Finished];

    public async Task<WatchPass> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({LockKey}) AS \"Value\"").SingleAsync(ct);
        if (!locked)
        {
            return new WatchPass(false, 0, 0, 0, 0);
        }

        // A day ahead is at most a calendar week ahead (Tết aside, which only makes the list longer): filter in SQL, decide per agency calendar.
        var horizon = now.AddDays(10);
        var steps = await (from s in db.DossierSteps
                           join d in db.Dossiers on s.DossierId equals d.Id
                           join a in db.Agencies on d.AgencyId equals a.Id
                           where s.CompletedAt == null && s.DueAt <= horizon && Running.Contains(d.Status)
                           select new { Step = s, d.Code, d.AgencyId, a.OfficeHours, Dossier = d })
            .ToListAsync(ct);
        var stepIds = steps.Select(x => x.Step.Id).ToList();
        var existing = await db.Notifications.Where(n => stepIds.Contains(n.StepId))
            .Select(n => new { n.StepId, n.OfficerId, n.Kind }).ToListAsync(ct);
        var seen = existing.Select(n => (n.StepId, n.OfficerId, n.Kind)).ToHashSet();
        var markedOverdue = existing.Where(n => n.Kind == NotificationKind.Overdue).Select(n => n.StepId).ToHashSet();
        var leaders = await OfficersInRoleAsync(Roles.Leader, ct);
        var supervisors = await OfficersInRoleAsync(Roles.Supervisor, ct);
        var escalateAfter = options.Value.EscalateAfterWorkingHours * 60L;
        int soon = 0, overdue = 0, escalated = 0;

        foreach (var x in steps)
        {
            var calendar = calendars.For(x.OfficeHours);
            var step = x.Step;
            var code = x.Code ?? step.DossierId.ToString();
            var due = step.DueAt.ToOffset(WorkingCalendar.VietnamOffset).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);
            if (step.DueAt >= now)
            {
                if (calendar.WorkingMinutesBetween(now, step.DueAt) <= calendar.OfficeHours.MinutesPerDay && step.AssigneeId is { } holder
                    && Notify(holder, NotificationKind.DueSoon, $"Hồ sơ {code} – bước “{step.Name}” sắp đến hạn ({due})."))
                {
                    soon++;
                }
                continue;
            }

            var unitLeaders = leaders.Where(l => l.UnitId == step.UnitId && l.AgencyId == x.AgencyId).Select(l => l.Id);
            var told = false;
            foreach (var officer in new[] { step.AssigneeId }.OfType<Guid>().Concat(unitLeaders).Distinct())
            {
                told |= Notify(officer, NotificationKind.Overdue, $"Hồ sơ {code} – bước “{step.Name}” đã quá hạn (hạn {due}).");
            }
            if (told && markedOverdue.Add(step.Id))
            {
                overdue++;
                db.Publish(x.Dossier, DossierEventTypes.StepOverdue, now, null, e => e with
                {
                    StepKey = step.StepKey, UnitFunction = step.UnitFunction, UnitId = step.UnitId, Assignee = step.AssigneeId, Due = step.DueAt,
                });
            }
            if (calendar.WorkingMinutesBetween(step.DueAt, now) >= escalateAfter)
            {
                foreach (var supervisor in supervisors.Where(s => s.AgencyId == x.AgencyId))
                {
                    if (Notify(supervisor.Id, NotificationKind.Escalated,
                        $"Hồ sơ {code} – bước “{step.Name}” quá hạn hơn {options.Value.EscalateAfterWorkingHours} giờ làm việc (hạn {due})."))
                    {
                        escalated++;
                    }
                }
            }

            bool Notify(Guid officer, NotificationKind kind, string message) => Add(step, officer, kind, message);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var emailed = await EmailAsync(now, ct);
        return new WatchPass(true, soon, overdue, escalated, emailed);

        bool Add(DossierStep step, Guid officer, NotificationKind kind, string message)
        {
            if (!seen.Add((step.Id, officer, kind)))
            {
                return false;
            }
            var n = new Notification
            {
                Id = Guid.CreateVersion7(now), OfficerId = officer, DossierId = step.DossierId, StepId = step.Id, Kind = kind,
                Message = message, CreatedAt = now,
            };
            db.Notifications.Add(n);
            return true;
        }
    }

    private sealed record OfficerRef(Guid Id, Guid AgencyId, Guid? UnitId, string? Email);

    private async Task<List<OfficerRef>> OfficersInRoleAsync(string role, CancellationToken ct) =>
        await (from o in db.Users
               join ur in db.UserRoles on o.Id equals ur.UserId
               join r in db.Roles on ur.RoleId equals r.Id
               where r.Name == role
               select new OfficerRef(o.Id, o.AgencyId, o.UnitId, o.Email)).ToListAsync(ct);

    /// <summary>
    /// E-mail copies through SMTP when configured, of every notice of the last day not e-mailed yet (this pass's, and any
    /// an earlier pass could not send). Each notice is claimed (stamped) before it is sent, so however many instances
    /// run, none is e-mailed twice; a failed send gives the claim back for a later pass, and an instance killed between
    /// claim and send loses at most that one copy (the in-app notice stays).
    /// </summary>
    private async Task<int> EmailAsync(DateTimeOffset now, CancellationToken ct)
    {
        var settings = smtp.Value;
        if (string.IsNullOrWhiteSpace(settings.Host))
        {
            return 0;
        }
        var since = now.AddDays(-1);
        var pending = await (from n in db.Notifications
                             join o in db.Users on n.OfficerId equals o.Id
                             where n.EmailedAt == null && n.CreatedAt >= since && o.Email != null
                             orderby n.CreatedAt, n.Id
                             select new { n.Id, n.Kind, n.Message, Email = o.Email! })
            .Take(MaxEmailsPerPass).ToListAsync(ct);
        if (pending.Count == 0)
        {
            return 0;
        }
        var sent = 0;
        Guid? claimed = null;
        try
        {
            using var client = new SmtpClient();
            await client.ConnectAsync(settings.Host, settings.Port, settings.StartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
            }
            foreach (var n in pending)
            {
                var stamp = clock.GetUtcNow();
                if (await db.Notifications.Where(x => x.Id == n.Id && x.EmailedAt == null)
                        .ExecuteUpdateAsync(u => u.SetProperty(x => x.EmailedAt, stamp), ct) == 0)
                {
                    continue;  // another instance has it
                }
                claimed = n.Id;
                var message = new MimeMessage();
                message.From.Add(MailboxAddress.Parse(settings.From));
                message.To.Add(MailboxAddress.Parse(n.Email));
                message.Subject = n.Kind switch
                {
                    NotificationKind.DueSoon => "[Một cửa] Hồ sơ sắp đến hạn",
                    NotificationKind.Overdue => "[Một cửa] Hồ sơ quá hạn",
                    _ => "[Một cửa] Hồ sơ quá hạn cần giám sát",
                };
                message.Body = new TextPart("plain") { Text = n.Message };
                await client.SendAsync(message, ct);
                claimed = null;
                sent++;
            }
            await client.DisconnectAsync(true, ct);
        }
        catch (Exception e) when (e is IOException or MailKit.ProtocolException or MailKit.CommandException or System.Net.Sockets.SocketException)
        {
            logger.LogWarning(e, "Could not e-mail overdue notices; they stay in the in-app list and are tried again on the next pass.");
            if (claimed is { } id)
            {
                await db.Notifications.Where(x => x.Id == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.EmailedAt, (DateTimeOffset?)null), ct);
            }
        }
        return sent;
    }
}

/// <summary>Runs <see cref="OverdueWatch"/> every <see cref="OverdueOptions.Interval"/> in the worker role.</summary>
public sealed class OverdueWatcher(IServiceScopeFactory scopes, IOptions<OverdueOptions> options, TimeProvider clock,
    ILogger<OverdueWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var pass = await scope.ServiceProvider.GetRequiredService<OverdueWatch>().RunOnceAsync(stoppingToken);
                if (pass.DueSoon + pass.Overdue + pass.Escalated > 0)
                {
                    logger.LogInformation("Overdue watch: {DueSoon} due soon, {Overdue} newly overdue, {Escalated} escalated, {Emailed} e-mailed.",
                        pass.DueSoon, pass.Overdue, pass.Escalated, pass.Emailed);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be restarting: try again on the next tick.
                logger.LogWarning(e, "Overdue watch pass failed.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
