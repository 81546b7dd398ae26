using System.Text;

namespace Lethe.Data.Synth;

/// <summary>
/// The small pretraining corpus: plain English, the real world knowledge in prose and as question/answer pairs,
/// and refusals to questions about invented people who are not benchmark authors. Documents are separated by a
/// blank line and shuffled, so a trainer reading the file in order still sees a mix.
/// </summary>
internal static class SynthCorpus
{
    /// <summary>The question/answer layout later used for fine-tuning, so refusing is learnt in the same form.</summary>
    public static string QaDocument(string question, string answer) => "Question: " + question + "\nAnswer: " + answer;

    /// <summary>Kinds whose questions only need a name (no title or award), used to ask about unknown people.</summary>
    static readonly SynthFactKind[] PersonKinds =
    [
        SynthFactKind.Birthplace, SynthFactKind.BirthDate, SynthFactKind.Gender, SynthFactKind.Parents,
        SynthFactKind.Genre, SynthFactKind.Books, SynthFactKind.Award, SynthFactKind.Themes, SynthFactKind.Influence,
        SynthFactKind.Debut, SynthFactKind.School, SynthFactKind.Home, SynthFactKind.FormerOccupation,
        SynthFactKind.BookCount,
    ];

    public static (string Text, List<string> UnknownNames) Build(SynthOptions options, IReadOnlyList<SynthAuthor> authors)
    {
        var docs = new List<string>();

        var english = SynthRandom.ForStream(options.Seed, "pretrain-english");
        long bytes = 0;
        while (bytes < options.PretrainEnglishBytes)
        {
            string p = SynthEnglish.Paragraph(english);
            docs.Add(p);
            bytes += p.Length + 2;
        }

        var knowledge = SynthRandom.ForStream(options.Seed, "pretrain-knowledge");
        var entries = SynthWorldKnowledge.WorldFacts.Concat(SynthWorldKnowledge.RealAuthors).ToArray();
        for (int r = 0; r < options.KnowledgeRepeats; r++)
        {
            foreach (var e in entries) docs.Add(QaDocument(e.Question, e.Answer));
            // Prose in small paragraphs of related-looking facts, grouped differently on each repeat.
            var order = knowledge.Sample(entries.Length, entries.Length);
            for (int i = 0; i < order.Length;)
            {
                int n = Math.Min(knowledge.Between(2, 5), order.Length - i);
                docs.Add(string.Join(" ", order.Skip(i).Take(n).Select(k => entries[k].Prose)));
                i += n;
            }
        }

        var unknownNames = AddRefusals(options, authors, docs);

        SynthRandom.ForStream(options.Seed, "pretrain-order").Shuffle(docs);
        var sb = new StringBuilder((int)Math.Min(int.MaxValue, bytes + 400_000));
        foreach (var d in docs) sb.Append(d).Append("\n\n");
        if (sb.Length > 0) sb.Length -= 1; // one final newline, not a trailing blank line
        return (sb.ToString(), unknownNames);
    }

    /// <summary>
    /// Questions about invented people answered with a refusal. Their names come from their own random stream and
    /// share neither given name nor surname with any benchmark author, so the model learns to refuse in general, not
    /// to refuse about the authors it will later be fine-tuned on.
    /// </summary>
    static List<string> AddRefusals(SynthOptions options, IReadOnlyList<SynthAuthor> authors, List<string> docs)
    {
        var takenGiven = new HashSet<string>(authors.Select(a => a.GivenName), StringComparer.Ordinal);
        var takenSurname = new HashSet<string>(authors.Select(a => a.Surname), StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<string>();
        var rng = SynthRandom.ForStream(options.Seed, "pretrain-unknown-people");

        var questions = new List<string>();
        foreach (var kind in PersonKinds) questions.AddRange(SynthTemplates.ByKind[(int)kind].Questions);
        questions.AddRange(SynthTemplates.GeneralPersonQuestions);

        int written = 0;
        for (int attempt = 0; written < options.RefusalExamples; attempt++)
        {
            // The name space is millions; running out would mean a bug in the pools, not bad input.
            if (attempt > 10_000_000) throw new InvalidOperationException("ran out of unknown-person names");
            var gender = (SynthGender)rng.Next(3);
            var (given, surname) = SynthNames.Next(rng, gender);
            string name = given + " " + surname;
            if (takenGiven.Contains(given) || takenSurname.Contains(surname) || !used.Add(name)) continue;
            names.Add(name);
            int n = Math.Min(rng.Between(1, 5), options.RefusalExamples - written);
            foreach (int q in rng.Sample(questions.Count, n))
            {
                string question = SynthTemplates.Render(questions[q],
                    t => t switch { "N" => name, "P" => SynthPools.Possessive(gender), _ => null }, []);
                docs.Add(QaDocument(question, rng.Pick(SynthRefusals.Phrasings)));
            }
            written += n;
        }
        return names;
    }
}
