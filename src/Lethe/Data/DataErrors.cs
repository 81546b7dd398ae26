namespace Lethe.Data;

/// <summary>Builds the one-line messages of data-file failures: file, then record, then field, then the problem.</summary>
internal static class DataErrors
{
    public static LetheException At(string path, string? record, string? field, string problem, Exception? inner = null)
    {
        var where = path;
        if (record is not null) where += ": " + record;
        if (field is not null) where += (record is null ? ": " : ", ") + "field '" + field + "'";
        return new LetheException(OneLine(where + ": " + problem), inner: inner);
    }

    public static string Record(long number) => "record " + number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Record(long number, long line)
        => FormattableString.Invariant($"record {number} (line {line})");

    /// <summary>Library messages sometimes span lines; the CLI prints one.</summary>
    public static string OneLine(string s) => s.ReplaceLineEndings(" ");
}
