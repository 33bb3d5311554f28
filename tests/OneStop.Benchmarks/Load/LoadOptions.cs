namespace OneStop.Benchmarks.Load;

/// <summary>
/// What <see cref="LoadGenerator"/> does: <paramref name="Clients"/> virtual clients spread round-robin over
/// <paramref name="BaseUrls"/> (several web instances) take dossiers through their whole lifecycle for
/// <paramref name="Duration"/> or until <paramref name="MaxDossiers"/> dossiers were registered (then they finish the
/// dossiers they hold). With <paramref name="TolerateFaults"/>, connection errors, timeouts and 5xx are counted, backed
/// off and retried with the same Idempotency-Key, and never counted as acknowledged; without it they end the dossier.
/// </summary>
public sealed record LoadOptions(IReadOnlyList<Uri> BaseUrls, int Clients, TimeSpan Duration, int Seed = 1,
    bool TolerateFaults = false, int? MaxDossiers = null)
{
    /// <summary>The password of the demo users (seeded with <c>onestop seed --demo --password</c>).</summary>
    public string Password { get; init; } = "Demo-Pass-2026";

    /// <summary>Multi-step procedures the clients rotate over: plain, two approvals, liên thông with two partners, khai sinh.</summary>
    public IReadOnlyList<string> Procedures { get; init; } = ["2.000815", "1.001776", "LOCAL.ks-tt-bhyt", "1.001193"];

    /// <summary>Share of dossiers that go through a supplement request and receipt.</summary>
    public double SupplementShare { get; init; } = 0.1;

    /// <summary>Ends the run early, as <see cref="LoadOptions.Duration"/> does, with the result of what was done (a fault scenario stops the load once its last fault is over).</summary>
    public CancellationToken Stop { get; init; }

    /// <summary>Paces the workflow actions (all clients together) to this rate; null: as fast as the server answers.</summary>
    public double? TransitionsPerSecond { get; init; }

    /// <summary>One HTTP request longer than this is a timeout (a fault).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
