using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Npgsql;
using OneStop.Testing;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Features.Reception;
using OneStop.Web.Tests.Processing;

namespace OneStop.Web.Tests.Security;

/// <summary>
/// Bad input (issue #7): more than 10,000 generated malformed requests over every API endpoint the app serves.
/// No 5xx; every 4xx with a body is a problem+json answer in Vietnamese; no row is added except by a request the
/// app accepted, and what is stored is valid (NFC text, no control characters).
/// </summary>
public sealed partial class BadInputFuzzTests : ProcessingHarness
{
    private const int Seed = 20261129;
    private const int Target = 10_500;
    private const long MaxUpload = 64 * 1024;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        // The rate limit and the upload limit have their own tests; here they would only hide the handlers.
        ["Lookup:PermitLimit"] = "100000",
        ["Digitisation:MaxFileBytes"] = MaxUpload.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [GeneratedRegex("[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", RegexOptions.IgnoreCase)]
    private static partial Regex VietnameseLetter();

    [Test]
    public async Task Malformed_requests_to_every_endpoint_get_vietnamese_problems_and_store_nothing_invalid()
    {
        var endpoints = DiscoveredEndpoint.All(App.Services).Where(e => !e.IsPage).ToList();
        Assert.That(EndpointTable.Undeclared(endpoints), Is.Empty, "every endpoint needs a row in EndpointTable.Rules");

        var own = await RegisterAsync("1.000656");
        var other = (await TestDossiers.CreateAsync(App.Services, DossierStatus.InProgress, "G01.H99.100")).Id;
        var drafts = Generate(endpoints, own, other);
        Assert.That(drafts, Has.Count.GreaterThanOrEqualTo(10_000));

        var clients = new Dictionary<string, HttpClient> { [""] = App.CreateClient() };
        foreach (var user in new[] { "tiepnhan", "chuyenvien", "giamsat", "quantri" })
        {
            clients[user] = await NewClientAsync(user);
        }
        var before = await CountRowsAsync();

        var failures = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var accepted = new ConcurrentDictionary<string, int>();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(drafts, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (draft, ct) =>
        {
            var client = clients[draft.Anonymous ? "" : UserFor(EndpointTable.Rules[draft.Endpoint.Key])];
            using var request = draft.ToRequest();
            using var response = await client.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var status = (int)response.StatusCode;
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (status is >= 200 and < 300 && draft.Method != "GET")
            {
                accepted.AddOrUpdate($"{draft.Endpoint.Key} {status}", 1, (_, n) => n + 1);
            }
            if (Check(status, response.Content.Headers.ContentType, body) is { } problem)
            {
                failures.Add($"{draft.Endpoint.Key}: {draft} → {status} {problem}: {(body.Length > 300 ? body[..300] : body)}");
            }
        });
        watch.Stop();

        var after = await CountRowsAsync();
        var invalid = await InvalidTextAsync();
        var changed = after.Where(t => before.GetValueOrDefault(t.Key) != t.Value)
            .ToDictionary(t => t.Key, t => t.Value - before.GetValueOrDefault(t.Key));
        var newDossiers = accepted.Where(a => a.Key is "POST /api/dossiers 201" or "POST /api/intake 201").Sum(a => a.Value);

        TestContext.Progress.WriteLine($"Bad input: {drafts.Count} requests over {endpoints.Count} endpoints in {watch.Elapsed.TotalSeconds:F1} s (seed {Seed})");
        TestContext.Progress.WriteLine("Bad input: statuses " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        TestContext.Progress.WriteLine($"Bad input: 5xx {statuses.Where(s => s.Key >= 500).Sum(s => s.Value)}, failures {failures.Count}, invalid stored texts {invalid.Count}");
        TestContext.Progress.WriteLine("Bad input: accepted " + string.Join(", ", accepted.OrderBy(a => a.Key).Select(a => $"{a.Key}×{a.Value}")));
        TestContext.Progress.WriteLine("Bad input: row changes " + string.Join(", ", changed.Select(c => $"{c.Key}{c.Value:+#;-#}")));

        Assert.Multiple(() =>
        {
            Assert.That(failures.Distinct().Order().Take(40), Is.Empty, $"{failures.Count} bad answers");
            Assert.That(invalid, Is.Empty, "stored text that is not NFC or holds control characters");
            Assert.That(changed.GetValueOrDefault("dossiers"), Is.EqualTo(newDossiers), "dossiers are added only by accepted registrations");
            Assert.That(changed.Keys.Where(t => accepted.IsEmpty), Is.Empty, "nothing changes when nothing was accepted");
        });
    }

    private static string UserFor(Expectation rule) => rule.Roles switch
    {
        null => "chuyenvien",
        [] => "",
        [var first, ..] => first switch
        {
            Roles.Reception => "tiepnhan",
            Roles.Specialist => "chuyenvien",
            Roles.Admin => "quantri",
            _ => "giamsat",
        },
    };

    /// <summary>Null when the answer is acceptable for a malformed request, else what is wrong with it.</summary>
    private static string? Check(int status, MediaTypeHeaderValue? type, string body)
    {
        if (status >= 500)
        {
            return "server error";
        }
        if (status < 400 || body.Length == 0)
        {
            return null;
        }
        if (type?.MediaType != "application/problem+json")
        {
            return $"not problem+json ({type})";
        }
        var problem = JsonDocument.Parse(body).RootElement;
        var texts = new List<string?> { problem.GetProperty("title").GetString() };
        if (problem.TryGetProperty("detail", out var detail))
        {
            texts.Add(detail.GetString());
        }
        if (problem.TryGetProperty("errors", out var errors))
        {
            texts.AddRange(errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray()).Select(m => m.GetString()));
        }
        var english = texts.FirstOrDefault(t => t is null || !VietnameseLetter().IsMatch(t));
        return english is null && texts.Count > 0 ? null : $"not Vietnamese: '{english}'";
    }

