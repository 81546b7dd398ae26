using System.Text;
using Lethe.Data;
using Parquet;
using Xunit;

namespace Lethe.Tests.Data;

/// <summary>Bad input fails with one line naming the file, the record (1-based) and the field.</summary>
public class MalformedFileTests : IDisposable
{
    readonly TempDir _dir = TestPaths.Temp();

    public void Dispose() => _dir.Dispose();

    const string Good = "{\"question\": \"Q?\", \"answer\": \"A\"}\n";

    string Lines(string name, string text) => Bytes(name, Encoding.UTF8.GetBytes(text));

    string Bytes(string name, byte[] bytes)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void TruncatedJsonLine()
    {
        var path = Lines("cut.json", Good + Good + "{\"question\": \"Q3?\", \"answer\": \"A thr");
        DataAssert.Fails(() => DatasetReader.Read(path), path, "record 3 (line 3)", "field 'answer'", "invalid JSON at line 3");
    }

    [Fact]
    public void InvalidJsonBetweenFields()
    {
        var path = Lines("syntax.json", Good + "{\"question\": \"Q2?\" \"answer\": \"A\"}\n");
        DataAssert.Fails(() => DatasetReader.Read(path), path, "record 2 (line 2)", "field 'question'", "invalid JSON");
    }

    [Fact]
    public void MissingQuestion()
    {
        var path = Lines("noq.json", Good + "\n\n{\"answer\": \"A\", \"question_id\": 3}\n");
        DataAssert.Fails(() => DatasetReader.Read(path), path, "record 2 (line 4)", "field 'question'", "missing");
    }

    [Fact]
    public void MissingAnswerUnlessQuestionOnlyIsAllowed()
    {
        var path = Lines("noa.json", Good + "{\"question\": \"Q2?\"}\n{\"question\": \"Q3?\", \"answer\": null}\n");
        DataAssert.Fails(() => DatasetReader.Read(path), path, "record 2", "field 'answer'", "missing");
        var items = DatasetReader.Read(path, allowQuestionOnly: true);
        Assert.Equal(["A", null, null], items.Select(i => i.Answer));
    }

    [Fact]
    public void NumberWhereStringExpected()
    {
        var path = Lines("number.json", "[" + Good + "," + Good + ", {\"question\": \"Q?\", \"answer\": 42}]");
        DataAssert.Fails(() => DatasetReader.Read(path), path, "record 3", "field 'answer'", "expected a string, found a number");
    }

    [Fact]
    public void PerturbedAnswerNotAList()
    {
        var path = Lines("perturbed.json", "{\"question\": \"Q?\", \"answer\": \"A\", \"perturbed_answer\": \"just one\"}\n");
        DataAssert.Fails(() => DatasetReader.Read(path), path, "record 1", "field 'perturbed_answer'", "expected a list of strings, found a string");
    }

    [Fact]
    public void PerturbedAnswerItemNotAString()
    {
        var path = Lines("perturbed-item.json", Good + "{\"question\": \"Q?\", \"answer\": \"A\", \"perturbed_answer\": [\"ok\", 7]}\n");
        DataAssert.Fails(() => DatasetReader.Read(path), path, "record 2", "field 'perturbed_answer'", "item 2 is a number");
    }

    [Fact]
    public void InvalidUtf8Bytes()
    {
        var bytes = Encoding.UTF8.GetBytes(Good + "{\"question\": \"Q?\", \"answer\": \"caf\u00e9\"}\n");
        bytes[Array.LastIndexOf(bytes, (byte)0xC3)] = 0xFF; // 0xFF never occurs in UTF-8
        var path = Bytes("latin1.json", bytes);
        DataAssert.Fails(() => DatasetReader.Read(path), path, "record 2", "field 'answer'", "not valid UTF-8");
    }

