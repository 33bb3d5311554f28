using System.Diagnostics;
using OneStop.Testing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OneStop.Web.Tests.Operations;

/// <summary>
/// Docker is not available here, so the deployment files are checked with what is: YAML parsing (merge keys
/// resolved), `kubectl kustomize` when installed, `systemd-analyze verify`, and the properties operators rely on —
/// roles per process, the one-shot migrator, probes on the health endpoints, non-root containers.
/// </summary>
public sealed class DeploymentFilesTests
{
    private static string Deploy(params string[] parts) => Path.Combine([TestServices.RepoRoot, "deploy", .. parts]);

    private static YamlMappingNode Load(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(reader)));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static IEnumerable<YamlMappingNode> LoadAll(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>();
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => ((YamlMappingNode)n).Children[new YamlScalarNode(key)]);

    private static string Text(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    [Test]
    public void Compose_runs_the_migrator_once_then_two_web_and_two_worker_instances_behind_a_proxy()
    {
        var services = (YamlMappingNode)At(Load(Deploy("compose.yaml")), "services");
        var names = services.Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToList();

        Assert.That(names, Is.SupersetOf(new[] { "postgres", "rabbitmq", "migrator", "web1", "web2", "worker1", "worker2", "proxy" }));
        foreach (var web in new[] { "web1", "web2" })
        {
            Assert.That(Text(services, web, "environment", "OneStop__Role"), Is.EqualTo("web"));
            Assert.That(Text(services, web, "depends_on", "migrator", "condition"), Is.EqualTo("service_completed_successfully"));
        }
        foreach (var worker in new[] { "worker1", "worker2" })
        {
            Assert.That(Text(services, worker, "environment", "OneStop__Role"), Is.EqualTo("worker"));
        }
        Assert.That(((YamlSequenceNode)At(services, "migrator", "entrypoint")).Select(n => ((YamlScalarNode)n).Value), Does.Contain("migrate"));
        Assert.That(File.ReadAllText(Deploy("nginx.conf")), Does.Contain("server web1:8080").And.Contain("server web2:8080"));
    }

    [Test]
    public void The_image_is_multi_stage_runs_as_a_non_root_user_and_has_a_health_check()
    {
        var lines = File.ReadAllLines(Deploy("Dockerfile"));

        Assert.That(lines.Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(lines, Has.Some.Match(@"^USER 10001"));
        Assert.That(lines, Has.Some.StartsWith("HEALTHCHECK"));
        Assert.That(string.Join('\n', lines), Does.Contain("/health/live"));
    }

    [Test]
    public void Kubernetes_deployments_probe_the_health_endpoints_and_scale_web_and_worker_separately()
    {
        var folder = Deploy("k8s");
        string manifests;
        if (File.Exists("/usr/bin/kubectl") || File.Exists("/usr/local/bin/kubectl"))
        {
            var (code, output) = Run("kubectl", "kustomize", folder);
            Assert.That(code, Is.Zero, output);
            manifests = output;
        }
        else
        {
            manifests = string.Join("\n---\n", Directory.GetFiles(folder, "*.yaml").Where(f => !f.EndsWith("kustomization.yaml", StringComparison.Ordinal))
                .Select(File.ReadAllText));
        }
        var docs = LoadAll(manifests).ToList();
        var deployments = docs.Where(d => Text(d, "kind") == "Deployment").ToList();

        Assert.That(deployments.Select(d => Text(d, "metadata", "name")), Is.EquivalentTo(new[] { "onestop-web", "onestop-worker" }));
        foreach (var deployment in deployments)
        {
            var container = (YamlMappingNode)((YamlSequenceNode)At(deployment, "spec", "template", "spec", "containers"))[0];
            Assert.That(Text(container, "readinessProbe", "httpGet", "path"), Is.EqualTo("/health/ready"));
            Assert.That(Text(container, "livenessProbe", "httpGet", "path"), Is.EqualTo("/health/live"));
            Assert.That(Text(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot"), Is.EqualTo("true"));
            var role = ((YamlSequenceNode)At(container, "env")).OfType<YamlMappingNode>().Single(e => Text(e, "name") == "OneStop__Role");
            Assert.That(Text(role, "value"), Is.EqualTo(Text(deployment, "metadata", "name")["onestop-".Length..]));
        }
        Assert.That(docs.Where(d => Text(d, "kind") == "HorizontalPodAutoscaler").Select(d => Text(d, "spec", "scaleTargetRef", "name")),
            Is.EquivalentTo(new[] { "onestop-web", "onestop-worker" }));
        Assert.That(docs.Single(d => Text(d, "kind") == "Job").ToString(), Does.Contain("migrate"));
        Assert.That(docs.Select(d => Text(d, "kind")), Does.Contain("Ingress").And.Contain("Service").And.Contain("ConfigMap"));
    }

    [Test]
    public void Systemd_units_pass_systemd_analyze()
    {
        if (!File.Exists("/usr/bin/systemd-analyze"))
        {
            Assert.Ignore("systemd-analyze is not installed here.");
        }
        foreach (var unit in Directory.GetFiles(Deploy("systemd"), "*.service"))
        {
            var (code, output) = Run("systemd-analyze", "verify", unit);
            Assert.That(code, Is.Zero, $"{unit}: {output}");
        }
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
