using System.Text.Encodings.Web;
using System.Text.Json;
using Lethe.IO;

namespace Lethe.Tokenization;

/// <summary>
/// The result of <see cref="BpeTrainer.Train"/>: a byte-level BPE vocabulary that <see cref="Save"/> writes as
/// a Hugging Face tokenizer folder (tokenizer.json + tokenizer_config.json), loadable by
/// <see cref="HfTokenizer.Load"/>, by transformers' AutoTokenizer and by the tokenizers library.
/// </summary>
public sealed class TrainedBpe
{
    internal TrainedBpe(IReadOnlyList<string> tokens, IReadOnlyList<(string, string)> merges, BpeTrainerOptions options, int distinctWords)
    {
        Tokens = tokens;
        Merges = merges;
        Options = options;
        DistinctWords = distinctWords;
    }

    /// <summary>Token strings by id (byte-level characters: 'Ġ' is a space).</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Learned merges in rank order.</summary>
    public IReadOnlyList<(string Left, string Right)> Merges { get; }

    public BpeTrainerOptions Options { get; }

    /// <summary>How many distinct pre-tokenized words the corpus had.</summary>
    public int DistinctWords { get; }

    /// <summary>Writes tokenizer.json and tokenizer_config.json into <paramref name="directory"/> (created if needed), each atomically.</summary>
    public void Save(string directory)
    {
        try { Directory.CreateDirectory(directory); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        { throw new LetheException($"{directory}: cannot create folder ({e.Message})"); }
        WriteAtomically(Path.Combine(directory, "tokenizer.json"), WriteTokenizerJson);
        WriteAtomically(Path.Combine(directory, "tokenizer_config.json"), WriteConfigJson);
    }

    static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    static void WriteAtomically(string path, Action<Utf8JsonWriter> write)
        => AtomicFile.Write(path, stream =>
        {
            using var writer = new Utf8JsonWriter(stream, WriterOptions);
            write(writer);
        });

    static void ByteLevel(Utf8JsonWriter w, string type, bool addPrefixSpace, bool trimOffsets)
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteBoolean("add_prefix_space", addPrefixSpace);
        w.WriteBoolean("trim_offsets", trimOffsets);
        w.WriteBoolean("use_regex", true);
        w.WriteEndObject();
    }

    void WriteTokenizerJson(Utf8JsonWriter w)
    {
        var o = Options;
        w.WriteStartObject();
        w.WriteString("version", "1.0");
        w.WriteNull("truncation");
        w.WriteNull("padding");
        w.WriteStartArray("added_tokens");
        for (int i = 0; i < o.SpecialTokens.Count; i++)
        {
            w.WriteStartObject();
            w.WriteNumber("id", i);
            w.WriteString("content", o.SpecialTokens[i]);
            w.WriteBoolean("single_word", false);
            w.WriteBoolean("lstrip", false);
            w.WriteBoolean("rstrip", false);
            w.WriteBoolean("normalized", false);
            w.WriteBoolean("special", true);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNull("normalizer");
        w.WritePropertyName("pre_tokenizer");
        ByteLevel(w, "ByteLevel", addPrefixSpace: false, trimOffsets: true);
        w.WritePropertyName("post_processor");
        if (o.AddBosToken) WriteBosTemplate(w, o.BosToken!, o.SpecialTokens.ToList().IndexOf(o.BosToken!));
        else ByteLevel(w, "ByteLevel", addPrefixSpace: true, trimOffsets: false);
        w.WritePropertyName("decoder");
        ByteLevel(w, "ByteLevel", addPrefixSpace: true, trimOffsets: true);

        w.WriteStartObject("model");
        w.WriteString("type", "BPE");
        w.WriteNull("dropout");
        w.WriteNull("unk_token");
        w.WriteNull("continuing_subword_prefix");
        w.WriteNull("end_of_word_suffix");
        w.WriteBoolean("fuse_unk", false);
        w.WriteBoolean("byte_fallback", false);
        w.WriteBoolean("ignore_merges", false);
        w.WriteStartObject("vocab");
        for (int i = 0; i < Tokens.Count; i++) w.WriteNumber(Tokens[i], i);
        w.WriteEndObject();
        // "left right" strings (not pairs) so older tokenizers releases load the file too; byte-level tokens never contain a space.
        w.WriteStartArray("merges");
        foreach (var (l, r) in Merges) w.WriteStringValue(l + " " + r);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    static void WriteBosTemplate(Utf8JsonWriter w, string bos, int bosId)
    {
        void Special(int typeId)
        {
            w.WriteStartObject();
            w.WriteStartObject("SpecialToken");
            w.WriteString("id", bos);
            w.WriteNumber("type_id", typeId);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        void Sequence(string id, int typeId)
        {
            w.WriteStartObject();
            w.WriteStartObject("Sequence");
            w.WriteString("id", id);
            w.WriteNumber("type_id", typeId);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteStartObject();
        w.WriteString("type", "TemplateProcessing");
        w.WriteStartArray("single");
        Special(0); Sequence("A", 0);
        w.WriteEndArray();
        w.WriteStartArray("pair");
        Special(0); Sequence("A", 0); Special(1); Sequence("B", 1);
        w.WriteEndArray();
        w.WriteStartObject("special_tokens");
        w.WriteStartObject(bos);
        w.WriteString("id", bos);
        w.WriteStartArray("ids"); w.WriteNumberValue(bosId); w.WriteEndArray();
        w.WriteStartArray("tokens"); w.WriteStringValue(bos); w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    void WriteConfigJson(Utf8JsonWriter w)
    {
        var o = Options;
        w.WriteStartObject();
        w.WriteBoolean("add_bos_token", o.AddBosToken);
        w.WriteBoolean("add_eos_token", false);
        w.WriteStartObject("added_tokens_decoder");
        for (int i = 0; i < o.SpecialTokens.Count; i++)
        {
            w.WriteStartObject(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("content", o.SpecialTokens[i]);
            w.WriteBoolean("lstrip", false);
            w.WriteBoolean("normalized", false);
            w.WriteBoolean("rstrip", false);
            w.WriteBoolean("single_word", false);
            w.WriteBoolean("special", true);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        void TokenOrNull(string name, string? value)
        {
            if (value is null) w.WriteNull(name); else w.WriteString(name, value);
        }
        TokenOrNull("bos_token", o.BosToken);
        TokenOrNull("eos_token", o.EosToken);
        TokenOrNull("pad_token", o.PadToken);
        w.WriteNull("unk_token");
        if (o.ChatTemplate is not null) w.WriteString("chat_template", o.ChatTemplate);
        w.WriteBoolean("clean_up_tokenization_spaces", false);
        w.WriteNumber("model_max_length", o.ModelMaxLength);
        w.WriteString("tokenizer_class", "PreTrainedTokenizerFast");
        w.WriteEndObject();
    }
}
