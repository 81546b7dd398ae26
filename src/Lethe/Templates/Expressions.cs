namespace Lethe.Templates;

// Expression nodes of the template AST; names follow Jinja's nodes module. Every node keeps its template line
// so that errors raised while evaluating it can name the line.

internal abstract class Expr(int line)
{
    public int Line { get; } = line;
}

internal sealed class ConstExpr(int line, object? value) : Expr(line)
{
    public object? Value { get; } = value;
}

internal sealed class NameExpr(int line, string name) : Expr(line)
{
    public string Name { get; } = name;
}

/// <summary>Target of <c>{% set ns.attr = ... %}</c>: only valid on a namespace object.</summary>
internal sealed class NsRefExpr(int line, string name, string attr) : Expr(line)
{
    public string Name { get; } = name;
    public string Attr { get; } = attr;
}

internal sealed class ListExpr(int line, IReadOnlyList<Expr> items) : Expr(line)
{
    public IReadOnlyList<Expr> Items { get; } = items;
}

internal sealed class TupleExpr(int line, IReadOnlyList<Expr> items) : Expr(line)
{
    public IReadOnlyList<Expr> Items { get; } = items;
}

internal sealed class DictExpr(int line, IReadOnlyList<(Expr Key, Expr Value)> pairs) : Expr(line)
{
    public IReadOnlyList<(Expr Key, Expr Value)> Pairs { get; } = pairs;
}

/// <summary><c>obj.attr</c>: Python attribute first, then item (Jinja's environment.getattr).</summary>
internal sealed class GetAttrExpr(int line, Expr obj, string attr) : Expr(line)
{
    public Expr Obj { get; } = obj;
    public string Attr { get; } = attr;
}

/// <summary><c>obj[arg]</c>: item first, then attribute for string keys (Jinja's environment.getitem).</summary>
internal sealed class GetItemExpr(int line, Expr obj, Expr arg) : Expr(line)
{
    public Expr Obj { get; } = obj;
    public Expr Arg { get; } = arg;
}

internal sealed class SliceExpr(int line, Expr? start, Expr? stop, Expr? step) : Expr(line)
{
    public Expr? Start { get; } = start;
    public Expr? Stop { get; } = stop;
    public Expr? Step { get; } = step;
}

/// <summary>Arguments of a call, filter or test: positional, keyword, <c>*args</c>, <c>**kwargs</c>.</summary>
internal sealed class ArgList(
    IReadOnlyList<Expr> positional, IReadOnlyList<(string Name, Expr Value)> keywords, Expr? dynArgs, Expr? dynKwargs)
{
    public static readonly ArgList Empty = new([], [], null, null);
    public IReadOnlyList<Expr> Positional { get; } = positional;
    public IReadOnlyList<(string Name, Expr Value)> Keywords { get; } = keywords;
    public Expr? DynArgs { get; } = dynArgs;
    public Expr? DynKwargs { get; } = dynKwargs;
}

internal sealed class CallExpr(int line, Expr callee, ArgList args) : Expr(line)
{
    public Expr Callee { get; } = callee;
    public ArgList Args { get; } = args;
}

/// <summary>
/// <c>operand | name(args)</c>. <see cref="Operand"/> is null for the filter of a filter block or set block,
/// which receives the captured body. <see cref="Function"/> is null when the filter is unknown but sits in an
/// if-branch: Jinja then fails only if the branch runs.
/// </summary>
internal sealed class FilterExpr(int line, Expr? operand, string name, ArgList args, Filters.FilterFunc? function)
    : Expr(line)
{
    public Expr? Operand { get; } = operand;
    public string Name { get; } = name;
    public ArgList Args { get; } = args;
    public Filters.FilterFunc? Function { get; } = function;
}

/// <summary><c>operand is name(args)</c>; <see cref="Function"/> null as for <see cref="FilterExpr"/>.</summary>
internal sealed class TestExpr(int line, Expr operand, string name, ArgList args, JinjaTests.TestFunc? function) : Expr(line)
{
    public Expr Operand { get; } = operand;
    public string Name { get; } = name;
    public ArgList Args { get; } = args;
    public JinjaTests.TestFunc? Function { get; } = function;
}

/// <summary>Unary <c>-</c>, <c>+</c> or <c>not</c>.</summary>
internal sealed class UnaryExpr(int line, string op, Expr operand) : Expr(line)
{
    public string Op { get; } = op;
    public Expr Operand { get; } = operand;
}

/// <summary>Arithmetic <c>+ - * / // % **</c> and the short-circuit <c>and</c> / <c>or</c>.</summary>
internal sealed class BinaryExpr(int line, string op, Expr left, Expr right) : Expr(line)
{
    public string Op { get; } = op;
    public Expr Left { get; } = left;
    public Expr Right { get; } = right;
}

/// <summary><c>a ~ b ~ c</c>: the str() of each operand joined.</summary>
internal sealed class ConcatExpr(int line, IReadOnlyList<Expr> parts) : Expr(line)
{
    public IReadOnlyList<Expr> Parts { get; } = parts;
}

/// <summary>A comparison chain <c>a &lt; b == c</c>; operators are eq ne lt lteq gt gteq in notin.</summary>
internal sealed class CompareExpr(int line, Expr first, IReadOnlyList<(string Op, Expr Operand)> rest) : Expr(line)
{
    public Expr First { get; } = first;
    public IReadOnlyList<(string Op, Expr Operand)> Rest { get; } = rest;
}

/// <summary><c>then if test else otherwise</c>; without else the result is undefined when the test fails.</summary>
internal sealed class CondExpr(int line, Expr test, Expr then, Expr? otherwise) : Expr(line)
{
    public Expr Test { get; } = test;
    public Expr Then { get; } = then;
    public Expr? Otherwise { get; } = otherwise;
}
