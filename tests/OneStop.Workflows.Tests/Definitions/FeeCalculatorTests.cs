using NUnit.Framework;
using OneStop.Workflows.Definitions;

namespace OneStop.Workflows.Tests.Definitions;

/// <summary>Expected amounts are worked out by hand in each test's comment.</summary>
[TestFixture]
public sealed class FeeCalculatorTests
{
    private static readonly DefinitionCatalog Catalog = DefinitionCatalog.Load(TestPaths.Workflows);

    private static ProcedureDefinition Procedure(string code) => Catalog.Find(code) ?? throw new InvalidOperationException(code);

    [Test]
    public void Certified_copy_three_copies_of_five_pages_costs_21_000()
    {
        // Per copy: pages 1–2 at 2.000 + pages 3–5 at 1.000 = 4.000 + 3.000 = 7.000; × 3 copies = 21.000 đ.
        var quote = FeeCalculator.Calculate(Procedure("2.000815"), new FeeInputs(Copies: 3, PagesPerCopy: 5));

        Assert.That(quote.Total, Is.EqualTo(21_000));
        Assert.That(quote.Items, Has.Count.EqualTo(1));
        Assert.That(quote.Items[0].Detail, Is.EqualTo("3 bản × 5 trang: 7.000 đ/bản"));
    }

    [Test]
    public void Certified_copy_of_one_page_costs_2_000()
    {
        Assert.That(FeeCalculator.Calculate(Procedure("2.000815"), new FeeInputs(Copies: 1, PagesPerCopy: 1)).Total, Is.EqualTo(2_000));
    }

    [Test]
    public void Certified_copy_reaches_the_200_000_cap_at_198_pages()
    {
        // 2 × 2.000 + 196 × 1.000 = 200.000 đ: exactly the cap.
        Assert.That(FeeCalculator.Calculate(Procedure("2.000815"), new FeeInputs(Copies: 1, PagesPerCopy: 198)).Total, Is.EqualTo(200_000));
    }

    [Test]
    public void Certified_copy_is_capped_at_200_000_per_copy()
    {
        // 250 pages: 4.000 + 248 × 1.000 = 252.000 → capped to 200.000 per copy; 2 copies = 400.000 đ.
        var quote = FeeCalculator.Calculate(Procedure("2.000815"), new FeeInputs(Copies: 2, PagesPerCopy: 250));

        Assert.That(quote.Total, Is.EqualTo(400_000));
    }

    [Test]
    public void Civil_status_extract_copies_cost_8_000_each()
    {
        // 3 bản × 8.000 = 24.000 đ.
        var quote = FeeCalculator.Calculate(Procedure("2.000635"), new FeeInputs(Copies: 3));

        Assert.That(quote.Total, Is.EqualTo(24_000));
        Assert.That(quote.Items[0].Detail, Is.EqualTo("3 bản × 8.000 đ"));
    }

    [Test]
    public void Signature_certification_costs_10_000_per_case()
    {
        Assert.That(FeeCalculator.Calculate(Procedure("2.000884"), new FeeInputs()).Total, Is.EqualTo(10_000));
        Assert.That(FeeCalculator.Calculate(Procedure("2.000884"), new FeeInputs(Cases: 2)).Total, Is.EqualTo(20_000));
    }

    [Test]
    public void Birth_registered_on_time_is_free_and_late_registration_pays_the_late_fee()
    {
        var birth = Procedure("1.001193");

        var onTime = FeeCalculator.Calculate(birth, new FeeInputs());
        var late = FeeCalculator.Calculate(birth, new FeeInputs(LateRegistration: true));

        Assert.That(onTime.Total, Is.Zero);
        Assert.That(onTime.Items, Is.Empty);
        Assert.That(late.Total, Is.EqualTo(birth.Fees.Single(f => f.When == FeeCondition.Late).Amount));
    }

    [Test]
    public void Permanent_residence_fee_is_lower_online()
    {
        var residence = Procedure("1.004222");

        Assert.That(FeeCalculator.Calculate(residence, new FeeInputs(Online: false)).Total, Is.EqualTo(20_000));
        Assert.That(FeeCalculator.Calculate(residence, new FeeInputs(Online: true)).Total, Is.EqualTo(10_000));
    }

    [Test]
    public void Procedure_without_fee_lines_costs_nothing()
    {
        Assert.That(FeeCalculator.Calculate(Procedure("2.000908"), new FeeInputs(Copies: 4)).Total, Is.Zero);
    }

    [Test]
    public void Page_tiers_price_each_page_once_and_sum_all_lines()
    {
        // Tiers 1–1 at 5.000, 2–3 at 3.000, 4+ at 1.000; 6 pages = 5.000 + 6.000 + 3.000 = 14.000 per copy, no cap;
        // plus a 1.000 fixed line → 2 copies = 28.000 + 1.000 = 29.000 đ.
        FeeLine[] fees =
        [
            new()
            {
                Key = "trang", Name = "Theo trang", Basis = FeeBasis.PerPage,
                Tiers = [new() { FromPage = 1, ToPage = 1, Amount = 5_000 }, new() { FromPage = 2, ToPage = 3, Amount = 3_000 }, new() { FromPage = 4, Amount = 1_000 }],
            },
            new() { Key = "co-dinh", Name = "Cố định", Basis = FeeBasis.PerCase, Amount = 1_000 },
        ];

        var quote = FeeCalculator.Calculate(fees, new FeeInputs(Copies: 2, PagesPerCopy: 6));

        Assert.That(quote.Items.Select(i => i.Amount), Is.EqualTo(new long[] { 28_000, 1_000 }));
        Assert.That(quote.Total, Is.EqualTo(29_000));
    }

    [Test]
    public void Amounts_print_with_Vietnamese_thousands_dots()
    {
        Assert.That(FeeCalculator.Vnd(1_234_567), Is.EqualTo("1.234.567 đ"));
    }
}
