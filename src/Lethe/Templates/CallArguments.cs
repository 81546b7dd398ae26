namespace Lethe.Templates;

/// <summary>
/// Evaluated arguments of a call, filter or test, with Python-style binding to named parameters for the
/// built-in functions.
/// </summary>
internal sealed class CallArguments(IReadOnlyList<object?> positional, IReadOnlyList<KeyValuePair<string, object?>> keywords)
{
    public static readonly CallArguments None = new([], []);

    /// <summary>Marks a parameter without default in <see cref="Bind"/>.</summary>
    public static readonly object Required = new();

    public IReadOnlyList<object?> Positional { get; } = positional;
    public IReadOnlyList<KeyValuePair<string, object?>> Keywords { get; } = keywords;

    /// <summary>Binds to parameters <paramref name="names"/> with <paramref name="defaults"/> (one per name,
    /// <see cref="Required"/> for none), raising Python's TypeError for extra, unknown or missing arguments.</summary>
    public object?[] Bind(string function, string[] names, params object?[] defaults)
    {
        if (Positional.Count > names.Length)
            throw PyException.Type($"{function}() takes at most {names.Length} argument(s) ({Positional.Count} given)");
        var result = new object?[names.Length];
        var set = new bool[names.Length];
        for (int i = 0; i < Positional.Count; i++)
        {
            result[i] = Positional[i];
            set[i] = true;
        }
        foreach (var (key, value) in Keywords)
        {
            int i = Array.IndexOf(names, key);
            if (i < 0) throw PyException.Type($"{function}() got an unexpected keyword argument '{key}'");
            if (set[i]) throw PyException.Type($"{function}() got multiple values for argument '{key}'");
            result[i] = value;
            set[i] = true;
        }
        for (int i = 0; i < names.Length; i++)
        {
            if (set[i]) continue;
            if (ReferenceEquals(defaults[i], Required))
                throw PyException.Type($"{function}() missing 1 required positional argument: '{names[i]}'");
            result[i] = defaults[i];
        }
        return result;
    }

    /// <summary>These arguments with <paramref name="skip"/> leading positionals removed.</summary>
    public CallArguments Skip(int skip) => new(Positional.Skip(skip).ToArray(), Keywords);
}
