using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Features.Catalogue;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Infrastructure;

namespace OneStop.Web.Data;

public sealed class OneStopDbContext(DbContextOptions<OneStopDbContext> options)
    : IdentityDbContext<Officer, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
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
}
