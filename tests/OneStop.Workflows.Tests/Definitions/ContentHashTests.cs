using NUnit.Framework;
using System.Text;
using OneStop.Workflows.Definitions;

namespace OneStop.Workflows.Tests.Definitions;

[TestFixture]
public sealed class ContentHashTests
{
    [Test]
    public void Hash_is_the_same_for_LF_CRLF_and_CR_line_endings()
    {
        var lf = Encoding.UTF8.GetBytes("code: \"1.001193\"\nname: Đăng ký khai sinh\n");
        var crlf = Encoding.UTF8.GetBytes("code: \"1.001193\"\r\nname: Đăng ký khai sinh\r\n");
        var cr = Encoding.UTF8.GetBytes("code: \"1.001193\"\rname: Đăng ký khai sinh\r");

        Assert.That(ContentHash.Compute(crlf), Is.EqualTo(ContentHash.Compute(lf)));
        Assert.That(ContentHash.Compute(cr), Is.EqualTo(ContentHash.Compute(lf)));
    }

    [Test]
    public void Hash_changes_when_the_content_changes()
    {
        Assert.That(ContentHash.Compute("version: 1\n"u8), Is.Not.EqualTo(ContentHash.Compute("version: 2\n"u8)));
    }

    [Test]
    public void Hash_is_lower_case_sha256_hex()
    {
        // SHA-256("abc\n") — value from `printf 'abc\n' | sha256sum`.
        Assert.That(ContentHash.Compute("abc\r\n"u8), Is.EqualTo("edeaaff3f1774ad2888673770c6d64097e391bc362d7d6fb34982ddf0efd18cb"));
    }
}
