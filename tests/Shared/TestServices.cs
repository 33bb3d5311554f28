using Microsoft.Extensions.Logging;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OneStop.Web.Data;
using OneStop.Web.Infrastructure;

namespace OneStop.Testing;

/// <summary>The real PostgreSQL and RabbitMQ that deploy/test.sh starts (ports from its environment).</summary>
public static class TestServices
{
    public static string PostgresBase =>
        Environment.GetEnvironmentVariable("ONESTOP_TEST_PG") ?? "Host=127.0.0.1;Port=55433;Username=postgres";

    public static int AmqpPort =>
        int.Parse(Environment.GetEnvironmentVariable("ONESTOP_TEST_AMQP_PORT") ?? "5673", CultureInfo.InvariantCulture);

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string WorkflowsPath => Path.Combine(RepoRoot, "workflows");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OneStop.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("OneStop.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A fresh database per fixture, migrated by the real migrations, dropped afterwards.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string name) => Name = name;

    public string Name { get; }

    public string ConnectionString => $"{TestServices.PostgresBase};Database={Name}";

    public static async Task<TestDatabase> CreateAsync(string prefix)
    {
        var database = new TestDatabase($"t_{prefix.ToLowerInvariant()}_{Guid.NewGuid():N}"[..40]);
        await using var db = database.Context();
        await db.Database.MigrateAsync();
        return database;
    }

    public OneStopDbContext Context() => OneStopDbContext.Create(ConnectionString);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection($"{TestServices.PostgresBase};Database=postgres");
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// The real host against a test database; optionally on Kestrel for the browser. The worker role (outbox relay,
/// consumers) runs only when a test asks for it; exchanges and queues carry the database name, so test apps
/// sharing the broker never consume each other's events.
/// </summary>
public sealed class OneStopApp(TestDatabase database, bool kestrel = false, TimeProvider? clock = null, bool worker = false,
    int? amqpPort = null, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    public const string DemoPassword = "Demo-Pass-2026";

    public TestDatabase Database => database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:OneStop", database.ConnectionString);
        builder.UseSetting("RabbitMq:Port", (amqpPort ?? TestServices.AmqpPort).ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("RabbitMq:Prefix", database.Name + ".");
        builder.UseSetting("OneStop:Worker:Enabled", worker ? "true" : "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("OneStop:WorkflowsPath", TestServices.WorkflowsPath);
        // Server-side errors show up in the test's output, next to the failing assertion.
        builder.ConfigureLogging(logging => logging.AddProvider(new ProgressLoggerProvider()));
        // Background passes would race with the tests' own clock and data; tests run the watch explicitly.
        builder.UseSetting("OneStop:Overdue:Enabled", "false");
        if (clock is not null)
        {
            builder.ConfigureServices(services => services.AddSingleton(clock));
        }
        if (kestrel)
        {
            UseKestrel(0);
        }
    }

    /// <summary>Roles, catalogue and the demo organisation, exactly as <c>onestop seed --demo</c> loads them.</summary>
    public async Task SeedDemoAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Seeder>().RunAsync(demo: true, DemoPassword);
    }
}

/// <summary>Writes the app's errors to NUnit's progress output and to server-errors.log next to the tests, so a 500 shows its exception.</summary>
internal sealed class ProgressLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new ProgressLogger(categoryName);

    public void Dispose()
    {
    }

    private sealed class ProgressLogger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                var line = $"[{logLevel}] {category}: {formatter(state, exception)}\n{exception}\n";
                TestContext.Progress.WriteLine(line);
                File.AppendAllText(Path.Combine(AppContext.BaseDirectory, "server-errors.log"), line);
            }
        }
    }
}
