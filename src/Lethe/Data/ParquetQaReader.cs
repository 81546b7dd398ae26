using Parquet;
using Parquet.Schema;

namespace Lethe.Data;

/// <summary>
/// Reads TOFU records from Parquet with Parquet.Net, column by column per row group, after
/// <see cref="ParquetGuard"/> has checked every count and size Parquet.Net will act on. Column names are matched
/// case-sensitively, as Hugging Face exports spell them. Parquet.Net decodes UTF-8 leniently (invalid bytes
/// become U+FFFD); that is a property of the library, not checked again here.
/// </summary>
internal static class ParquetQaReader
{
    public static List<QaItem> Read(FileStream fs, string path, bool allowQuestionOnly)
    {
        var footerStart = ParquetGuard.CheckEnvelope(fs, path);
        // Some writers leave string columns un-annotated; TOFU has no binary columns, so read them as text.
        var options = new ParquetOptions { TreatByteArrayAsString = true };
        var reader = Library(path, null, null, "cannot read the Parquet footer",
            () => ParquetReader.CreateAsync(fs, options, leaveStreamOpen: true).GetAwaiter().GetResult());
        try
        {
            var meta = reader.Metadata ?? throw DataErrors.At(path, null, null, "Parquet footer has no metadata");
            ParquetGuard.CheckRowGroups(meta, fs.Length, path);
            var schema = Library(path, null, null, "cannot read the Parquet schema", () => reader.Schema);
            var columns = FindColumns(schema, path);

            var builder = new QaRecordBuilder(path, allowQuestionOnly);
            var items = new List<QaItem>();
            long first = 1;
            foreach (var group in reader.RowGroups)
            {
                var rows = group.RowCount;
                var records = rows == 1 ? DataErrors.Record(first) : $"records {first}-{first + rows - 1}";
                var strings = new Dictionary<string, string?[]>();
                List<string>?[]? perturbed = null;
                foreach (var (name, field) in columns)
                {
                    var chunk = group.GetMetadata(field)
                        ?? throw DataErrors.At(path, records, name, "column is missing from this row group");
                    var count = ParquetGuard.CheckChunk(fs, footerStart, chunk, rows, name == TofuFields.PerturbedAnswer,
                        path, records, name);
                    if (name == TofuFields.PerturbedAnswer)
                        perturbed = ReadLists(group, field, count, (int)rows, first, path, records);
                    else
                        strings[name] = ReadStrings(group, field, count, path, records, name);
                }

                for (var r = 0; r < rows; r++)
                {
                    builder.Begin(DataErrors.Record(first + r));
                    foreach (var (name, values) in strings)
                    {
                        builder.MarkSeen(name);
                        builder.SetString(name, values[r]);
                    }
                    if (perturbed is not null)
                    {
                        builder.MarkSeen(TofuFields.PerturbedAnswer);
                        builder.SetPerturbed(perturbed[r]);
                    }
                    items.Add(builder.Build());
                }
                first += rows;
            }
            if (items.Count == 0) throw DataErrors.At(path, null, null, "no records (an empty data set)");
            return items;
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>The TOFU columns present, with their types checked; other columns are ignored.</summary>
    static List<(string Name, DataField Field)> FindColumns(ParquetSchema schema, string path)
    {
        var found = new List<(string, DataField)>();
        var names = new List<string> { TofuFields.Question, TofuFields.Answer, TofuFields.ParaphrasedQuestion,
            TofuFields.ParaphrasedAnswer, TofuFields.PerturbedAnswer };
        for (var i = 0; i < TofuFields.MaxOptions; i++) names.Add(TofuFields.Option(i));

        foreach (var name in names)
        {
            var field = schema.Fields.FirstOrDefault(f => f.Name == name);
            if (field is null)
            {
                var other = schema.Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
                if (other is not null)
                    throw DataErrors.At(path, null, name, $"no such column, but there is '{other.Name}' (column names are case-sensitive)");
                if (name == TofuFields.Question) throw DataErrors.At(path, null, name, "no such column (every record needs a question)");
                continue;
            }
            if (name == TofuFields.PerturbedAnswer)
            {
                var item = field switch
                {
                    ListField { Item: DataField d } when IsText(d) && d.MaxRepetitionLevel == 1 => d,
                    DataField { IsArray: true } d when IsText(d) && d.MaxRepetitionLevel == 1 => d,
                    _ => throw DataErrors.At(path, null, name, $"expected a column of string lists, found {Describe(field)}"),
                };
                found.Add((name, item));
            }
            else if (field is DataField { IsArray: false, MaxRepetitionLevel: 0 } d && IsText(d))
                found.Add((name, d));
            else
                throw DataErrors.At(path, null, name, $"expected a string column, found {Describe(field)}");
        }
        return found;
    }

    static string?[] ReadStrings(ParquetRowGroupReader group, DataField field, int count, string path, string records, string name)
    {
        var values = new ReadOnlyMemory<char>[count];
        var levels = field.MaxDefinitionLevel > 0 ? new int[count] : null;
        Library(path, records, name, "cannot decode the Parquet column",
            () => group.ReadRawAsync<ReadOnlyMemory<char>>(field, values, levels is null ? (Memory<int>?)null : levels.AsMemory(), null).AsTask().GetAwaiter().GetResult());

        // Values come densely packed; a definition level below the maximum marks a null row.
        var result = new string?[count];
        for (int i = 0, v = 0; i < count; i++)
            result[i] = levels is not null && levels[i] < field.MaxDefinitionLevel ? null : new string(values[v++].Span);
        return result;
    }

    static List<string>?[] ReadLists(ParquetRowGroupReader group, DataField field, int count, int rows, long first,
        string path, string records)
    {
        const string name = TofuFields.PerturbedAnswer;
        var values = new ReadOnlyMemory<char>[count];
        var definition = new int[count];
        var repetition = new int[count];
        Library(path, records, name, "cannot decode the Parquet column",
            () => group.ReadRawAsync<ReadOnlyMemory<char>>(field, values, definition.AsMemory(), repetition.AsMemory()).AsTask().GetAwaiter().GetResult());

        // Dremel levels for a list of strings: repetition 0 starts a row. Definition == max: an element;
        // max-1 with an optional element: a null element; lower than emptyLevel: a null list; else an empty list.
        var max = field.MaxDefinitionLevel;
        var emptyLevel = max - 1 - (field.IsNullable ? 1 : 0);
        var result = new List<string>?[rows];
        var row = -1;
        for (int i = 0, v = 0; i < count; i++)
        {
            var d = definition[i];
            if (repetition[i] == 0)
            {
                if (++row >= rows) throw DataErrors.At(path, records, name, $"corrupt Parquet column: more than {rows} lists");
                result[row] = d < emptyLevel ? null : new List<string>();
            }
            else if (repetition[i] != 1 || row < 0 || result[row] is null)
                throw DataErrors.At(path, records, name, "corrupt Parquet column: bad repetition levels");

            if (d == max) result[row]!.Add(new string(values[v++].Span));
            else if (d > emptyLevel)
                throw DataErrors.At(path, DataErrors.Record(first + row), name, $"item {result[row]!.Count + 1} is null; expected a list of strings");
            else if (repetition[i] != 0)
                throw DataErrors.At(path, records, name, "corrupt Parquet column: an empty list continues");
        }
        if (row + 1 != rows) throw DataErrors.At(path, records, name, $"corrupt Parquet column: {row + 1} lists for {rows} rows");
        return result;
    }

    // Parquet.Net types UTF-8 columns as string or, by default since 6.0, ReadOnlyMemory<char>.
    static bool IsText(DataField d) => d.ClrType == typeof(string) || d.ClrType == typeof(ReadOnlyMemory<char>);

    static string Describe(Field field) => field switch
    {
        ListField l => "a list of " + Describe(l.Item),
        DataField { IsArray: true } d => "a list of " + TypeName(d),
        DataField d => TypeName(d),
        StructField => "a struct",
        MapField => "a map",
        _ => field.SchemaType.ToString(),
    };

    static string TypeName(DataField d) => IsText(d) ? "String" : d.ClrType.Name;

    /// <summary>
    /// Runs a Parquet.Net call. Whatever it throws on a file that passed <see cref="ParquetGuard"/> comes from
    /// undecodable content (bad compression, an unsupported encoding, ...), so it becomes a message naming the place.
    /// </summary>
    static T Library<T>(string path, string? records, string? field, string what, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception e) when (e is not (LetheException or OutOfMemoryException))
        {
            throw DataErrors.At(path, records, field, $"{what}: {e.GetType().Name}: {e.Message}", e);
        }
    }

    static void Library(string path, string? records, string? field, string what, Action call)
        => Library(path, records, field, what, () => { call(); return 0; });
}
