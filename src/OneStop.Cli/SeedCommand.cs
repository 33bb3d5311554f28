using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OneStop.Web.Infrastructure;

namespace OneStop.Cli;

/// <summary><c>onestop seed [--demo] [--password P]</c>: roles and catalogue always; the demo organisation when asked.</summary>
internal static class SeedCommand
{
    public static Command Create()
    {
        var demo = new Option<bool>("--demo") { Description = "Nạp thêm tổ chức mẫu UBND xã Nguyên Giáp và tài khoản mẫu." };
        var password = new Option<string?>("--password") { Description = "Mật khẩu cho tài khoản mẫu (mặc định: ONESTOP_DEMO_PASSWORD, hoặc sinh ngẫu nhiên)." };
        var command = new Command("seed", "Nạp danh mục thủ tục, vai trò và (tùy chọn) tổ chức mẫu vào cơ sở dữ liệu.");
        command.Options.Add(demo);
        command.Options.Add(password);
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(demo),
            parse.GetValue(password) ?? NullIfEmpty(Environment.GetEnvironmentVariable("ONESTOP_DEMO_PASSWORD")), ct));
        return command;
    }

    private static async Task<int> RunAsync(bool demo, string? password, CancellationToken ct)
    {
        // The same registrations as the web host; nothing is started, only the services are used.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        try
        {
            builder.AddOneStop();
        }
        catch (InvalidWorkflowFilesException e)
        {
            await e.PrintAsync(Console.Error);
            return 1;
        }
        await using var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();
        try
        {
            var result = await scope.ServiceProvider.GetRequiredService<Seeder>().RunAsync(demo, password, ct);
            Console.WriteLine(result.Summary);
            if (result.DemoPassword is not null)
            {
                Console.WriteLine($"Mật khẩu tài khoản mẫu: {result.DemoPassword}");
            }
            return 0;
        }
        catch (NpgsqlException e)
        {
            await Console.Error.WriteLineAsync($"Không kết nối được PostgreSQL: {e.Message}");
            return 1;
        }
        catch (SeedException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
