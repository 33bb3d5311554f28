using System.Text.Encodings.Web;
using System.Text.Unicode;
using MassTransit;
using Microsoft.Extensions.WebEncoders;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Microsoft.Extensions.Options;
using OneStop.Web.Data;
using OneStop.Web.Features.Account;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Features.Catalogue;
using OneStop.Web.Features.Digitisation;
using OneStop.Web.Features.Events;
using OneStop.Web.Features.Kpi;
using OneStop.Web.Features.Lookup;
using OneStop.Web.Features.Overdue;
using OneStop.Web.Features.Processing;
using OneStop.Web.Features.Reports;
using OneStop.Web.Features.Returns;
using OneStop.Workflows;
using OneStop.Workflows.Calendar;
using OneStop.Workflows.Definitions;
using Scalar.AspNetCore;

namespace OneStop.Web.Infrastructure;

public static class HostingExtensions
{
    public const string MigrationsAssembly = "OneStop.Migrations";
    private const string AuthScheme = "OneStop";

    /// <summary>Everything the host registers; Program.cs stays a list of calls.</summary>
    public static WebApplicationBuilder AddOneStop(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddTimeProvider();

        services.AddOptions<OneStopOptions>().BindConfiguration(OneStopOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (OneStopOptions.RoleOf(builder.Configuration) == "web")
        {
            // A web-only instance leaves the relay, the consumers and the overdue watch to the workers.
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{WorkerOptions.Section}:{nameof(WorkerOptions.Enabled)}"] = "false",
                [$"{OverdueOptions.Section}:{nameof(OverdueOptions.Enabled)}"] = "false",
            });
        }
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var worker = builder.Configuration.GetSection(WorkerOptions.Section).Get<WorkerOptions>() ?? new WorkerOptions();
        // The outbox relay polls several times a second: EF's per-command log lines would drown everything else.
        // URLs can hold a citizen's CCCD (/api/citizens/{idNumber}/documents): the request, routing and static-file
        // logs that print them stay at Warning. Defaults only; Logging__LogLevel__<category> overrides them.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Warning",
                ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Warning",
                ["Logging:LogLevel:Microsoft.AspNetCore.Routing"] = "Warning",
                ["Logging:LogLevel:Microsoft.AspNetCore.StaticFiles"] = "Warning",
            },
        });
        var prefix = builder.Configuration[$"{RabbitMqOptions.Section}:{nameof(RabbitMqOptions.Prefix)}"] ?? "";

        services.AddOneStopDatabase(builder.Configuration);
        services.AddWorkflowFiles(builder.Configuration);

        services.AddIdentity<Officer, IdentityRole<Guid>>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<OneStopDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<OfficerClaimsFactory>();
        // Pages sign in with a cookie, scripts with a bearer token; one policy scheme picks by the request.
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = AuthScheme;
                o.DefaultAuthenticateScheme = AuthScheme;
                o.DefaultChallengeScheme = AuthScheme;
                o.DefaultForbidScheme = AuthScheme;
            })
            .AddPolicyScheme(AuthScheme, "Cookie hoặc bearer token", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromHours(8));
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "onestop.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/";
            o.AccessDeniedPath = "/access-denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(9);
            o.SlidingExpiration = true;
            // Programs get status codes, not a redirect to the sign-in page.
            o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
        });
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);  // the default never marks it Secure
        services.AddAuthorization();
        services.AddDataProtection().SetApplicationName("OneStop").PersistKeysToDbContext<OneStopDbContext>();

        // Vietnamese text stays readable in the page source (the default encoder escapes everything beyond ASCII).
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Account/SignIn");
            o.Conventions.AllowAnonymousToFolder("/Catalogue");
            o.Conventions.AllowAnonymousToPage("/Shared/Error");
        });
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var status = ctx.ProblemDetails.Status ?? ctx.HttpContext.Response.StatusCode;
            if (ctx.ProblemDetails.Type is null || !ctx.ProblemDetails.Type.StartsWith(Problems.TypePrefix, StringComparison.Ordinal))
            {
                ctx.ProblemDetails.Title = Problems.TitleFor(status);
                ctx.ProblemDetails.Type = Problems.TypePrefix + Problems.TypeFor(status);
            }
        });
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new RequestText.JsonConverter()));
        services.AddOpenApi();
        services.AddScoped<Seeder>();
        services.AddSingleton<Features.Reception.LookupPin>();
        services.AddSingleton<Features.Reception.AgencyCalendars>();
        services.AddScoped<Features.Reception.RegisterDossierHandler>();
        services.AddScoped<Features.Reception.SlipService>();
        services.AddScoped<Features.Reception.IntakeDecisions>();
        services.AddSingleton<Documents.FormRenderer>();
        services.AddLookup();
        services.AddReturns();
        services.AddProcessing();
        services.AddOverdue();
        services.AddReports();
        services.AddDigitisation();
        services.AddKpi();

        services.AddHealthChecks().AddDbContextCheck<OneStopDbContext>("postgresql", tags: ["ready"]);
        services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            // MassTransit would otherwise report usage to usage-tracking.masstransit.io: a government system does not
            // call out to third parties, and the failed call was a logged warning at every start.
            x.DisableUsageTelemetry();
            if (worker.Enabled)
            {
                // Competing consumers: every worker instance reads the same queue. Transient failures (a serialisation
                // conflict, the database restarting) are retried; what still fails goes to "<queue>_error" and is logged.
                x.AddConsumer<KpiProjector>(c => c.Options<BatchOptions>(o => o
                        .SetMessageLimit(KpiProjector.BatchSize).SetTimeLimit(KpiProjector.BatchWait)))
                    .Endpoint(e => e.Name = prefix + KpiProjector.Name);
                var quorum = builder.Configuration.GetValue<bool>($"{RabbitMqOptions.Section}:{nameof(RabbitMqOptions.QuorumQueues)}");
                x.AddConfigureEndpointsCallback((_, _, endpoint) =>
                {
                    endpoint.UseMessageRetry(r => r.Intervals(100, 500, 1000, 5000, 15000));
                    if (quorum && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                    {
                        rabbit.SetQuorumQueue();
                    }
                });
            }
            x.UsingRabbitMq((context, cfg) =>
            {
                var rabbit = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                cfg.Host(rabbit.Host, (ushort)rabbit.Port, rabbit.VirtualHost, h =>
                {
                    h.Username(rabbit.Username);
                    h.Password(rabbit.Password);
                    // The outbox relay stamps a row published only once the broker has confirmed it (on by default in MassTransit 8; explicit here).
                    h.PublisherConfirmation = true;
                });
                if (prefix.Length > 0)
                {
                    // Exchanges too, so environments (or test databases) sharing a broker never see each other's events.
                    cfg.MessageTopology.SetEntityNameFormatter(new PrefixEntityNameFormatter(cfg.MessageTopology.EntityNameFormatter, prefix));
                }
                cfg.ConfigureEndpoints(context);
            });
        });
        if (worker.Enabled)
        {
            services.AddHostedService<OutboxRelay>();
        }
        return builder;
    }

    /// <summary>The DbContext as the web app, the migrator, the CLI and the tests all configure it.</summary>
    public static IServiceCollection AddOneStopDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("OneStop");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "Chưa cấu hình chuỗi kết nối cơ sở dữ liệu: đặt ConnectionStrings__OneStop (ví dụ Host=127.0.0.1;Port=55432;Database=onestop;Username=postgres).");
        }
        services.AddDbContextPool<OneStopDbContext>(o => o.UseOneStopNpgsql(WithDefaults(connectionString)));
        return services;
    }

    /// <summary>
    /// The connection settings the app's load needs, unless the connection string says otherwise:
    /// <list type="bullet">
    /// <item>six connections per core instead of Npgsql's 100: past that, requests queue for a connection instead of
    /// crowding PostgreSQL and the thread pool, and a transaction holding a lock (the registration counters) is not
    /// starved by dozens of others (64 clients on 2 cores: 6 → 30, 12 → 36, 24 → 24, 100 → 18 transitions/s);</item>
    /// <item>statements prepared on each connection once used twice (<c>Max Auto Prepare</c>): parsing, analysing and
    /// planning the same few dozen statements again on every call was 40 % of PostgreSQL's CPU under load.</item>
    /// </list>
    /// tests/OneStop.Benchmarks/README.md has the measurements.
    /// </summary>
    public static string WithDefaults(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var built = new NpgsqlConnectionStringBuilder(connectionString);
        if (!new[] { "Maximum Pool Size", "MaxPoolSize" }.Any(given.ContainsKey))
        {
            built.MaxPoolSize = Environment.ProcessorCount * 6;
        }
        if (!new[] { "Max Auto Prepare", "MaxAutoPrepare" }.Any(given.ContainsKey))
        {
            built.MaxAutoPrepare = 64;
            built.AutoPrepareMinUsages = 2;
        }
        return built.ConnectionString;
    }

    /// <summary>
    /// Loads and validates the procedure catalogue and the calendar files once, at start-up. A broken file stops the
    /// process with <c>file:line: message</c> lines (<see cref="InvalidWorkflowFilesException"/>), never a half-working app.
    /// </summary>
    public static IServiceCollection AddWorkflowFiles(this IServiceCollection services, IConfiguration configuration)
    {
        var folder = WorkflowsFolder.Locate(configuration[$"{OneStopOptions.Section}:{nameof(OneStopOptions.WorkflowsPath)}"]);
        if (folder is null || !Directory.Exists(folder))
        {
            throw new InvalidWorkflowFilesException([
                $"Không tìm thấy thư mục workflows: đặt OneStop__WorkflowsPath hoặc {WorkflowsFolder.EnvironmentVariable}."]);
        }
        var catalog = DefinitionCatalog.Load(folder);
        if (!catalog.IsValid)
        {
            throw new InvalidWorkflowFilesException(catalog.Problems.Select(p => p.ToString()));
        }
        CalendarDecisions decisions;
        try
        {
            decisions = CalendarDecisions.Load(Path.Combine(folder, "calendar"));
        }
        catch (CalendarFileException e)
        {
            throw new InvalidWorkflowFilesException(e.Problems.Select(p => p.ToString()));
        }
        services.AddSingleton(catalog);
        services.AddSingleton(decisions);
        services.AddSingleton(new WorkingCalendar(OfficeHours.Default, decisions));
        return services;
    }

    public static DbContextOptionsBuilder UseOneStopNpgsql(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, n => n.MigrationsAssembly(MigrationsAssembly)).UseSnakeCaseNamingConvention();

    public static IServiceCollection TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
        return services;
    }

    public static WebApplication UseOneStop(this WebApplication app)
    {
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(ctx => !IsApi(ctx), pages => pages.UseExceptionHandler("/error"));
        app.Use(SecurityHeaders);
        app.Use(RequestText.GuardAsync);
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        if (OneStopOptions.RoleOf(app.Configuration) != "worker")
        {
            app.MapRazorPages();
            app.MapOpenApi();
            app.MapScalarApiReference(o => o.WithTitle("OneStop API"));
        }
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }

    private static bool IsApi(HttpContext ctx) => ctx.Request.Path.StartsWithSegments("/api");

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (IsApi(ctx.HttpContext))
        {
            ctx.Response.StatusCode = status;
        }
        else
        {
            ctx.Response.Redirect(ctx.RedirectUri);
        }
        return Task.CompletedTask;
    }

    private static Task SecurityHeaders(HttpContext ctx, Func<Task> next)
    {
        var headers = ctx.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "SAMEORIGIN";  // the receipt PDF is previewed in a frame of our own page
        headers["Referrer-Policy"] = "no-referrer";
        // The API reference page runs its own inline bootstrap script; everything else gets a strict policy.
        // 'wasm-unsafe-eval' lets our own scripts compile WebAssembly (the procedure diagram, Graphviz); it allows no eval.
        if (!ctx.Request.Path.StartsWithSegments("/scalar"))
        {
            headers.ContentSecurityPolicy =
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self' 'wasm-unsafe-eval'; frame-ancestors 'self'; form-action 'self'; base-uri 'self'";
        }
        return next();
    }
}

/// <summary>Workflow or calendar files that do not validate; each line is <c>file:line: message</c>.</summary>
public sealed class InvalidWorkflowFilesException(IEnumerable<string> problems)
    : Exception("Tệp định nghĩa quy trình hoặc lịch không hợp lệ.")
{
    public IReadOnlyList<string> Problems { get; } = [.. problems];

    /// <summary>An operator fixes a file, not a stack trace: one <c>file:line: message</c> per line.</summary>
    public async Task PrintAsync(TextWriter writer)
    {
        foreach (var problem in Problems)
        {
            await writer.WriteLineAsync(problem);
        }
    }
}
