using System.ComponentModel.DataAnnotations;

namespace OneStop.Web.Infrastructure;

/// <summary>Section "OneStop".</summary>
public sealed class OneStopOptions
{
    public const string Section = "OneStop";

    /// <summary>Folder with procedure definitions and calendar files; found by walking up when empty.</summary>
    public string? WorkflowsPath { get; set; }

    /// <summary>Public base URL printed in QR codes on receipts (the citizen lookup page lives under it).</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Server secret for lookup PIN hashes (HMAC). Set a long random value in production.</summary>
    [Required, MinLength(16)]
    public string LookupPinKey { get; set; } = "onestop-development-lookup-pin-key";

    /// <summary>What this process does (ARCHITECTURE §4): "all" (default), "web" (pages + API) or "worker" (relay, consumers, overdue watch).</summary>
    [Required, RegularExpression("^(all|web|worker)$", ErrorMessage = "OneStop:Role phải là all, web hoặc worker.")]
    public string Role { get; set; } = "all";

    public static string RoleOf(IConfiguration configuration) => configuration[$"{Section}:{nameof(Role)}"] ?? "all";
}

/// <summary>Section "RabbitMq".</summary>
public sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";

    [Required]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    public string VirtualHost { get; set; } = "/";

    [Required]
    public string Username { get; set; } = "guest";

    [Required]
    public string Password { get; set; } = "guest";

    /// <summary>Put before every exchange and queue name: environments (or test databases) sharing a broker stay apart.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>Declare queues as quorum queues (Raft-replicated): set on a RabbitMQ cluster.</summary>
    public bool QuorumQueues { get; set; }
}
