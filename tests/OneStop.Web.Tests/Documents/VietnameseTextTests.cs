using NUnit.Framework;
using OneStop.Web.Documents;

namespace OneStop.Web.Tests.Documents;

public sealed class VietnameseTextTests
{
    [TestCase(2026, 11, 27, 2, 30, "09 giờ 30 phút, ngày 27 tháng 11 năm 2026")]
    [TestCase(2026, 12, 31, 17, 5, "00 giờ 05 phút, ngày 01 tháng 01 năm 2027")] // 17:05 UTC is past midnight in Vietnam
    [TestCase(2027, 3, 4, 8, 0, "15 giờ 00 phút, ngày 04 tháng 3 năm 2027")] // NĐ 30: only months 1 and 2 take a leading zero
    public void Instant_is_written_out_in_vietnam_time(int year, int month, int day, int hour, int minute, string expected)
    {
        var utc = new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.Zero);

        Assert.That(VietnameseText.Instant(utc), Is.EqualTo(expected));
    }

    [Test]
    public void Instant_ignores_the_offset_it_was_given_in()
    {
        var paris = new DateTimeOffset(2026, 11, 27, 3, 30, 0, TimeSpan.FromHours(1));

        Assert.That(VietnameseText.Instant(paris), Is.EqualTo("09 giờ 30 phút, ngày 27 tháng 11 năm 2026"));
    }

    [TestCase(21000, "21.000 đồng")]
    [TestCase(1500000, "1.500.000 đồng")]
    [TestCase(0, "0 đồng")]
    public void Money_uses_vietnamese_grouping(decimal amount, string expected) =>
        Assert.That(VietnameseText.Money(amount), Is.EqualTo(expected));

    [Test]
    public void Nfc_composes_decomposed_text() =>
        Assert.That(VietnameseText.Nfc("Nguye\u0302\u0303n"), Is.EqualTo("Nguyễn"));
}
