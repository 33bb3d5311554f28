using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneStop.Web.Features.Catalogue;
using OneStop.Web.Features.Events;
using OneStop.Web.Features.Kpi;
using OneStop.Web.Features.Processing;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Features.Overdue;
using OneStop.Web.Features.Reception;
using OneStop.Web.Infrastructure;

namespace OneStop.Web.Data;

public sealed class OneStopDbContext : IdentityDbContext<Officer, IdentityRole<Guid>, Guid>, IDataProtectionKeyContext
{
    /// <summary>
    /// No automatic savepoint around SaveChanges in a transaction: every handler abandons its whole transaction when a
    /// save fails, so the savepoint (and its release) would only add two round trips to each save.
    /// </summary>
    public OneStopDbContext(DbContextOptions<OneStopDbContext> options) : base(options) => Database.AutoSavepointsEnabled = false;

    /// <summary>Cookie and token keys live in the database so every web instance (and a restart) can read them.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>A context outside dependency injection: the migrator, the CLI and tests.</summary>
    public static OneStopDbContext Create(string connectionString)
    {
        var options = new DbContextOptionsBuilder<OneStopDbContext>();
        options.UseOneStopNpgsql(connectionString);
        return new OneStopDbContext(options.Options);
    }

    public DbSet<Agency> Agencies => Set<Agency>();
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<ProcedureVersion> ProcedureVersions => Set<ProcedureVersion>();
    public DbSet<Dossier> Dossiers => Set<Dossier>();
    public DbSet<DossierDocument> DossierDocuments => Set<DossierDocument>();
    public DbSet<DossierStep> DossierSteps => Set<DossierStep>();
    public DbSet<StoredFile> StoredFiles => Set<StoredFile>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Counter> Counters => Set<Counter>();
    public DbSet<CounterSlip> CounterSlips => Set<CounterSlip>();
    public DbSet<DossierPause> DossierPauses => Set<DossierPause>();
    public DbSet<DossierLetter> DossierLetters => Set<DossierLetter>();
    public DbSet<IdempotentRequest> IdempotentRequests => Set<IdempotentRequest>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<KpiDossierFact> KpiDossierFacts => Set<KpiDossierFact>();
    public DbSet<KpiStepCompletion> KpiStepCompletions => Set<KpiStepCompletion>();
    public DbSet<KpiPendingEvent> KpiPendingEvents => Set<KpiPendingEvent>();

