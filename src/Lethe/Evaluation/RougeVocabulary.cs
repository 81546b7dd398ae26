using System.Buffers;
using System.Runtime.InteropServices;

namespace Lethe.Evaluation;

/// <summary>
/// Turns text into ROUGE token ids: the tokens of <see cref="RougeTokenizer"/>, each stemmed token interned to a
/// small int, so that the LCS and overlap loops of <see cref="Rouge"/> compare ints instead of strings.
/// </summary>
/// <remarks>
/// Built for the unlearning hot loop, where many sampled answers are scored against one reference: encode the
/// reference once, then encode each candidate with the same vocabulary. Ids are only comparable between texts
/// encoded by the same instance. Each distinct surface word is stemmed once and remembered (the cache and the id
/// table grow with the number of distinct words seen). Not thread-safe: use one instance per thread.
/// </remarks>
public sealed class RougeVocabulary
{
    // Stackalloc for ordinary answers; longer texts rent a buffer instead.
    const int StackBufferChars = 1024;

    readonly Dictionary<string, int> _idByStem = new(StringComparer.Ordinal);
    readonly Dictionary<string, int> _idByWord = new(StringComparer.Ordinal);
    readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _idByWordSpan;
    readonly List<string> _stems = [];

    public RougeVocabulary() => _idByWordSpan = _idByWord.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Number of distinct stemmed tokens interned so far; ids run from 0 to Count - 1.</summary>
    public int Count => _stems.Count;

    /// <summary>The stemmed token an id stands for.</summary>
    public string this[int id] => _stems[id];

    /// <summary>The id of an already stemmed token, adding it if new.</summary>
    public int Intern(string stemmedToken)
    {
        ArgumentNullException.ThrowIfNull(stemmedToken);
        ref int id = ref CollectionsMarshal.GetValueRefOrAddDefault(_idByStem, stemmedToken, out bool exists);
        if (!exists)
        {
            id = _stems.Count;
            _stems.Add(stemmedToken);
        }
        return id;
    }

    /// <summary>Token ids of <paramref name="text"/>, in order.</summary>
    public int[] Encode(string text)
    {
        var ids = new List<int>();
        EncodeInto(text, ids);
        return ids.ToArray();
    }

    /// <summary>Appends the token ids of <paramref name="text"/> to <paramref name="destination"/> (reuse it to avoid allocating).</summary>
    public void EncodeInto(string text, List<int> destination)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(destination);
        char[]? rented = null;
        Span<char> buffer = text.Length <= StackBufferChars
            ? stackalloc char[StackBufferChars]
            : (rented = ArrayPool<char>.Shared.Rent(text.Length));
        try
        {
            int pos = 0, length;
            while ((length = RougeTokenizer.NextRawToken(text, ref pos, buffer)) > 0)
            {
                int id = WordId(buffer[..length]);
                if (id >= 0) destination.Add(id);
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Id of a raw lowercase word's stem; -1 when stemming leaves nothing (rouge_score drops such tokens).</summary>
    int WordId(ReadOnlySpan<char> word)
    {
        if (_idByWordSpan.TryGetValue(word, out int id)) return id;
        string w = word.ToString();
        string stem = RougeTokenizer.StemToken(w);
        id = stem.Length == 0 ? -1 : Intern(stem);
        _idByWord[w] = id;
        return id;
    }
}
