using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace OneStop.Benchmarks.Load;

/// <summary>An answer: status, parsed body (Undefined when empty or not JSON) and ETag.</summary>
internal sealed record Reply(int Status, JsonElement Body, string? ETag)
{
    public bool Ok => Status is >= 200 and < 300;
}

/// <summary>A fault (connection error, timeout, 5xx) when faults are not tolerated: the client drops the dossier.</summary>
internal sealed class LoadFaultException(string message) : Exception(message);

/// <summary>
/// One web instance: a pooled HTTP client, the demo users' bearer tokens (shared by the clients on this instance and
/// renewed before expiry) and the send loop that times, counts and — when faults are tolerated — retries.
/// </summary>
internal sealed class ApiSession(Uri baseUrl, LoadOptions options, LoadMetrics metrics) : IDisposable
{
    private sealed record Token(string Value, long RenewAt);

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    })
    { Timeout = Timeout.InfiniteTimeSpan };
    private readonly Dictionary<string, Token> _tokens = [];
    private readonly SemaphoreSlim _signIn = new(1, 1);

    public Uri BaseUrl => baseUrl;

    /// <summary>
    /// Sends one request as <paramref name="user"/> (null: anonymous). The request is rebuilt for each retry with the same
    /// headers, so a retried action carries the same Idempotency-Key. 429 waits for Retry-After; 401 signs in again once.
    /// </summary>
    public async Task<Reply> SendAsync(string endpoint, string? user, HttpMethod method, string path, object? body, CancellationToken ct,
        string? ifMatch = null, string? idempotencyKey = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
            if (body is not null)
            {
                request.Content = JsonContent.Create(body);
            }
            if (user is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(user, ct));
            }
            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }
            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }
            string fault;
            var watch = Stopwatch.StartNew();
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(options.RequestTimeout);
                using var response = await _http.SendAsync(request, timeout.Token);
                var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);
                var status = (int)response.StatusCode;
                metrics.Latency(endpoint, watch.Elapsed);
                metrics.Answer(status);
                if (status == 401 && user is not null && attempt == 0)
                {
                    Forget(user);
                    continue;
                }
                if (status == 429)
                {
                    metrics.Retry();
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), ct);
                    continue;
                }
                if (status < 500)
                {
                    return new Reply(status, Parse(bytes), response.Headers.ETag?.ToString());
                }
                fault = $"{status} từ {method} {path}";
            }
            catch (HttpRequestException e)
            {
                metrics.NetworkError();
                fault = $"lỗi kết nối {method} {path}: {e.Message}";
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                metrics.NetworkError();
                fault = $"quá thời gian chờ {method} {path}";
            }
            if (!options.TolerateFaults)
            {
                throw new LoadFaultException(fault);
            }
            metrics.Retry();
            var backoff = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 50 * Math.Pow(2, Math.Min(attempt, 10))));
            await Task.Delay(backoff * (0.5 + Random.Shared.NextDouble() / 2), ct);
        }
    }

    public Task<Reply> GetAsync(string endpoint, string? user, string path, CancellationToken ct) =>
        SendAsync(endpoint, user, HttpMethod.Get, path, null, ct);

    private async ValueTask<string> TokenAsync(string user, CancellationToken ct)
    {
        if (Cached(user) is { } token)
        {
            return token;
        }
        await _signIn.WaitAsync(ct);
        try
        {
            if (Cached(user) is { } again)
            {
                return again;
            }
            var reply = await SendAsync("POST /api/auth/token", null, HttpMethod.Post, "/api/auth/token",
                new { userName = user, password = options.Password }, ct);
            if (!reply.Ok)
            {
                throw new InvalidOperationException($"Đăng nhập {user} trên {baseUrl} thất bại: {reply.Status} {reply.Body}");
            }
            var value = reply.Body.GetProperty("accessToken").GetString()!;
            var lifetime = TimeSpan.FromSeconds(reply.Body.GetProperty("expiresIn").GetInt64());
            // Renew at 80 % of the lifetime: a token never expires in flight.
            var renewAt = Stopwatch.GetTimestamp() + (long)(lifetime.TotalSeconds * 0.8 * Stopwatch.Frequency);
            lock (_tokens)
            {
                _tokens[user] = new Token(value, renewAt);
            }
            return value;
        }
        finally
        {
            _signIn.Release();
        }
    }

    private string? Cached(string user)
    {
        lock (_tokens)
        {
            return _tokens.TryGetValue(user, out var t) && t.RenewAt > Stopwatch.GetTimestamp() ? t.Value : null;
        }
    }

    private void Forget(string user)
    {
        lock (_tokens)
        {
            _tokens.Remove(user);
        }
    }

    private static JsonElement Parse(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return default;
        }
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    public override string ToString() => baseUrl.ToString();

    public void Dispose()
    {
        _http.Dispose();
        _signIn.Dispose();
    }
}
