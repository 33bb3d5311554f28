using System.Text.Json;
using System.Threading.RateLimiting;

namespace OneStop.Benchmarks.Load;

/// <summary>
/// One virtual client: registers a dossier at the desk, then for each step asks who holds it and acts as that officer
/// (If-Match + Idempotency-Key), with a supplement round on some dossiers and liên thông where the procedure has it,
/// up to the leader's approval; the desk returns the result and the citizen rates it through the public lookup.
/// </summary>
internal sealed class LoadClient(int number, ApiSession api, LoadOptions options, LoadMetrics metrics,
    IReadOnlyDictionary<string, string> userByFullName, IReadOnlyDictionary<string, ProcedureInfo> procedures, RateLimiter? pace)
{
    public const string Desk = "tiepnhan";
    public const string ActionPrefix = "POST /api/dossiers/{id}/actions/";
    /// <summary>Who else may be offered the action when the holder is not (desk for supplements, leaders, specialists).</summary>
    private static readonly string[] Officers = [Desk, "chuyenvien", "chuyenvien2", "lanhdao", "truongphong"];
    /// <summary>What an officer does, in order of preference, among the actions offered (never refuse, send back, withdraw).</summary>
    private static readonly string[] Preferred =
        ["receive-from-partner", "receive-supplement", "transfer-to-partner", "request-supplement", "approve", "complete-step", "assign"];
    private const int MaxMoves = 60;
    private readonly Random _random = new(HashCode.Combine(options.Seed, number));
    private int _sequence;

    /// <summary>Takes one dossier through its lifecycle; false when it had to be dropped (refusal, fault, stuck).</summary>
    public async Task<bool> RunDossierAsync(CancellationToken ct)
    {
        var procedure = procedures[options.Procedures[_random.Next(options.Procedures.Count)]];
        var owner = $"Người Thử {number}-{++_sequence}";
        var key = $"bench-{options.Seed}-{number}-{_sequence}-{Guid.NewGuid():N}";
        var registered = await api.SendAsync("POST /api/dossiers", Desk, HttpMethod.Post, "/api/dossiers", new
        {
            procedureCode = procedure.Code,
            owner = new { fullName = owner, idNumber = $"0381{_random.Next(0, 100_000_000):D8}", phone = "0912345678", address = "Thôn Đông Hưng, xã Nguyên Giáp" },
            documents = procedure.MandatoryDocuments.Select(d => new { key = d, originals = 1, certified = 0, photocopies = 0 }),
        }, ct, idempotencyKey: key);
        if (!registered.Ok)
        {
            return false;
        }
        var id = registered.Body.GetProperty("id").GetGuid();
        var code = registered.Body.GetProperty("code").GetString()!;
        var pin = registered.Body.GetProperty("lookupPin").GetString()!;
        metrics.Registered(new AcknowledgedDossier(id, code, procedure.Code, metrics.Now));

        var supplement = _random.NextDouble() < options.SupplementShare;
        var detail = await DetailAsync(id, ct);
        for (var move = 0; move < MaxMoves && detail is not null; move++)
        {
            var status = StatusOf(detail.Value);
            if (status == DossierStatus.Finished)
            {
                if (!await ReturnAsync(id, detail.Value, owner, ct))
                {
                    return false;
                }
                await RateAsync(code, pin, ct);
                metrics.Completed();
                return true;
            }
            if (status is DossierStatus.Returned or DossierStatus.Stopped or DossierStatus.Withdrawn or DossierStatus.NotAccepted)
            {
                return false;
            }
            var next = await ChooseAsync(id, detail.Value, supplement, ct);
            if (next is null)
            {
                return false;
            }
            var (user, action, etag) = next.Value;
            supplement &= action != "request-supplement";
            if (pace is not null)
            {
                using var lease = await pace.AcquireAsync(1, ct);
            }
            var reply = await api.SendAsync(ActionPrefix + action, user, HttpMethod.Post, $"/api/dossiers/{id}/actions/{action}",
                await BodyAsync(id, action, user, ct), ct, ifMatch: etag, idempotencyKey: Guid.NewGuid().ToString("N"));
            if (reply.Ok)
            {
                metrics.Transition(new AcknowledgedTransition(id, action, StatusOf(reply.Body), reply.Body.GetProperty("rowVersion").GetUInt32(), metrics.Now));
                detail = reply.Body;
            }
            else if (reply.Status == 409)
            {
                detail = await DetailAsync(id, ct);
            }
            else
            {
                return false;
            }
        }
        return false;
    }

    private async Task<JsonElement?> DetailAsync(Guid id, CancellationToken ct)
    {
        var reply = await api.GetAsync("GET /api/dossiers/{id}", Desk, $"/api/dossiers/{id}", ct);
        return reply.Ok ? reply.Body : null;
    }

    /// <summary>The holder of the open step first, then the other officers: the first who is offered something useful.</summary>
    private async Task<(string User, string Action, string? ETag)?> ChooseAsync(Guid id, JsonElement detail, bool supplement, CancellationToken ct)
    {
        var holder = OpenStep(detail) is { } step && step.TryGetProperty("assigneeName", out var name) && name.ValueKind == JsonValueKind.String
            && userByFullName.TryGetValue(name.GetString()!, out var user) ? user : null;
        foreach (var officer in new[] { holder }.Concat(Officers).OfType<string>().Distinct())
        {
            var reply = await api.GetAsync("GET /api/dossiers/{id}/actions", officer, $"/api/dossiers/{id}/actions", ct);
            if (!reply.Ok)
            {
                return null;
            }
            var offered = reply.Body.EnumerateArray().Select(a => a.GetProperty("action").GetString()!).ToHashSet();
            var action = Preferred.FirstOrDefault(a => offered.Contains(a) && (a != "request-supplement" || supplement));
            if (action is not null)
            {
                return (officer, action, reply.ETag);
            }
        }
        return null;
    }

    private async Task<object> BodyAsync(Guid id, string action, string user, CancellationToken ct)
    {
        switch (action)
        {
            case "request-supplement":
                return new { reason = "Thiếu giấy tờ chứng minh", items = new[] { new { name = "Giấy xác nhận cư trú", originals = 1, certified = 0, photocopies = 0 } } };
            case "transfer-to-partner" or "receive-from-partner":
                return new { mode = "Electronic" };
            case "assign":
                var candidates = await api.GetAsync("GET /api/dossiers/{id}/candidates", user, $"/api/dossiers/{id}/candidates", ct);
                var first = candidates.Ok ? candidates.Body.EnumerateArray().FirstOrDefault() : default;
                return new { assignee = first.ValueKind == JsonValueKind.Object ? first.GetProperty("officerId").GetGuid() : Guid.Empty };
            default:
                return new { };
        }
    }

    private async Task<bool> ReturnAsync(Guid id, JsonElement detail, string owner, CancellationToken ct)
    {
        var version = detail.GetProperty("rowVersion").GetUInt32();
        var reply = await api.SendAsync(ActionPrefix + "return", Desk, HttpMethod.Post, $"/api/dossiers/{id}/actions/return",
            new { delivery = "Desk", collectedBy = owner, identityChecked = true }, ct, ifMatch: $"\"{version}\"");
        if (reply.Ok)
        {
            metrics.Transition(new AcknowledgedTransition(id, "return", DossierStatus.Returned, reply.Body.GetProperty("rowVersion").GetUInt32(), metrics.Now));
            return true;
        }
        // A retried return whose first attempt went through is refused (already returned): not acknowledged, but done.
        return options.TolerateFaults && reply.Status == 409 && await DetailAsync(id, ct) is { } now && StatusOf(now) == DossierStatus.Returned;
    }

    private async Task RateAsync(string code, string pin, CancellationToken ct)
    {
        var query = $"?code={Uri.EscapeDataString(code)}&pin={pin}";
        var found = await api.GetAsync("GET /api/lookup", null, "/api/lookup/" + query, ct);
        if (!found.Ok)
        {
            return;
        }
        var rating = _random.Next(10) switch { < 7 => "VerySatisfied", < 9 => "Satisfied", _ => "Unsatisfied" };
        var rated = await api.SendAsync("POST /api/lookup/rating", null, HttpMethod.Post, "/api/lookup/rating",
            new { code, pin, rating }, ct);
        if (rated.Ok)
        {
            metrics.Rated();
        }
    }

    private static JsonElement? OpenStep(JsonElement detail) => detail.GetProperty("steps").EnumerateArray()
        .Where(s => !s.TryGetProperty("completedAt", out var c) || c.ValueKind == JsonValueKind.Null)
        .Select(s => (JsonElement?)s).LastOrDefault();

    /// <summary>The detail's status: a name in action answers, a number in GET answers.</summary>
    internal static DossierStatus StatusOf(JsonElement detail)
    {
        var status = detail.GetProperty("status");
        return status.ValueKind == JsonValueKind.Number ? (DossierStatus)status.GetInt32() : Enum.Parse<DossierStatus>(status.GetString()!);
    }
}

/// <summary>What the clients need of a procedure: its code and the documents a complete dossier must have.</summary>
internal sealed record ProcedureInfo(string Code, IReadOnlyList<string> MandatoryDocuments);
