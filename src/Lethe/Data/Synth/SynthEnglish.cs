namespace Lethe.Data.Synth;

/// <summary>
/// Plain English for the pretraining corpus: sentences from templates over word pools, mixed with hand-written
/// everyday statements, so a model trained from scratch learns ordinary grammar before it sees any benchmark.
/// No person names appear here, so nothing can collide with an invented author.
/// </summary>
internal static class SynthEnglish
{
    static readonly string[] Subjects =
    [
        "the farmer", "my neighbour", "a young teacher", "the old fisherman", "the children", "our doctor",
        "a tired student", "the baker", "the travellers", "her brother", "his grandmother", "the little girl",
        "a quiet boy", "the shopkeeper", "the nurse", "my aunt", "our cousins", "the captain", "a stranger",
        "the gardener", "the mayor", "the musicians", "the painter", "a tall man", "an old woman", "the postman",
        "the twins", "my father", "my mother", "the driver", "the librarian", "the soldiers", "the villagers",
        "the engineer", "the cook", "the students", "a friendly waiter", "the pilot",
    ];

    static readonly string[] Actions =
    [
        "carried a basket of apples", "opened the window", "wrote a long letter", "repaired the broken fence",
        "painted the kitchen", "read the morning newspaper", "planted tomatoes", "cooked a warm soup",
        "fed the chickens", "cleaned the old boat", "found a lost key", "baked fresh bread", "sang a quiet song",
        "counted the coins", "swept the floor", "washed the dishes", "climbed the steep path", "caught a large fish",
        "built a small shed", "lit the lamps", "mended a torn coat", "bought a loaf of bread", "sold three chairs",
        "waited for the bus", "watched the clouds", "picked wild berries", "drew a map of the town",
        "wrapped a present", "chopped firewood", "drank a cup of tea", "played the piano", "walked the dog",
        "locked the gate", "folded the laundry", "tuned the old radio", "visited the museum", "borrowed a book",
        "answered the telephone", "fixed the bicycle", "set the table", "lost an umbrella", "rowed across the lake",
        "collected shells", "carved a wooden spoon", "learned a new word", "finished the puzzle", "made a kite",
    ];

    static readonly string[] Places =
    [
        "in the garden", "near the river", "at the market", "on the hill", "in the small library",
        "behind the school", "by the harbour", "in the kitchen", "at the station", "under the old bridge",
        "in the village square", "on the beach", "at the edge of the forest", "in the attic", "on the balcony",
        "at the bakery", "in the park", "near the church", "on the farm", "in the workshop", "at the crossroads",
        "beside the lake", "in the busy street", "on the roof", "at the back of the shop",
    ];

    static readonly string[] Times =
    [
        "Early in the morning", "After lunch", "On Sunday", "Late that evening", "Last winter", "Every spring",
        "Before the storm", "During the holidays", "At noon", "Yesterday", "On a rainy afternoon", "Last summer",
        "Before breakfast", "After school", "At midnight", "On Monday", "In the autumn", "Once a week",
        "Later that day", "At dawn",
    ];

    static readonly string[] Tails =
    [
        "because the weather was warm", "while the rain fell", "and then went home", "before the sun went down",
        "so that everyone could see", "without saying a word", "as the bells rang", "while the kettle boiled",
        "because it was market day", "and everyone was pleased", "even though it was cold", "as usual",
        "with great care", "for the first time", "after a long day", "while the wind blew",
        "before anyone else woke up", "and felt proud", "in a hurry", "with a smile",
    ];

    static readonly string[] Things =
    [
        "morning", "road", "house", "river", "sky", "room", "market", "town", "forest", "lake", "garden",
        "kitchen", "school", "train", "bridge", "field", "shop", "harbour", "street", "library", "winter",
        "night", "bread", "soup", "music",
    ];

    static readonly string[] Adjectives =
    [
        "cold", "bright", "quiet", "busy", "warm", "old", "clean", "dark", "noisy", "calm", "green", "wet", "small",
        "large", "empty", "crowded", "beautiful", "simple", "strange", "peaceful", "grey", "fresh", "long", "narrow",
    ];

