using MassTransit;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneStop.Web.Data;
using OneStop.Web.Features.Account;
using OneStop.Web.Features.Organisation;
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

        services.AddOneStopDatabase(builder.Configuration);

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
        services.AddAuthorization();
        services.AddDataProtection().SetApplicationName("OneStop").PersistKeysToDbContext<OneStopDbContext>();

        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Account/SignIn");
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
        services.AddOpenApi();
        services.AddScoped<Seeder>();

        services.AddHealthChecks().AddDbContextCheck<OneStopDbContext>("postgresql", tags: ["ready"]);
        services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            x.UsingRabbitMq((context, cfg) =>
            {
                var rabbit = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                cfg.Host(rabbit.Host, (ushort)rabbit.Port, rabbit.VirtualHost, h =>
                {
                    h.Username(rabbit.Username);
                    h.Password(rabbit.Password);
                });
                cfg.ConfigureEndpoints(context);
            });
        });
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
        services.AddDbContext<OneStopDbContext>(o => o.UseOneStopNpgsql(connectionString));
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
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapRazorPages();
        app.MapOpenApi();
        app.MapScalarApiReference(o => o.WithTitle("OneStop API"));
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
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        // The API reference page runs its own inline bootstrap script; everything else gets a strict policy.
        if (!ctx.Request.Path.StartsWithSegments("/scalar"))
        {
            headers.ContentSecurityPolicy =
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";
        }
        return next();
    }
}