    private List<FuzzDraft> Generate(IReadOnlyList<DiscoveredEndpoint> endpoints, Guid own, Guid other)
    {
        var random = new Random(Seed);
        var systematic = new List<FuzzDraft>();
        var mutations = new Dictionary<string, List<Action<FuzzDraft>>>();
        foreach (var endpoint in endpoints)
        {
            var rule = EndpointTable.Rules[endpoint.Key];
            var baseDraft = Base(endpoint, rule, own);
            var list = mutations[endpoint.Key] = Mutations(endpoint, other).ToList();
            foreach (var mutate in list)
            {
                var draft = baseDraft.Clone();
                mutate(draft);
                systematic.Add(draft);
            }
            foreach (var path in BadInputGrammar.BodyType(endpoint, App.Services) is { } type ? BadInputGrammar.FieldPaths(type) : [])
            {
                var huge = baseDraft.Clone();
                BadInputGrammar.Set(huge, path, BadInputGrammar.HugeJson);
                huge.Notes.Add($"{string.Join('.', path)} = 1 MB string");
                systematic.Add(huge);
            }
            // Another method on the same route, and the request without credentials.
            var wrongMethod = baseDraft.Clone();
            wrongMethod.Method = endpoint.Method == "GET" ? "DELETE" : "PUT";
            systematic.Add(wrongMethod);
            var anonymous = baseDraft.Clone();
            anonymous.Anonymous = true;
            systematic.Add(anonymous);
        }
        // Random combinations of two to four mutations of one endpoint, until the target is reached.
        var drafts = new List<FuzzDraft>(systematic);
        var keys = endpoints.Where(e => mutations[e.Key].Count > 0).ToList();
        while (drafts.Count < Target)
        {
            var endpoint = keys[random.Next(keys.Count)];
            var draft = Base(endpoint, EndpointTable.Rules[endpoint.Key], own);
            var list = mutations[endpoint.Key];
            for (var i = random.Next(2, 5); i > 0; i--)
            {
                list[random.Next(list.Count)](draft);
            }
            draft.Anonymous = random.Next(20) == 0;
            drafts.Add(draft);
        }
        return drafts;
    }

    private static FuzzDraft Base(DiscoveredEndpoint endpoint, Expectation rule, Guid own)
    {
        var sample = rule.Path.Replace("{dossier}", own.ToString(), StringComparison.Ordinal);
        var (path, query) = sample.Split('?') is [var p, var q] ? (p, q) : (sample, "");
        var draft = new FuzzDraft
        {
            Endpoint = endpoint,
            Method = endpoint.Method,
            Query = [.. query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(kv => kv.Split('=')).Select(kv => KeyValuePair.Create(kv[0], kv[1]))],
            Json = rule.Body is null ? null : JsonNode.Parse(rule.Body),
            Headers = new(rule.Headers ?? new Dictionary<string, string>()),
        };
        var pattern = ((Microsoft.AspNetCore.Routing.RouteEndpoint)endpoint.Endpoint).RoutePattern.RawText!.Trim('/').Split('/');
        var actual = path.Trim('/').Split('/');
        for (var i = 0; i < pattern.Length; i++)
        {
            if (Regex.Match(pattern[i], @"^\{([^}:?]+)[^}]*\}(.*)$") is { Success: true } m)
            {
                draft.Route[m.Groups[1].Value] = actual[i][..^m.Groups[2].Value.Length];
            }
        }
        return draft;
    }

