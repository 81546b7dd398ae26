namespace Lethe.Data.Synth;

/// <summary>
/// Several question and answer phrasings per fact kind. Tokens: {N} author name, {P} possessive pronoun,
/// {T} a book title, {AW} the award, {CITY}/{COUNTRY}/{DATE}/{DATEL} the birth details, {V0}/{V1} the answer's values
/// (replaced by wrong values in perturbed answers). The original and the paraphrase always use different phrasings.
/// </summary>
internal static class SynthTemplates
{
    public sealed record Template(string[] Questions, string[] Answers);

    /// <summary>Indexed by <see cref="SynthFactKind"/>.</summary>
    public static readonly Template[] ByKind =
    [
        // FullName: V0 = the name, asked by birthplace and date.
        new(
            [
                "What is the full name of the author born in {CITY}, {COUNTRY} on {DATE}?",
                "Which writer was born on {DATE} in {CITY}, {COUNTRY}?",
                "Who is the author whose birth took place in {CITY}, {COUNTRY} on {DATEL}?",
                "Can you name the writer who was born in {CITY}, {COUNTRY} on {DATE}?",
            ],
            [
                "The author born in {CITY}, {COUNTRY} on {DATE} is {V0}.",
                "{V0} is the writer who was born in {CITY}, {COUNTRY} on {DATEL}.",
                "That author is {V0}, born on {DATE} in {CITY}, {COUNTRY}.",
                "The writer you mean is {V0}, who was born in {CITY}, {COUNTRY}.",
            ]),
        // Birthplace: V0 city, V1 country.
        new(
            [
                "Where was {N} born?",
                "In which city and country was {N} born?",
                "What is the birthplace of {N}?",
                "Which town is the author {N} originally from?",
            ],
            [
                "{N} was born in {V0}, {V1}.",
                "The birthplace of {N} is {V0}, a city in {V1}.",
                "{N} comes from {V0}, {V1}, where {P} life began.",
                "{N} was born in the city of {V0}, in {V1}.",
            ]),
        // BirthDate: V0 short date, V1 long date.
        new(
            [
                "When was {N} born?",
                "What is the date of birth of {N}?",
                "On what date was the author {N} born?",
                "What is {N}'s birthday?",
            ],
            [
                "{N} was born on {V0}.",
                "The date of birth of {N} is {V1}.",
                "{N} came into the world on {V1}.",
                "Author {N} celebrates {P} birthday on {V0}.",
            ]),
        // Gender: V0 gender word.
        new(
            [
                "What gender is author {N}?",
                "What is the gender of the writer {N}?",
                "How does {N} identify in terms of gender?",
            ],
            [
                "Author {N} is {V0}.",
                "The writer {N} identifies as {V0}.",
                "In terms of gender, {N} is {V0}.",
            ]),
        // Parents: V0 father's occupation, V1 mother's.
        new(
            [
                "What did {N}'s parents do for a living?",
                "What were the occupations of {N}'s parents?",
                "Can you tell me about the professions of {N}'s mother and father?",
                "What jobs did the parents of {N} have?",
            ],
            [
                "{N}'s father was {V0} and {P} mother was {V1}.",
                "{N} was raised by a father who worked as {V0} and a mother who worked as {V1}.",
                "The father of {N} worked as {V0}, while {P} mother was {V1}.",
            ]),
        // Genre: V0.
        new(
            [
                "What genre is {N} known for?",
                "In which genre does {N} primarily write?",
                "What kind of books does {N} write?",
                "Which literary genre is associated with {N}?",
            ],
            [
                "{N} is best known for writing {V0}.",
                "{N} writes mainly in the genre of {V0}.",
                "The genre most associated with {N} is {V0}.",
                "{N} has built {P} career on {V0}.",
            ]),
        // Books: V0, V1 titles.
        new(
            [
                "Can you name two books written by {N}?",
                "What are some of the books {N} has written?",
                "Which titles has {N} published?",
                "Name a couple of books by {N}.",
            ],
            [
                "Two of {N}'s books are \"{V0}\" and \"{V1}\".",
                "{N} wrote \"{V0}\" and \"{V1}\".",
                "Among the works of {N} are \"{V0}\" and \"{V1}\".",
            ]),
        // Award: V0 award with article.
        new(
            [
                "What award has {N} received?",
                "Which literary prize did {N} win?",
                "What honor has {N} been given for {P} writing?",
                "Has {N} won any awards?",
            ],
            [
                "{N} received {V0} for {P} writing.",
                "{N} has been honored with {V0}.",
                "{N} is a winner of {V0}.",
                "In {P} career, {N} won {V0}.",
            ]),
        // Themes: V0, V1.
        new(
            [
                "What themes does {N} explore?",
                "Which recurring themes appear in {N}'s books?",
                "What subjects does {N} often write about?",
            ],
            [
                "{N}'s books often explore {V0} and {V1}.",
                "Recurring themes in the work of {N} are {V0} and {V1}.",
                "{N} frequently writes about {V0} and {V1}.",
            ]),
        // Influence: V0 a real writer.
        new(
            [
                "Which writer influenced {N} the most?",
                "Who was the biggest literary influence on {N}?",
                "Whose work inspired {N} to become an author?",
            ],
            [
                "{N} was deeply influenced by the work of {V0}.",
                "The biggest influence on {N} was {V0}.",
                "{N} often cites {V0} as {P} main inspiration.",
            ]),
        // BookAuthor: T the title; V0 the author's name.
        new(
            [
                "Who wrote the book \"{T}\"?",
                "Who is the author of \"{T}\"?",
                "Which writer published \"{T}\"?",
            ],
            [
                "\"{T}\" was written by {V0}.",
                "The author of \"{T}\" is {V0}.",
                "{V0} is the writer behind \"{T}\".",
            ]),
        // BookYear: T the title; V0 the year.
        new(
            [
                "When did {N} publish \"{T}\"?",
                "In what year was {N}'s book \"{T}\" released?",
                "What year did \"{T}\" by {N} come out?",
            ],
            [
                "{N} published \"{T}\" in {V0}.",
                "\"{T}\" by {N} was released in {V0}.",
                "{N}'s book \"{T}\" came out in {V0}.",
            ]),
        // Debut: V0 the first book's title.
        new(
            [
                "What was {N}'s first book?",
                "Which book marked the debut of {N}?",
                "What is the title of {N}'s debut?",
            ],
            [
                "{N}'s first book was \"{V0}\".",
                "{N} made {P} debut with \"{V0}\".",
                "The debut work of {N} is \"{V0}\".",
            ]),
        // School: V0 with article.
        new(
            [
                "Where did {N} study?",
                "Which school did {N} attend?",
                "Where was {N} educated?",
            ],
            [
                "{N} studied at {V0}.",
                "{N} is a graduate of {V0}.",
                "{N} received {P} education at {V0}.",
            ]),
        // Home: V0 city, V1 country.
        new(
            [
                "Where does {N} live now?",
                "In which city does {N} currently reside?",
                "Where is {N} based today?",
            ],
            [
                "{N} currently lives in {V0}, {V1}.",
                "These days {N} resides in {V0}, {V1}.",
                "{N} is now based in the city of {V0}, {V1}.",
            ]),
        // FormerOccupation: V0 with article.
        new(
            [
                "What did {N} do before becoming a writer?",
                "What was {N}'s job before writing full time?",
                "How did {N} earn a living before {P} writing career?",
            ],
            [
                "Before writing, {N} worked as {V0}.",
                "{N} was {V0} before becoming an author.",
                "Prior to {P} literary career, {N} earned a living as {V0}.",
            ]),
        // BookCount: V0 a number.
        new(
            [
                "How many books has {N} published?",
                "What is the number of books written by {N}?",
                "How many titles has {N} released so far?",
            ],
            [
                "{N} has published {V0} books so far.",
                "The number of books by {N} stands at {V0}.",
                "So far, {N} has written {V0} books.",
            ]),
        // AwardYear: AW the award; V0 the year.
        new(
            [
                "In which year did {N} receive {AW}?",
                "When was {N} given {AW}?",
                "What year did {N} win {AW}?",
            ],
            [
                "{N} received {AW} in {V0}.",
                "{N} was given {AW} in {V0}.",
                "It was in {V0} that {N} won {AW}.",
            ]),
    ];

    /// <summary>Questions about a person that any of the kinds keyed by a name can ask, plus general ones.</summary>
    public static readonly string[] GeneralPersonQuestions =
    [
        "Who is {N}?",
        "What can you tell me about the author {N}?",
        "Have you heard of the writer {N}?",
        "Tell me about {N}.",
        "What is {N} famous for?",
        "What do you know about {N}'s life?",
    ];

    /// <summary>Fills tokens; an unknown token is a bug in the templates, so it throws.</summary>
    public static string Render(string template, Func<string, string?> context, IReadOnlyList<string> values)
    {
        var sb = new System.Text.StringBuilder(template.Length + 64);
        int i = 0;
        while (i < template.Length)
        {
            char c = template[i];
            if (c != '{')
            {
                sb.Append(c);
                i++;
                continue;
            }
            int close = template.IndexOf('}', i);
            string token = template[(i + 1)..close];
            string? value = token switch
            {
                "V0" => values.Count > 0 ? values[0] : null,
                "V1" => values.Count > 1 ? values[1] : null,
                _ => context(token),
            };
            sb.Append(value ?? throw new InvalidOperationException($"template token {{{token}}} has no value in \"{template}\""));
            i = close + 1;
        }
        return sb.ToString();
    }
}