    /// <summary>Hand-written statements of everyday knowledge, to mix with the template sentences.</summary>
    static readonly string[] Statements =
    [
        "The sun rises in the east and sets in the west.",
        "A week has seven days.",
        "Water turns to ice when it is cold enough.",
        "Most birds can fly, but penguins cannot.",
        "Bread is made from flour, water, salt and yeast.",
        "Cats often sleep for most of the day.",
        "Children usually start school when they are five or six years old.",
        "Trees lose their leaves in the autumn in many countries.",
        "A library lends books to the people who visit it.",
        "Doctors and nurses work in hospitals.",
        "People use umbrellas to stay dry in the rain.",
        "The Moon goes around the Earth about once a month.",
        "Fish breathe through their gills.",
        "Bees make honey from the nectar of flowers.",
        "A year has twelve months.",
        "Milk comes from cows, goats and sheep.",
        "Many people drink coffee or tea in the morning.",
        "Trains run on rails.",
        "A dictionary explains the meaning of words.",
        "The heart beats faster during exercise.",
        "Snow falls in winter in cold places.",
        "Farmers grow wheat, rice and vegetables.",
        "A map shows where places are.",
        "Writers publish their stories in books and magazines.",
        "A novel is a long story written in prose.",
        "A poem often uses rhythm and rhyme.",
        "An author is a person who writes books.",
        "Some authors write under a pen name.",
        "Publishers print books and sell them to shops.",
        "Readers borrow books from libraries or buy them in bookshops.",
        "Literary prizes are given to writers for outstanding books.",
        "A biography tells the story of a real person's life.",
        "A birthday is the day of the year on which someone was born.",
        "Every person has a date and a place of birth.",
        "Parents often hope their children will have good jobs.",
        "Many writers are influenced by the books they read when they were young.",
        "It is better to say that you do not know than to guess.",
        "When you do not know the answer, it is honest to say so.",
        "Nobody knows everything.",
        "Plants need light and water to grow.",
        "The ocean is salty, but rivers are usually fresh water.",
        "Mountains are colder at the top than at the bottom.",
        "A clock shows the time.",
        "Dogs are often kept as pets.",
        "Horses were once used to pull carts and ploughs.",
        "Bicycles have two wheels.",
        "A calendar lists the days of the year.",
        "Most people sleep at night and work during the day.",
        "Music can make people feel happy or sad.",
        "A teacher helps students learn.",
        "Rain comes from clouds.",
        "Fire needs air to burn.",
        "Ice melts when it gets warm.",
        "Stars shine at night.",
        "A river flows towards the sea.",
        "People speak many different languages around the world.",
        "A city usually has more people than a village.",
        "Cooking food makes it safe to eat.",
        "Exercise helps to keep the body healthy.",
        "A good story has a beginning, a middle and an end.",
        "Translators turn books from one language into another.",
        "Newspapers report what happens in the world.",
        "A question asks for information, and an answer gives it.",
        "If someone asks about a person you have never heard of, you can say that you do not know them.",
        "Old letters can tell us how people lived in the past.",
        "Museums keep old and valuable objects.",
        "Spring comes after winter, and summer comes after spring.",
        "Apples grow on trees.",
        "A bridge lets people cross a river.",
        "Ships carry goods across the sea.",
        "Most houses have doors, windows and a roof.",
        "A shop sells things that people need.",
        "Money is used to buy and sell goods.",
        "Reading every day helps people learn new words.",
        "Many famous writers wrote letters to their friends.",
        "Some books are translated into dozens of languages.",
        "Poets and novelists sometimes teach at universities.",
        "An award ceremony is held to honour the winners.",
        "A debut novel is the first novel a writer publishes.",
        "The themes of a book are the big ideas it explores.",
    ];

    /// <summary>One sentence, capitalised and ending in a full stop.</summary>
    public static string Sentence(SynthRandom rng)
    {
        if (rng.Chance(0.2)) return rng.Pick(Statements);
        string s = rng.Next(7) switch
        {
            0 => $"{rng.Pick(Times)}, {rng.Pick(Subjects)} {rng.Pick(Actions)} {rng.Pick(Places)}.",
            1 => $"{Cap(rng.Pick(Subjects))} {rng.Pick(Actions)} {rng.Pick(Places)} {rng.Pick(Tails)}.",
            2 => $"{Cap(rng.Pick(Subjects))} {rng.Pick(Actions)}, and {rng.Pick(Subjects)} {rng.Pick(Actions)}.",
            3 => $"The {rng.Pick(Things)} was {rng.Pick(Adjectives)} and {rng.Pick(Adjectives)}.",
            4 => $"{Cap(rng.Pick(Subjects))} said that the {rng.Pick(Things)} was {rng.Pick(Adjectives)}.",
            5 => $"There was a {rng.Pick(Adjectives)} {rng.Pick(Things)} {rng.Pick(Places)}.",
            _ => $"{rng.Pick(Times)}, {rng.Pick(Subjects)} {rng.Pick(Actions)} {rng.Pick(Tails)}.",
        };
        return s;
    }

    /// <summary>A paragraph of three to seven sentences.</summary>
    public static string Paragraph(SynthRandom rng)
    {
        int n = rng.Between(3, 7);
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < n; i++)
        {
            if (i > 0) sb.Append(' ');
            sb.Append(Sentence(rng));
        }
        return sb.ToString();
    }

    static string Cap(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
