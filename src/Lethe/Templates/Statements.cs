namespace Lethe.Templates;

// Statement nodes of the template AST, one per Jinja tag this renderer supports.

internal abstract class Stmt(int line)
{
    public int Line { get; } = line;
}

/// <summary>Template text between tags, output as is.</summary>
internal sealed class TextStmt(int line, string text) : Stmt(line)
{
    public string Text { get; } = text;
}

/// <summary><c>{{ expr }}</c> or <c>{% print expr %}</c>: outputs Python's str() of the value.</summary>
internal sealed class PrintStmt(int line, Expr value) : Stmt(line)
{
    public Expr Value { get; } = value;
}

internal sealed class ForStmt(
    int line, Expr target, Expr iter, Expr? filter, bool recursive, IReadOnlyList<Stmt> body, IReadOnlyList<Stmt> otherwise)
    : Stmt(line)
{
    public Expr Target { get; } = target;
    public Expr Iter { get; } = iter;
    public Expr? Filter { get; } = filter;
    public bool Recursive { get; } = recursive;
    public IReadOnlyList<Stmt> Body { get; } = body;
    public IReadOnlyList<Stmt> Otherwise { get; } = otherwise;
}

internal sealed class IfStmt(int line, IReadOnlyList<(Expr Test, IReadOnlyList<Stmt> Body)> branches, IReadOnlyList<Stmt> otherwise)
    : Stmt(line)
{
    public IReadOnlyList<(Expr Test, IReadOnlyList<Stmt> Body)> Branches { get; } = branches;
    public IReadOnlyList<Stmt> Otherwise { get; } = otherwise;
}

/// <summary><c>{% set target = value %}</c>; target is a name, a namespace attribute or a tuple of them.</summary>
internal sealed class SetStmt(int line, Expr target, Expr value) : Stmt(line)
{
    public Expr Target { get; } = target;
    public Expr Value { get; } = value;
}

/// <summary><c>{% set target | filter %}body{% endset %}</c>: the rendered body (optionally filtered) is assigned.</summary>
internal sealed class SetBlockStmt(int line, Expr target, FilterExpr? filter, IReadOnlyList<Stmt> body) : Stmt(line)
{
    public Expr Target { get; } = target;
    public FilterExpr? Filter { get; } = filter;
    public IReadOnlyList<Stmt> Body { get; } = body;
}

/// <summary>A macro signature and body, shared by <c>{% macro %}</c> and the caller of <c>{% call %}</c>.</summary>
internal sealed class MacroDef(string name, IReadOnlyList<string> parameters, IReadOnlyList<Expr> defaults, IReadOnlyList<Stmt> body)
{
    public string Name { get; } = name;
    public IReadOnlyList<string> Parameters { get; } = parameters;
    /// <summary>Defaults of the last <c>Defaults.Count</c> parameters.</summary>
    public IReadOnlyList<Expr> Defaults { get; } = defaults;
    public IReadOnlyList<Stmt> Body { get; } = body;
}

internal sealed class MacroStmt(int line, MacroDef macro) : Stmt(line)
{
    public MacroDef Macro { get; } = macro;
}

/// <summary><c>{% call(params) macro(args) %}body{% endcall %}</c>: the body becomes the macro's <c>caller</c>.</summary>
internal sealed class CallBlockStmt(int line, CallExpr call, MacroDef caller) : Stmt(line)
{
    public CallExpr Call { get; } = call;
    public MacroDef Caller { get; } = caller;
}

/// <summary><c>{% filter name(args) %}body{% endfilter %}</c>.</summary>
internal sealed class FilterBlockStmt(int line, FilterExpr filter, IReadOnlyList<Stmt> body) : Stmt(line)
{
    public FilterExpr Filter { get; } = filter;
    public IReadOnlyList<Stmt> Body { get; } = body;
}

/// <summary><c>{% with a = x, b = y %}body{% endwith %}</c>: the names exist only inside the body.</summary>
internal sealed class WithStmt(int line, IReadOnlyList<(Expr Target, Expr Value)> assignments, IReadOnlyList<Stmt> body)
    : Stmt(line)
{
    public IReadOnlyList<(Expr Target, Expr Value)> Assignments { get; } = assignments;
    public IReadOnlyList<Stmt> Body { get; } = body;
}

/// <summary>A body rendered in its own scope: transformers' <c>{% generation %}</c> (a call block whose caller
/// is the body, so assignments inside do not leak out).</summary>
internal sealed class ScopeStmt(int line, IReadOnlyList<Stmt> body) : Stmt(line)
{
    public IReadOnlyList<Stmt> Body { get; } = body;
}

/// <summary><c>{% break %}</c> (Continue false) or <c>{% continue %}</c> (Continue true), from loopcontrols.</summary>
internal sealed class LoopControlStmt(int line, bool isContinue) : Stmt(line)
{
    public bool IsContinue { get; } = isContinue;
}