    private IEnumerable<Action<FuzzDraft>> Mutations(DiscoveredEndpoint endpoint, Guid other)
    {
        foreach (var name in endpoint.RouteParameters)
        {
            // A NUL in the path never reaches the app (Kestrel answers 400 itself; the test server refuses to send it).
            foreach (var value in BadInputGrammar.UrlValues.Where(v => v != "%00").Append(other.ToString()).Append(Guid.NewGuid().ToString()))
            {
                yield return d => { d.Route[name] = value; d.Notes.Add($"route {name}={value}"); };
            }
        }
        foreach (var name in BadInputGrammar.QueryParameters(endpoint, App.Services))
        {
            foreach (var value in BadInputGrammar.UrlValues.Append(other.ToString()))
            {
                yield return d =>
                {
                    d.Query.RemoveAll(q => q.Key == name);
                    d.Query.Add(KeyValuePair.Create(name, value));
                    d.Notes.Add($"query {name}={value}");
                };
            }
            yield return d => { d.Query.Add(KeyValuePair.Create(name, "1")); d.Query.Add(KeyValuePair.Create(name, "2")); d.Notes.Add($"query {name} twice"); };
        }
        foreach (var header in BadInputGrammar.HeaderParameters(endpoint))
        {
            foreach (var value in BadInputGrammar.HeaderValues)
            {
                yield return d => { d.Headers[header] = value; d.Notes.Add($"header {header}={value}"); };
            }
        }
        if (endpoint.AcceptsMultipart)
        {
            foreach (var (note, bytes, type) in BadInputGrammar.Uploads(MaxUpload))
            {
                yield return d => { d.Raw = (bytes, type); d.Notes.Add(note); };
            }
        }
        if (BadInputGrammar.BodyType(endpoint, App.Services) is { } bodyType)
        {
            foreach (var path in BadInputGrammar.FieldPaths(bodyType))
            {
                var where = string.Join('.', path);
                foreach (var literal in BadInputGrammar.JsonValues)
                {
                    yield return d => { BadInputGrammar.Set(d, path, literal); d.Notes.Add($"{where} = {literal}"); };
                }
                yield return d => { BadInputGrammar.Set(d, path, null); d.Notes.Add($"{where} missing"); };
            }
            yield return d => { BadInputGrammar.Set(d, ["unexpectedField"], "\"<b>x</b>\""); d.Notes.Add("extra field"); };
            yield return d => { BadInputGrammar.Set(d, ["__proto__"], """{"admin":true}"""); d.Notes.Add("__proto__ field"); };
        }
        if (endpoint.Method != "GET")
        {
            foreach (var (note, bytes, type) in BadInputGrammar.Bodies())
            {
                yield return d => { d.Raw = (bytes, type); d.Notes.Add(note); };
            }
        }
    }

    private async Task<Dictionary<string, long>> CountRowsAsync()
    {
        await using var connection = new NpgsqlConnection(Db.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('__EFMigrationsHistory', 'data_protection_keys')",
            connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection);
            counts[table] = (long)(await count.ExecuteScalarAsync())!;
        }
        return counts;
    }

    /// <summary>"table.column: value" for every stored text that is not NFC or holds a control character other than a line break.</summary>
    private async Task<List<string>> InvalidTextAsync()
    {
        await using var connection = new NpgsqlConnection(Db.ConnectionString);
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column)>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('text', 'character varying') AND table_name NOT IN ('__EFMigrationsHistory', 'data_protection_keys')",
            connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        var invalid = new List<string>();
        foreach (var (table, column) in columns)
        {
            await using var select = new NpgsqlCommand(
                $"SELECT \"{column}\" FROM \"{table}\" WHERE \"{column}\" IS NOT NULL AND (\"{column}\" IS NOT NFC NORMALIZED OR \"{column}\" ~ '[\\x01-\\x09\\x0B\\x0C\\x0E-\\x1F\\x7F]') LIMIT 3",
                connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var value = reader.GetString(0);
                invalid.Add($"{table}.{column}: {(value.Length > 80 ? value[..80] : value)}");
            }
        }
        return invalid;
    }
}
