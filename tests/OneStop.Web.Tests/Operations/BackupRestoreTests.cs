using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OneStop.Testing;

namespace OneStop.Web.Tests.Operations;

/// <summary>deploy/backup.sh and deploy/restore.sh against the real PostgreSQL: a restored copy has every dossier and file.</summary>
public sealed class BackupRestoreTests
{
    private static async Task<(int Code, string Output)> BashAsync(string script, IReadOnlyDictionary<string, string> env, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestServices.RepoRoot };
        start.ArgumentList.Add(Path.Combine(TestServices.RepoRoot, "deploy", script));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        foreach (var (k, v) in env)
        {
            start.Environment[k] = v;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    [Test]
    public async Task A_backup_restores_into_a_new_database_with_every_dossier_and_file_and_never_over_an_existing_one()
    {
        await using var source = await TestDatabase.CreateAsync("backup");
        await using (var app = new OneStopApp(source))
        {
            await app.SeedDemoAsync();
            for (var i = 0; i < 3; i++)
            {
                await TestDossiers.CreateAsync(app.Services, DossierStatus.InProgress, ownerName: $"Chủ hồ sơ sao lưu {i}");
            }
        }
        var work = Directory.CreateTempSubdirectory("onestop-backup-");
        var files = Directory.CreateDirectory(Path.Combine(work.FullName, "files", "ab"));
        await File.WriteAllTextAsync(Path.Combine(files.FullName, "scan.pdf"), "bản quét – nội dung");
        var pg = new NpgsqlConnectionStringBuilder(TestServices.PostgresBase);
        var restoredName = source.Name + "_r";
        var env = new Dictionary<string, string>
        {
            ["PG_HOST"] = pg.Host!, ["PG_PORT"] = pg.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PG_USER"] = pg.Username ?? "postgres", ["PG_DATABASE"] = source.Name, ["FILES_DIR"] = Path.Combine(work.FullName, "files"),
        };
        try
        {
            var backup = await BashAsync("backup.sh", env, Path.Combine(work.FullName, "backup"));
            Assert.That(backup.Code, Is.Zero, backup.Output);

            var restoreEnv = new Dictionary<string, string>(env) { ["PG_DATABASE"] = restoredName, ["FILES_DIR"] = Path.Combine(work.FullName, "restored") };
            var restore = await BashAsync("restore.sh", restoreEnv, Path.Combine(work.FullName, "backup"));
            var again = await BashAsync("restore.sh", restoreEnv, Path.Combine(work.FullName, "backup"));

            Assert.That(restore.Code, Is.Zero, restore.Output);
            await using var original = source.Context();
            await using var copy = OneStop.Web.Data.OneStopDbContext.Create($"{TestServices.PostgresBase};Database={restoredName}");
            Assert.That(await copy.Dossiers.OrderBy(d => d.Code).Select(d => d.Code).ToListAsync(),
                Is.EqualTo(await original.Dossiers.OrderBy(d => d.Code).Select(d => d.Code).ToListAsync()).And.Count.EqualTo(3));
            Assert.That(await File.ReadAllTextAsync(Path.Combine(work.FullName, "restored", "ab", "scan.pdf")), Is.EqualTo("bản quét – nội dung"));
            Assert.That(again.Code, Is.Not.Zero);
            Assert.That(again.Output, Does.Contain("already exists"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection($"{TestServices.PostgresBase};Database=postgres");
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{restoredName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            work.Delete(recursive: true);
        }
    }
}
