namespace Lethe.Templates;

/// <summary>Walks the AST to find which names a body reads (Jinja decides from this whether a macro takes
/// varargs, kwargs and caller).</summary>
internal static class AstNames
{
    public static bool Reads(IEnumerable<Stmt> body, string name) =>
        body.SelectMany(Expressions).SelectMany(Flatten).Any(e => e is NameExpr n && n.Name == name);

    static IEnumerable<Expr> Flatten(Expr e)
    {
        yield return e;
        foreach (var child in Children(e))
        foreach (var x in Flatten(child))
            yield return x;
    }

    static IEnumerable<Expr> Args(ArgList a) =>
        a.Positional.Concat(a.Keywords.Select(k => k.Value))
            .Concat(a.DynArgs is null ? [] : [a.DynArgs]).Concat(a.DynKwargs is null ? [] : [a.DynKwargs]);

    static IEnumerable<Expr> Children(Expr e) => e switch
    {
        ListExpr l => l.Items,
        TupleExpr t => t.Items,
        DictExpr d => d.Pairs.SelectMany(p => new[] { p.Key, p.Value }),
        GetAttrExpr g => [g.Obj],
        GetItemExpr g => [g.Obj, g.Arg],
        SliceExpr s => new[] { s.Start, s.Stop, s.Step }.OfType<Expr>(),
        CallExpr c => Args(c.Args).Prepend(c.Callee),
        FilterExpr f => f.Operand is null ? Args(f.Args) : Args(f.Args).Prepend(f.Operand),
        TestExpr t => Args(t.Args).Prepend(t.Operand),
        UnaryExpr u => [u.Operand],
        BinaryExpr b => [b.Left, b.Right],
        ConcatExpr c => c.Parts,
        CompareExpr c => c.Rest.Select(r => r.Operand).Prepend(c.First),
        CondExpr c => new[] { c.Test, c.Then, c.Otherwise }.OfType<Expr>(),
        _ => [],
    };

    static IEnumerable<Expr> Expressions(Stmt s) => s switch
    {
        PrintStmt p => [p.Value],
        ForStmt f => new[] { f.Iter, f.Filter }.OfType<Expr>()
            .Concat(f.Body.SelectMany(Expressions)).Concat(f.Otherwise.SelectMany(Expressions)),
        IfStmt i => i.Branches.SelectMany(b => b.Body.SelectMany(Expressions).Prepend(b.Test))
            .Concat(i.Otherwise.SelectMany(Expressions)),
        SetStmt set => [set.Value],
        SetBlockStmt sb => sb.Body.SelectMany(Expressions).Concat(sb.Filter is null ? [] : [sb.Filter]),
        MacroStmt m => m.Macro.Defaults.Concat(m.Macro.Body.SelectMany(Expressions)),
        CallBlockStmt c => c.Caller.Defaults.Concat(c.Caller.Body.SelectMany(Expressions)).Prepend(c.Call),
        FilterBlockStmt fb => fb.Body.SelectMany(Expressions).Prepend(fb.Filter),
        WithStmt w => w.Assignments.Select(a => a.Value).Concat(w.Body.SelectMany(Expressions)),
        ScopeStmt sc => sc.Body.SelectMany(Expressions),
        _ => [],
    };
}
