using System.CommandLine;

namespace OneStop.Benchmarks.Scenarios;

/// <summary>
/// <c>onestop-bench faults</c> and <c>onestop-bench multi</c>: each starts its own PostgreSQL and RabbitMQ (on ports and
/// a node name of its own, data under --services-base, wiped at the start), runs the app as separate processes on
/// loopback, drives load, injects its faults, checks and prints the figures. Exit 0 only when every rule held.
/// Every process it started is stopped whatever happens.
/// </summary>
internal static class ScenarioCommands
{
    private static readonly Option<string> Base = new("--services-base")
    {
        Description = "Thư mục dữ liệu của PostgreSQL/RabbitMQ riêng của kịch bản (bị xóa khi bắt đầu).",
        DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "onestop-scenarios"),
    };
    private static readonly Option<int> PgPort = new("--pg-port") { Description = "Cổng PostgreSQL riêng.", DefaultValueFactory = _ => 55435 };
    private static readonly Option<int> AmqpPort = new("--amqp-port") { Description = "Cổng AMQP của RabbitMQ riêng.", DefaultValueFactory = _ => 5675 };
    private static readonly Option<string> Node = new("--node") { Description = "Tên nút RabbitMQ riêng.", DefaultValueFactory = _ => "onestop-faults@localhost" };
    private static readonly Option<int> Clients = new("--clients") { Description = "Số máy khách tạo tải đồng thời.", DefaultValueFactory = _ => 8 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Hạt giống ngẫu nhiên của tải.", DefaultValueFactory = _ => 7 };
    private static readonly Option<bool> NoFsync = new("--no-fsync") { Description = "PostgreSQL không fsync (nhanh hơn; mặc định: bền vững như khi vận hành)." };

    public static Command Faults()
    {
        var kills = new Option<int>("--kills") { Description = "Số lần giết ứng dụng bằng SIGKILL.", DefaultValueFactory = _ => 3 };
        var outage = new Option<int>("--outage") { Description = "Số giây dừng RabbitMQ.", DefaultValueFactory = _ => 60 };
        var gap = new Option<int>("--gap") { Description = "Số giây chạy bình thường giữa hai sự cố.", DefaultValueFactory = _ => 8 };
        var command = Create("faults", "Kịch bản sự cố dưới tải: giết ứng dụng, dừng RabbitMQ, khởi động lại PostgreSQL; rồi kiểm tra không mất, không trùng.",
            kills, outage, gap);
        command.SetAction((parse, ct) => new FaultsScenario(Settings(parse), parse.GetValue(Clients), parse.GetValue(Seed), parse.GetValue(kills),
            TimeSpan.FromSeconds(parse.GetValue(outage)), TimeSpan.FromSeconds(parse.GetValue(gap))).RunAsync(Console.Out, ct));
        return command;
    }

    public static Command Multi()
    {
        var duration = new Option<int>("--duration") { Description = "Số giây tạo tải.", DefaultValueFactory = _ => 60 };
        var command = Create("multi", "Hai tiến trình web và hai worker trên cùng PostgreSQL/RabbitMQ, giết một worker giữa chừng; rồi kiểm tra KPI, mã hồ sơ, thông báo.",
            duration);
        command.SetAction((parse, ct) => new MultiScenario(Settings(parse), parse.GetValue(Clients), parse.GetValue(Seed),
            TimeSpan.FromSeconds(parse.GetValue(duration))).RunAsync(Console.Out, ct));
        return command;
    }

    private static Command Create(string name, string description, params Option[] own)
    {
        var command = new Command(name, description);
        foreach (var o in new Option[] { Base, PgPort, AmqpPort, Node, Clients, Seed, NoFsync }.Concat(own))
        {
            command.Options.Add(o);
        }
        return command;
    }

    private static ScenarioSettings Settings(ParseResult parse) => new(ScenarioSettings.FindRepo(), Path.GetFullPath(parse.GetValue(Base)!),
        parse.GetValue(PgPort), parse.GetValue(AmqpPort), parse.GetValue(Node)!, Durable: !parse.GetValue(NoFsync));
}
