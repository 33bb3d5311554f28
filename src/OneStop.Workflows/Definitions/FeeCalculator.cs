using System.Globalization;

namespace OneStop.Workflows.Definitions;

/// <summary>What the desk knows when it quotes the fee of a dossier.</summary>
/// <param name="Copies">Number of copies (bản sao, trích lục) requested; also the number of copies certified.</param>
/// <param name="PagesPerCopy">Pages of the document each copy reproduces (chứng thực bản sao is charged per page).</param>
/// <param name="Cases">Number of cases (trường hợp), e.g. signatures certified; 1 for most dossiers.</param>
/// <param name="LateRegistration">The event is registered after the legal period (e.g. khai sinh after 60 days).</param>
/// <param name="Online">Submitted online (some fees are lower online).</param>
public sealed record FeeInputs(int Copies = 1, int PagesPerCopy = 1, int Cases = 1, bool LateRegistration = false, bool Online = false);

/// <summary>One itemised line of a quote; <see cref="Detail"/> shows the arithmetic to the citizen.</summary>
public sealed record FeeItem(string Key, string Name, long Amount, string Detail);

public sealed record FeeQuote(long Total, IReadOnlyList<FeeItem> Items);

/// <summary>Computes the fees (phí, lệ phí) of a dossier from the fee lines of its procedure definition. Pure.</summary>
public static class FeeCalculator
{
    public static FeeQuote Calculate(ProcedureDefinition definition, FeeInputs inputs) => Calculate(definition.Fees, inputs);

    public static FeeQuote Calculate(IEnumerable<FeeLine> fees, FeeInputs inputs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputs.Copies);
        ArgumentOutOfRangeException.ThrowIfNegative(inputs.PagesPerCopy);
        ArgumentOutOfRangeException.ThrowIfNegative(inputs.Cases);

        var items = new List<FeeItem>();
        foreach (var fee in fees.Where(f => Applies(f, inputs)))
        {
            items.Add(fee.Basis switch
            {
                FeeBasis.PerCase => Multiply(fee, inputs.Cases, "trường hợp", fee.Amount ?? 0),
                FeeBasis.PerCopy => Multiply(fee, inputs.Copies, "bản", fee.Amount ?? 0),
                FeeBasis.PerPage => PerPage(fee, inputs),
            });
        }

        return new FeeQuote(items.Sum(i => i.Amount), items);
    }

    /// <summary>Price of one copy of <paramref name="pages"/> pages: each page at its tier's price, then the per-copy cap.</summary>
    public static long PricePerCopy(FeeLine fee, int pages)
    {
        long price = 0;
        foreach (var tier in fee.Tiers)
        {
            var last = Math.Min(pages, tier.ToPage ?? int.MaxValue);
            if (last >= tier.FromPage)
            {
                price += (long)(last - tier.FromPage + 1) * tier.Amount;
            }
        }

        return fee.MaxPerCopy is { } cap ? Math.Min(price, cap) : price;
    }

    private static bool Applies(FeeLine fee, FeeInputs inputs) =>
        fee.When switch
        {
            FeeCondition.Always => true,
            FeeCondition.OnTime => !inputs.LateRegistration,
            FeeCondition.Late => inputs.LateRegistration,
        }
        && fee.Channel switch
        {
            FeeChannel.Any => true,
            FeeChannel.Direct => !inputs.Online,
            FeeChannel.Online => inputs.Online,
        };

    private static FeeItem Multiply(FeeLine fee, int count, string unit, long amount) =>
        new(fee.Key, fee.Name, count * amount, $"{count.ToString(CultureInfo.InvariantCulture)} {unit} × {Vnd(amount)}");

    private static FeeItem PerPage(FeeLine fee, FeeInputs inputs)
    {
        var perCopy = PricePerCopy(fee, inputs.PagesPerCopy);
        var detail = $"{inputs.Copies.ToString(CultureInfo.InvariantCulture)} bản × {inputs.PagesPerCopy.ToString(CultureInfo.InvariantCulture)} trang: {Vnd(perCopy)}/bản";
        return new FeeItem(fee.Key, fee.Name, inputs.Copies * perCopy, detail);
    }

    /// <summary>"21.000 đ" — Vietnamese grouping with dots, as printed on receipts.</summary>
    public static string Vnd(long amount) =>
        amount.ToString("#,0", CultureInfo.InvariantCulture).Replace(",", ".", StringComparison.Ordinal) + " đ";
}
