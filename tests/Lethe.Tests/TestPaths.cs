using Xunit;

namespace Lethe.Tests;

/// <summary>Where the repository and the shared reference folder (../shared next to the checkout) are.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>../shared beside the checkout, or null when this machine does not have it.</summary>
    public static string? Shared
    {
        get
        {
            var p = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
            return Directory.Exists(p) ? p : null;
        }
    }

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Path under ../shared; a test that reaches here only runs when SharedFact let it.</summary>
    public static string SharedPath(params string[] parts)
        => Path.Combine(new[] { Shared ?? throw new InvalidOperationException("../shared is missing") }.Concat(parts).ToArray());

    static string FindRepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "Lethe.sln"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("cannot find Lethe.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>A fresh temporary folder, deleted by the caller's using.</summary>
    public static TempDir Temp() => new();
}

public sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lethe-test-" + Guid.NewGuid().ToString("N")[..12]);
    public TempDir() => Directory.CreateDirectory(Path);
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose() { try { Directory.Delete(Path, true); } catch (IOException) { } }
}

/// <summary>
/// A fact that needs ../shared. Without it the test is skipped with a visible reason — except under CI=true,
/// where it runs and fails, so the conformance suite can never pass by running nothing.
/// </summary>
public sealed class SharedFactAttribute : FactAttribute
{
    public SharedFactAttribute()
    {
        if (TestPaths.Shared is null && !TestPaths.InCi)
            Skip = "../shared is absent: conformance against the shared golden files was not run";
    }
}

/// <summary>The theory form of <see cref="SharedFactAttribute"/>.</summary>
public sealed class SharedTheoryAttribute : TheoryAttribute
{
    public SharedTheoryAttribute()
    {
        if (TestPaths.Shared is null && !TestPaths.InCi)
            Skip = "../shared is absent: conformance against the shared golden files was not run";
    }
}
