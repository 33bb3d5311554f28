using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OneStop.Web.Data;
using OneStop.Web.Infrastructure;

namespace OneStop.Migrations;

/// <summary>Used by <c>dotnet ef migrations add</c>; the connection only matters for commands that reach a database.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<OneStopDbContext>
{
    public OneStopDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__OneStop")
            ?? "Host=127.0.0.1;Port=55432;Database=onestop;Username=postgres";
        return OneStopDbContext.Create(connectionString);
    }
}
