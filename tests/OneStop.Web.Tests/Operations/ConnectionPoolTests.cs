using Npgsql;
using OneStop.Web.Infrastructure;

namespace OneStop.Web.Tests.Operations;

/// <summary>The web app's connection defaults: a pool sized by cores and prepared statements, unless the connection string says otherwise.</summary>
public sealed class ConnectionPoolTests
{
    [Test]
    public void Without_settings_the_app_uses_six_connections_per_core_and_prepares_its_statements()
    {
        var built = new NpgsqlConnectionStringBuilder(HostingExtensions.WithDefaults("Host=127.0.0.1;Database=onestop;Username=postgres"));
        Assert.Multiple(() =>
        {
            Assert.That(built.MaxPoolSize, Is.EqualTo(6 * Environment.ProcessorCount));
            Assert.That(built.Host, Is.EqualTo("127.0.0.1"));
            Assert.That(built.Database, Is.EqualTo("onestop"));
            Assert.That((built.MaxAutoPrepare, built.AutoPrepareMinUsages), Is.EqualTo((64, 2)));
        });
    }

    [TestCase("Max Auto Prepare=0", 0)]
    [TestCase("MaxAutoPrepare=10", 10)]
    public void An_explicit_auto_prepare_is_kept(string setting, int expected) =>
        Assert.That(new NpgsqlConnectionStringBuilder(HostingExtensions.WithDefaults("Host=127.0.0.1;" + setting)).MaxAutoPrepare, Is.EqualTo(expected));

    [TestCase("Maximum Pool Size=40")]
    [TestCase("MaxPoolSize=40")]
    [TestCase("maximum pool size=40")]
    public void An_explicit_pool_size_is_kept(string setting) =>
        Assert.That(new NpgsqlConnectionStringBuilder(HostingExtensions.WithDefaults("Host=127.0.0.1;" + setting)).MaxPoolSize, Is.EqualTo(40));
}
