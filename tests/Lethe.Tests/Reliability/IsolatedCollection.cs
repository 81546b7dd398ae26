using Xunit;

namespace Lethe.Tests.Reliability;

/// <summary>
/// Tests that measure the process itself (resident memory, allocation, time per case) run alone, after the
/// parallel ones, so other tests' work does not show up in their numbers.
/// </summary>
[CollectionDefinition(nameof(IsolatedCollection), DisableParallelization = true)]
public sealed class IsolatedCollection;