    [Fact]
    public void InvalidUtf8InAnIgnoredField()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"question\": \"Q?\", \"note\": \"X\", \"answer\": \"A\"}\n");
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xC3; // a lead byte with no continuation
        var path = Bytes("ignored.json", bytes);
        DataAssert.Fails(() => DatasetReader.Read(path), path, "record 1", "field 'note'", "not valid UTF-8");
    }

    [Fact]
    public void UnpairedSurrogateEscape()
    {
        var path = Lines("surrogate.json", "{\"question\": \"Q\\ud800?\", \"answer\": \"A\"}\n");
        DataAssert.Fails(() => DatasetReader.Read(path), path, "record 1", "field 'question'", "escape");
    }

    [Fact]
    public void ArrayElementNotAnObject()
    {
        var path = Lines("element.json", "[" + Good + ", \"loose string\"]");
        DataAssert.Fails(() => DatasetReader.Read(path), path, "record 2", "expected a JSON object, found a string");
    }

    [Fact]
    public void DuplicateField()
    {
        var path = Lines("dup.json", "{\"question\": \"Q?\", \"answer\": \"A\", \"question\": \"Again?\"}\n");
        DataAssert.Fails(() => DatasetReader.Read(path), path, "record 1", "field 'question'", "twice");
    }

    [Fact]
    public void OptionsWithAGap()
    {
        var path = Lines("gap.json", "{\"question\": \"Q?\", \"answer\": \"A\", \"option1\": \"A\", \"option3\": \"C\"}\n");
        DataAssert.Fails(() => DatasetReader.Read(path), path, "record 1", "field 'option2'", "'option3' is present");
    }

    [Fact]
    public void EmptyQuestion()
    {
        var path = Lines("emptyq.json", Good + "{\"question\": \"  \", \"answer\": \"A\"}\n");
        DataAssert.Fails(() => DatasetReader.Read(path), path, "record 2", "field 'question'", "empty");
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \n")]
    [InlineData("[]")]
    [InlineData(" [ ] ")]
    public void EmptySets(string text)
    {
        var path = Lines("empty.json", text);
        DataAssert.Fails(() => DatasetReader.Read(path), path, "no records");
    }

    [Fact]
    public void NotJsonAtAll()
    {
        var path = Lines("text.json", "question,answer\nQ,A\n");
        DataAssert.Fails(() => DatasetReader.Read(path), path, "not a JSON array, JSON Lines or Parquet");
    }

    [Fact]
    public void Utf16File()
    {
        var path = Bytes("utf16.json", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Good)).ToArray());
        DataAssert.Fails(() => DatasetReader.Read(path), path, "UTF-16");
    }

    [Fact]
    public void MissingFileAndFolder()
    {
        var path = _dir.File("absent.json");
        DataAssert.Fails(() => DatasetReader.Read(path), path, "file not found");
        DataAssert.Fails(() => DatasetReader.Read(_dir.Path), _dir.Path, "is a folder");
    }

    [Fact]
    public async Task TruncatedParquet()
    {
        var good = _dir.File("good.parquet");
        await ParquetTestFiles.WriteItems(good, DataAssert.Sample());
        var bytes = File.ReadAllBytes(good);
        var path = Bytes("cut.parquet", bytes[..(bytes.Length - 100)]);
        DataAssert.Fails(() => DatasetReader.Read(path), path, "truncated");
    }

    [Fact]
    public async Task ParquetColumnOfTheWrongType()
    {
        var path = _dir.File("int.parquet");
        await ParquetTestFiles.Write(path, new[] { new IntAnswerRow { Question = "Q?", Answer = 4 } });
        DataAssert.Fails(() => DatasetReader.Read(path), path, "field 'answer'", "expected a string column, found Int64");
    }

    [Fact]
    public async Task ParquetColumnNamesAreCaseSensitive()
    {
        var path = _dir.File("case.parquet");
        await ParquetTestFiles.Write(path, new[] { new CapitalisedRow { Question = "Q?", Answer = "A" } });
        DataAssert.Fails(() => DatasetReader.Read(path), path, "field 'question'", "'Question'", "case-sensitive");
    }

    [Fact]
    public async Task ParquetNullQuestionNamesTheRow()
    {
        var path = _dir.File("nullq.parquet");
        var items = DataAssert.Sample().Select((item, i) => TofuParquetRow.From(item, i)).ToList();
        items[2].Question = null;
        await ParquetTestFiles.Write(path, items, rowGroupSize: 2);
        DataAssert.Fails(() => DatasetReader.Read(path), path, "record 3", "field 'question'", "is null");
    }

    [Fact]
    public async Task ParquetNullPerturbedItemNamesTheRow()
    {
        var path = _dir.File("nullitem.parquet");
        var rows = DataAssert.Sample().Select((item, i) => TofuParquetRow.From(item, i)).ToList();
        rows[3].PerturbedAnswer = ["fine", null!];
        await ParquetTestFiles.Write(path, rows);
        DataAssert.Fails(() => DatasetReader.Read(path), path, "record 4", "field 'perturbed_answer'", "item 2 is null");
    }

    /// <summary>A footer claiming a 2^28-element list in a few bytes is refused before Parquet.Net allocates for it.</summary>
    [Fact]
    public void ParquetFooterWithAnImpossibleListCount()
    {
        // FileMetaData{1: version = 1, 2: schema = list<struct> of 2^28 elements}, then nothing.
        byte[] footer = [0x15, 0x02, 0x19, 0xFC, 0x80, 0x80, 0x80, 0x80, 0x01, 0x00];
        var path = Bytes("huge-list.parquet", [.. "PAR1"u8, .. footer, .. BitConverter.GetBytes(footer.Length), .. "PAR1"u8]);
        DataAssert.Fails(() => DatasetReader.Read(path), path, "corrupt Parquet footer", "268435456 elements");
    }

    /// <summary>A page header with a negative size is caught by the pre-check and named by row range and column.</summary>
    [Fact]
    public async Task ParquetPageHeaderWithANegativeSize()
    {
        var path = _dir.File("page.parquet");
        await ParquetTestFiles.WriteItems(path, DataAssert.Sample(), compression: CompressionMethod.None);
        long offset;
        await using (var reader = await ParquetReader.CreateAsync(path))
        {
            var meta = reader.Metadata!.RowGroups[0].Columns[0].MetaData!;
            Assert.Equal(["question"], meta.PathInSchema);
            offset = new[] { meta.DictionaryPageOffset ?? 0, meta.DataPageOffset }.Where(o => o > 0).Min();
        }
        var bytes = File.ReadAllBytes(path);
        // PageHeader starts: field 1 (i32 type), field 2 (i32 uncompressed_page_size). Rewrite field 2's varint,
        // keeping its length, to all ones: an odd zigzag value, i.e. negative.
        Assert.Equal(0x15, bytes[offset]);
        var at = (int)offset + 1;
        while ((bytes[at] & 0x80) != 0) at++;
        at++;
        Assert.Equal(0x15, bytes[at]);
        at++;
        while ((bytes[at] & 0x80) != 0) bytes[at++] = 0xFF;
        bytes[at] = 0x7F;
        File.WriteAllBytes(path, bytes);
        DataAssert.Fails(() => DatasetReader.Read(path), path, "records 1-4", "field 'question'", "corrupt Parquet column", "bytes uncompressed");
    }

    /// <summary>Every truncation and many single-byte corruptions of a Parquet file: a LetheException or a clean read.</summary>
    [Fact]
    public async Task DamagedParquetNeverEscapesAsAnotherException()
    {
        var good = _dir.File("fuzz.parquet");
        var sample = DataAssert.Sample();
        await ParquetTestFiles.WriteItems(good, sample.Concat(sample), rowGroupSize: 3, compression: CompressionMethod.None);
        var bytes = File.ReadAllBytes(good);
        var path = _dir.File("damaged.parquet");
        var random = new Random(1234);
        var failures = 0;
        for (var trial = 0; trial < 600; trial++)
        {
            byte[] damaged;
            if (trial < bytes.Length / 8) damaged = bytes[..(trial * 8)];
            else
            {
                damaged = (byte[])bytes.Clone();
                var at = random.Next(damaged.Length);
                damaged[at] = (byte)random.Next(256);
            }
            File.WriteAllBytes(path, damaged);
            try
            {
                DatasetReader.Read(path);
            }
            catch (LetheException e)
            {
                Assert.Contains(path, e.Message);
                Assert.DoesNotContain('\n', e.Message);
                failures++;
            }
        }
        Assert.True(failures > 100, $"only {failures} damaged files were rejected");
    }

    /// <summary>Every prefix of a JSON Lines file and of a JSON array either loads or fails by name.</summary>
    [Fact]
    public void TruncatedJsonAtEveryByte()
    {
        var lines = _dir.File("full.json");
        DatasetWriter.WriteJsonLines(lines, DataAssert.Sample());
        var linesBytes = File.ReadAllBytes(lines);
        var arrayBytes = Encoding.UTF8.GetBytes("[" + string.Join(",", File.ReadAllLines(lines)) + "]");
        var path = _dir.File("prefix.json");
        foreach (var bytes in new[] { linesBytes, arrayBytes })
        {
            for (var n = 0; n < bytes.Length; n++)
            {
                File.WriteAllBytes(path, bytes[..n]);
                try
                {
                    var items = DatasetReader.Read(path);
                    Assert.True(items.Count < DataAssert.Sample().Count || n >= bytes.Length - 1);
                }
                catch (LetheException e)
                {
                    Assert.Contains(path, e.Message);
                }
            }
        }
    }

    public sealed class IntAnswerRow
    {
        [System.Text.Json.Serialization.JsonPropertyName("question")] public string? Question { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("answer")] public long Answer { get; set; }
    }

    public sealed class CapitalisedRow
    {
        [System.Text.Json.Serialization.JsonPropertyName("Question")] public string? Question { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("answer")] public string? Answer { get; set; }
    }
}
