using System.Globalization;
using Npgsql;

namespace OneStop.Benchmarks.Scenarios;

/// <summary>
/// Where a scenario runs: its own PostgreSQL and RabbitMQ (deploy/services.sh with a base folder, ports and node
/// name of its own, so stopping the broker never disturbs the test suite's or anybody else's), and the built programs
/// next to this binary (OneStop.Web.dll, onestop.dll, OneStop.Migrations.dll).
/// </summary>
internal sealed record ScenarioSettings(string Repo, string Base, int PgPort, int AmqpPort, string Node, bool Durable)
{
    public const string Database = "onestop";
    public const string DemoPassword = "Scenario-Pass-2026";

    public string ConnectionString => $"Host=127.0.0.1;Port={PgPort};Database={Database};Username=postgres";
    public static string BinDir => AppContext.BaseDirectory;
    public string Workflows => Path.Combine(Repo, "workflows");
    public string Logs => Path.Combine(Base, "logs");

    /// <summary>The repository (deploy scripts, workflows): walks up from this binary to OneStop.sln.</summary>
    public static string FindRepo()
    {
        for (var dir = new DirectoryInfo(BinDir); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OneStop.sln")))
            {
                return dir.FullName;
            }
        }
        throw new ScenarioException("OneStop.sln not found above " + BinDir);
    }

    /// <summary>What the app, the migrator and the CLI read (ASP.NET environment-variable form), as deploy/run.sh sets it.</summary>
    public Dictionary<string, string> AppEnvironment() => new()
    {
        ["ConnectionStrings__OneStop"] = ConnectionString,
        ["RabbitMq__Host"] = "127.0.0.1",
        ["RabbitMq__Port"] = AmqpPort.ToString(CultureInfo.InvariantCulture),
        ["RabbitMq__Username"] = "guest",
        ["RabbitMq__Password"] = "guest",
        ["ONESTOP_WORKFLOWS"] = Workflows,
        ["Storage__Path"] = Path.Combine(Base, "files"),
        ["ONESTOP_DEMO_PASSWORD"] = DemoPassword,
        ["DOTNET_NOLOGO"] = "1",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };
}

/// <summary>deploy/services.sh for one base folder, plus the faults it cannot inject itself: a broker outage and a database restart.</summary>
internal sealed class ScenarioServices(ScenarioSettings s, Action<string> log)
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Exactly the variables services.sh reads, so nothing inherited (e.g. deploy/test.sh's PG_PORT) points it at other services.</summary>
    private Dictionary<string, string> Env() => new()
    {
        ["SERVICES_BASE"] = s.Base,
        ["PG_PORT"] = s.PgPort.ToString(CultureInfo.InvariantCulture),
        ["AMQP_PORT"] = s.AmqpPort.ToString(CultureInfo.InvariantCulture),
        ["RMQ_NODENAME"] = s.Node,
        ["RMQ_DIST_PORT"] = (s.AmqpPort + 20000).ToString(CultureInfo.InvariantCulture),
        ["PG_DURABLE"] = s.Durable ? "1" : "0",
    };

    private Task<Shell.Result> ServicesAsync(string command) =>
        Shell.RunAsync("bash", [Path.Combine(s.Repo, "deploy", "services.sh"), command], Env(), ScriptTimeout, s.Repo);

    /// <summary>Fresh services: whatever an earlier run left in the base folder is deleted first (queues included).</summary>
    public async Task FreshAsync()
    {
        log($"services: fresh PostgreSQL 127.0.0.1:{s.PgPort} and RabbitMQ 127.0.0.1:{s.AmqpPort} ({s.Node}) in {s.Base}");
        (await ServicesAsync("purge")).OrThrow("services.sh purge");
        (await ServicesAsync("up")).OrThrow("services.sh up");
        Directory.CreateDirectory(s.Logs);
    }

    public async Task DownAsync() => log("services: " + (await ServicesAsync("down")).Output.Trim().Replace("\n", "; ", StringComparison.Ordinal));

    /// <summary>Stops the broker the way an operator does ('rabbitmqctl shutdown' waits until the VM has exited).</summary>
    public async Task StopBrokerAsync() =>
        (await RabbitCtlAsync("shutdown", "--timeout", "60")).OrThrow("rabbitmqctl shutdown");

    /// <summary>services.sh up leaves the running PostgreSQL alone and starts the broker again.</summary>
    public async Task StartBrokerAsync() => (await ServicesAsync("up")).OrThrow("services.sh up (broker)");

    /// <summary>
    /// pg_ctl restart -m fast as the postgres user (as services.sh runs it): sessions are cut, the server comes back
    /// with the options it had. Its output goes to the services' log: the postmaster must not hold our pipe open.
    /// </summary>
    public async Task RestartPostgresAsync() =>
        (await Shell.RunAsync("bash", ["-c", """
            set -eu
            d=$(readlink -f "$1/pg")/data
            bin=/usr/lib/postgresql/$(cat "$d/PG_VERSION")/bin
            cd /
            if [ "$(id -u)" = 0 ]; then run="runuser -u postgres --"; else run=""; fi
            $run "$bin/pg_ctl" -D "$d" -m fast -w -t 90 restart >>"$1/logs/postgres.log" 2>&1 </dev/null
            """, "restart-postgres", s.Base], null, ScriptTimeout)).OrThrow("pg_ctl restart");

    /// <summary>Queues of the broker with their ready + unacknowledged message counts.</summary>
    public async Task<IReadOnlyList<(string Name, long Messages)>> QueuesAsync()
    {
        var result = (await RabbitCtlAsync("list_queues", "name", "messages", "--no-table-headers")).OrThrow("rabbitmqctl list_queues");
        return [.. result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('\t'))
            .Where(p => p.Length == 2 && long.TryParse(p[1], CultureInfo.InvariantCulture, out _))
            .Select(p => (p[0], long.Parse(p[1], CultureInfo.InvariantCulture)))];
    }

    /// <summary>rabbitmqctl with the broker's own environment (HOME holds its Erlang cookie; see services.sh's gotchas).</summary>
    private Task<Shell.Result> RabbitCtlAsync(params string[] args) =>
        Shell.RunAsync("bash", ["-c", """. "$1/rabbit/env.sh" && shift && exec rabbitmqctl -q "$@" """, "rabbitmqctl", s.Base, .. args],
            null, ScriptTimeout);

    /// <summary>A fresh database: the migrator, then the catalogue and the demo organisation (what deploy/run.sh does).</summary>
    public async Task PrepareDatabaseAsync()
    {
        var env = s.AppEnvironment();
        (await Shell.RunAsync("dotnet", [Path.Combine(ScenarioSettings.BinDir, "OneStop.Migrations.dll"), "migrate"], env, ScriptTimeout))
            .OrThrow("OneStop.Migrations migrate");
        (await Cli("seed", "--demo")).OrThrow("onestop seed --demo");
        log("database: migrated and seeded (demo organisation)");
    }

    public Task<Shell.Result> Cli(params string[] args) =>
        Shell.RunAsync("dotnet", [Path.Combine(ScenarioSettings.BinDir, "onestop.dll"), .. args], s.AppEnvironment(), ScriptTimeout);

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new NpgsqlConnection(s.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }
}
