using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Npgsql;
using OneStop.Web.Data;
using OneStop.Web.Infrastructure;

namespace OneStop.Migrations;

// The migrator: the web app never migrates itself (ARCHITECTURE.md §1).
//   migrate  applies pending migrations (creates the database if it does not exist)
//   script   prints an idempotent SQL script of every migration, for a DBA to review and apply
internal static class Migrator
{
    public static async Task<int> Main(string[] args)
    {
        var command = args.FirstOrDefault();
        if (command is not ("migrate" or "script"))
        {
            await Console.Error.WriteLineAsync("Cách dùng: OneStop.Migrations migrate | script   (chuỗi kết nối: ConnectionStrings__OneStop)");
            return 2;
        }

        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args.Skip(1).ToArray()).Build();
        var connectionString = configuration.GetConnectionString("OneStop");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await Console.Error.WriteLineAsync("Chưa cấu hình ConnectionStrings__OneStop.");
            return 2;
        }

        await using var db = OneStopDbContext.Create(connectionString);
        if (command == "script")
        {
            Console.WriteLine(db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent));
            return 0;
        }

        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
            await db.Database.MigrateAsync();
            Console.WriteLine(pending.Count == 0
                ? "Cơ sở dữ liệu đã ở phiên bản mới nhất."
                : $"Đã áp dụng {pending.Count} migration: {string.Join(", ", pending)}");
            return 0;
        }
        catch (NpgsqlException e)
        {
            await Console.Error.WriteLineAsync($"Không kết nối được PostgreSQL ({new NpgsqlConnectionStringBuilder(connectionString).Host}): {e.Message}");
            return 1;
        }
    }
}