    /// <summary>Instants are computed in Vietnam time (+07:00) but stored as UTC, which is all timestamptz accepts.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, DateTimeOffset>(
        v => v.ToUniversalTime(), v => v);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Agency>(e =>
        {
            e.HasIndex(a => a.Code).IsUnique();
            e.Property(a => a.Code).HasMaxLength(64);
            e.Property(a => a.Name).HasMaxLength(300);
            e.Property(a => a.ParentName).HasMaxLength(300);
            e.Property(a => a.PlaceName).HasMaxLength(100);
            e.Property(a => a.Address).HasMaxLength(500);
            e.Property(a => a.Phone).HasMaxLength(30);
            e.Property(a => a.OfficeHours).HasMaxLength(100);
            e.HasOne<Agency>().WithMany().HasForeignKey(a => a.SuccessorId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Unit>(e =>
        {
            e.HasIndex(u => new { u.AgencyId, u.Code }).IsUnique();
            e.HasIndex(u => new { u.AgencyId, u.Function });
            e.Property(u => u.Code).HasMaxLength(64);
            e.Property(u => u.Name).HasMaxLength(300);
            e.Property(u => u.Function).HasMaxLength(64);
            e.HasOne(u => u.Agency).WithMany(a => a.Units).HasForeignKey(u => u.AgencyId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Officer>(e =>
        {
            e.Property(o => o.FullName).HasMaxLength(200);
            e.Property(o => o.Title).HasMaxLength(200);
            e.HasOne(o => o.Agency).WithMany().HasForeignKey(o => o.AgencyId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(o => o.Unit).WithMany().HasForeignKey(o => o.UnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(o => new { o.AgencyId, o.UnitId });
        });

        builder.Entity<Dossier>(e =>
        {
            e.HasIndex(d => d.Code).IsUnique();
            e.HasIndex(d => new { d.AgencyId, d.IdempotencyKey }).IsUnique();
            e.HasIndex(d => new { d.AgencyId, d.Status });
            e.HasIndex(d => new { d.AgencyId, d.RegisterYear, d.RegisterNumber }).IsUnique();
            e.Property(d => d.Code).HasMaxLength(64);
            e.Property(d => d.ProcedureCode).HasMaxLength(32);
            e.Property(d => d.ProcedureName).HasMaxLength(500);
            e.Property(d => d.LookupPinHash).HasMaxLength(200);
            e.Property(d => d.IdempotencyKey).HasMaxLength(100);
            e.Property(d => d.ReturnedTo).HasMaxLength(200);
            e.Property(d => d.ReturnNote).HasMaxLength(1000);
            e.Property(d => d.RatingComment).HasMaxLength(2000);
            e.Property(d => d.Note).HasMaxLength(2000);
            e.Property(d => d.RowVersion).IsRowVersion();
            e.OwnsOne(d => d.Owner, PersonColumns);
            e.OwnsOne(d => d.Submitter, PersonColumns);
            e.HasOne<Agency>().WithMany().HasForeignKey(d => d.AgencyId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<ProcedureVersion>().WithMany().HasForeignKey(d => d.ProcedureVersionId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(d => d.Documents).WithOne().HasForeignKey(x => x.DossierId);
            e.HasMany(d => d.Steps).WithOne().HasForeignKey(x => x.DossierId);
            e.HasMany(d => d.Pauses).WithOne().HasForeignKey(x => x.DossierId);
            e.HasMany(d => d.Letters).WithOne().HasForeignKey(x => x.DossierId);
            e.Property(d => d.CurrentStepKey).HasMaxLength(100);
            e.HasIndex(d => new { d.AgencyId, d.AppointmentAt });
            e.HasOne(d => d.ResultFile).WithMany().HasForeignKey(d => d.ResultFileId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<DossierPause>(e =>
        {
            e.HasIndex(x => x.DossierId);
            e.Property(x => x.StepKey).HasMaxLength(100);
            e.Property(x => x.Reason).HasMaxLength(4000);
            e.HasOne<CounterSlip>().WithMany().HasForeignKey(x => x.SlipId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<DossierLetter>(e =>
        {
            e.HasIndex(x => x.DossierId);
            e.HasIndex(x => new { x.State, x.Kind });
            e.Property(x => x.Reason).HasMaxLength(4000);
            e.Property(x => x.DecisionNote).HasMaxLength(2000);
        });
        builder.Entity<IdempotentRequest>(e =>
        {
            e.HasKey(x => new { x.AgencyId, x.Key });
            e.Property(x => x.Key).HasMaxLength(100);
            e.Property(x => x.Action).HasMaxLength(64);
            e.Property(x => x.Response).HasColumnType("jsonb");
        });
        builder.Entity<OutboxMessage>(e =>
        {
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Type).HasMaxLength(64);
            e.Property(x => x.Payload).HasColumnType("jsonb");
            e.Property(x => x.LastError).HasMaxLength(4000);
            // The relay's claim query: unpublished rows due for an attempt, oldest first.
            e.HasIndex(x => new { x.PublishedAt, x.NextAttemptAt, x.Id }).HasFilter("published_at IS NULL");
            e.HasIndex(x => x.PublishedAt).HasFilter("published_at IS NOT NULL");
        });
        builder.Entity<InboxMessage>(e =>
        {
            e.HasKey(x => new { x.Consumer, x.MessageId });
            e.Property(x => x.Consumer).HasMaxLength(100);
        });
        builder.Entity<KpiDossierFact>(e =>
        {
            e.HasKey(x => x.DossierId);
            e.Property(x => x.ProcedureCode).HasMaxLength(32);
            e.Ignore(x => x.Deadline);
            // The KPI table's parts read their rows by these instants (KpiCounts.QueryAsync), the largest ones from the
            // index alone (what they count is included); the dossiers in progress at an instant through a GiST index on
            // an expression, created in migration ReadPaths.
            e.HasIndex(x => new { x.AgencyId, x.ReceivedAt }).IncludeProperties(x => new
            {
                x.Channel, x.Fee, x.PaidOnline, x.TransfersElectronic, x.TransfersPaper, x.ApologyLetters, x.DigitisedDocuments, x.ReusedDocuments,
            });
            e.HasIndex(x => new { x.AgencyId, x.ResultReadyAt })
                .IncludeProperties(x => new { x.ReceivedAt, x.OriginalAppointmentAt, x.AppointmentAt, x.ResultDigitisedAt });
            e.HasIndex(x => new { x.AgencyId, x.ClosedAt });
            e.HasIndex(x => new { x.AgencyId, x.RatedAt }).IncludeProperties(x => new { x.Rating });
            e.HasIndex(x => x.UnitIds).HasMethod("gin");
        });
        builder.Entity<KpiStepCompletion>(e =>
        {
            e.HasKey(x => new { x.DossierId, x.Version });
            e.Property(x => x.ProcedureCode).HasMaxLength(32);
            e.Property(x => x.StepKey).HasMaxLength(100);
            // The officers' table of the KPI report counts a month's completions from the index alone.
            e.HasIndex(x => new { x.AgencyId, x.CompletedAt }).IncludeProperties(x => new { x.OfficerId, x.OnTime });
        });
        builder.Entity<KpiPendingEvent>(e =>
        {
            e.HasKey(x => new { x.DossierId, x.Version });
            e.Property(x => x.Payload).HasColumnType("jsonb");
        });
        builder.Entity<DossierDocument>(e =>
        {
            e.Property(x => x.DocumentKey).HasMaxLength(100);
            e.Property(x => x.Name).HasMaxLength(500);
            e.HasOne(x => x.File).WithMany().HasForeignKey(x => x.FileId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<DossierDocument>().WithMany().HasForeignKey(x => x.ReusedFromDocumentId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<StoredFile>(e =>
        {
            e.HasIndex(f => f.Sha256);
            e.Property(f => f.Sha256).HasMaxLength(64);
            e.Property(f => f.ContentType).HasMaxLength(100);
            e.Property(f => f.FileName).HasMaxLength(255);
        });
        builder.Entity<DossierStep>(e =>
        {
            e.HasIndex(x => new { x.DossierId, x.Sequence }).IsUnique();
            e.HasIndex(x => new { x.AssigneeId, x.CompletedAt, x.DueAt });
            e.HasIndex(x => new { x.UnitId, x.CompletedAt, x.DueAt });
            // The agency's overdue and due-soon list: open steps in due order (most steps of a large register are closed).
            e.HasIndex(x => x.DueAt).HasFilter("completed_at IS NULL");
            // An officer's inbox: their open steps in due order, without walking everyone's (ReadPaths).
            e.HasIndex(x => new { x.AssigneeId, x.DueAt }).HasFilter("completed_at IS NULL");
            e.Property(x => x.StepKey).HasMaxLength(100);
            e.Property(x => x.Name).HasMaxLength(300);
            e.Property(x => x.UnitFunction).HasMaxLength(64);
        });
        builder.Entity<AuditEntry>(e =>
        {
            e.HasIndex(x => new { x.DossierId, x.Id });
            e.Property(x => x.Action).HasMaxLength(64);
            e.Property(x => x.Reason).HasMaxLength(4000);
            e.Property(x => x.StepKey).HasMaxLength(100);
            e.HasOne<Dossier>().WithMany().HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Counter>(e =>
        {
            e.HasKey(c => new { c.AgencyId, c.Scope });
            e.Property(c => c.Scope).HasMaxLength(32);
        });
        builder.Entity<CounterSlip>(e =>
        {
            e.HasIndex(x => new { x.AgencyId, x.Kind, x.Number });
            e.HasIndex(x => x.DossierId);
            e.HasOne<Dossier>().WithMany().HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.ProcedureCode).HasMaxLength(32);
            e.Property(x => x.ProcedureName).HasMaxLength(500);
            e.Property(x => x.Reason).HasMaxLength(4000);
            e.OwnsOne(x => x.Applicant, PersonColumns);
            e.OwnsMany(x => x.Items, i => i.ToJson());
        });

        builder.Entity<Notification>(e =>
        {
            // Nobody is told the same thing twice, whichever instance runs the watch.
            e.HasIndex(x => new { x.StepId, x.OfficerId, x.Kind }).IsUnique();
            e.HasIndex(x => new { x.OfficerId, x.ReadAt });
            e.Property(x => x.Message).HasMaxLength(1000);
            e.HasOne<DossierStep>().WithMany().HasForeignKey(x => x.StepId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<ProcedureVersion>(e =>
        {
            e.HasIndex(p => new { p.Code, p.Version }).IsUnique();
            e.Property(p => p.Code).HasMaxLength(32);
            e.Property(p => p.Name).HasMaxLength(500);
            e.Property(p => p.Field).HasMaxLength(200);
            e.Property(p => p.ContentHash).HasMaxLength(64);
            e.Property(p => p.FileName).HasMaxLength(200);
        });
    }

    private static void PersonColumns<T>(OwnedNavigationBuilder<T, Person> person) where T : class
    {
        person.Property(p => p.FullName).HasMaxLength(200);
        person.Property(p => p.IdNumber).HasMaxLength(20);
        person.Property(p => p.Phone).HasMaxLength(20);
        person.Property(p => p.Email).HasMaxLength(200);
        person.Property(p => p.Address).HasMaxLength(500);
        person.HasIndex(p => p.IdNumber);
    }
}
