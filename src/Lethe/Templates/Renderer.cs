using System.Text;

namespace Lethe.Templates;

/// <summary>
/// Walks the AST and writes the output, one render at a time. Python-level failures from the value operations
/// are turned into <see cref="TemplateRuntimeError"/> at the innermost node, which gives them its line.
/// </summary>
internal sealed class Renderer
{
    /// <summary>Cap on the rendered text; a chat prompt is orders of magnitude smaller.</summary>
    public const int MaxOutputLength = 100_000_000;

    /// <summary>Cap on nested macro calls (Python's own recursion limit would stop Jinja near here).</summary>
    const int MaxCallDepth = 100;

    enum Flow { Normal, Break, Continue }

    StringBuilder _out = new();
    int _callDepth;

    public string Render(IReadOnlyList<Stmt> body, IReadOnlyDictionary<string, object?> variables)
    {
        var root = new Scope(null);
        foreach (var (name, value) in Globals.All()) root.Set(name, value);
        foreach (var (name, value) in variables) root.Set(name, value);
        Exec(body, new Scope(root));
        return _out.ToString();
    }

    void Write(string s)
    {
        if (_out.Length + (long)s.Length > MaxOutputLength)
            throw new PyException("MemoryError", $"rendered text exceeds {MaxOutputLength} characters");
        _out.Append(s);
    }

    /// <summary>Runs <paramref name="action"/> with its output collected into a string instead of the page.</summary>
    string Capture(Action action)
    {
        var saved = _out;
        _out = new StringBuilder();
        try
        {
            action();
            return _out.ToString();
        }
        finally { _out = saved; }
    }

    // ---- statements ------------------------------------------------------------------------------------------

    Flow Exec(IReadOnlyList<Stmt> body, Scope scope)
    {
        foreach (var stmt in body)
        {
            var flow = ExecOne(stmt, scope);
            if (flow != Flow.Normal) return flow;
        }
        return Flow.Normal;
    }

    Flow ExecOne(Stmt stmt, Scope scope)
    {
        try
        {
            switch (stmt)
            {
                case TextStmt t:
                    Write(t.Text);
                    return Flow.Normal;
                case PrintStmt p:
                    Write(PyRepr.Str(Eval(p.Value, scope)));
                    return Flow.Normal;
                case IfStmt i:
                    foreach (var (test, body) in i.Branches)
                        if (PyOps.Truthy(Eval(test, scope))) return Exec(body, scope);
                    return Exec(i.Otherwise, scope);
                case ForStmt f:
                    return RunFor(f, scope, Eval(f.Iter, scope), 0);
                case SetStmt s:
                    Assign(s.Target, Eval(s.Value, scope), scope);
                    return Flow.Normal;
                case SetBlockStmt sb:
                {
                    object? value = Capture(() => Exec(sb.Body, new Scope(scope)));
                    if (sb.Filter is not null) value = ApplyFilterChain(sb.Filter, value, scope);
                    Assign(sb.Target, value, scope);
                    return Flow.Normal;
                }
                case MacroStmt m:
                    scope.Set(m.Macro.Name, new Macro(m.Macro, scope));
                    return Flow.Normal;
                case CallBlockStmt c:
                    Write(PyRepr.Str(Eval(c.Call, scope, new Macro(c.Caller, scope))));
                    return Flow.Normal;
                case FilterBlockStmt fb:
                {
                    string body = Capture(() => Exec(fb.Body, new Scope(scope)));
                    Write(PyRepr.Str(ApplyFilterChain(fb.Filter, body, scope)));
                    return Flow.Normal;
                }
                case WithStmt w:
                {
                    // The values are evaluated in the enclosing scope, then bound in the new one.
                    var values = w.Assignments.Select(a => Eval(a.Value, scope)).ToList();
                    var inner = new Scope(scope);
                    for (int k = 0; k < values.Count; k++) Assign(w.Assignments[k].Target, values[k], inner);
                    return Exec(w.Body, inner);
                }
                case ScopeStmt sc:
                    return Exec(sc.Body, new Scope(scope));
                case LoopControlStmt lc:
                    return lc.IsContinue ? Flow.Continue : Flow.Break;
                default:
                    throw new InvalidOperationException($"unknown statement {stmt.GetType().Name}");
            }
        }
        catch (PyException e)
        {
            throw new TemplateRuntimeError(e.Kind, e.Message, stmt.Line, e);
        }
    }

    Flow RunFor(ForStmt f, Scope scope, object? iterable, int depth0)
    {
        var items = PyOps.ToList(iterable);
        if (f.Filter is not null)
        {
            items = items.Where(item =>
            {
                var test = new Scope(scope);
                Assign(f.Target, item, test);
                return PyOps.Truthy(Eval(f.Filter, test));
            }).ToList();
        }
        if (items.Count == 0) return Exec(f.Otherwise, new Scope(scope));
        Func<object?, int, string>? recurse = f.Recursive
            ? (next, depth) => Capture(() => RunFor(f, scope, next, depth))
            : null;
        var loop = new LoopContext(items, depth0, recurse);
        for (int i = 0; i < items.Count; i++)
        {
            loop.Index0 = i;
            var iteration = new Scope(scope);
            Assign(f.Target, items[i], iteration);
            iteration.Set("loop", loop);
            if (Exec(f.Body, iteration) == Flow.Break) break;
        }
        return Flow.Normal;
    }

    void Assign(Expr target, object? value, Scope scope)
    {
        switch (target)
        {
            case NameExpr n:
                scope.Set(n.Name, value);
                break;
            case NsRefExpr ns:
                if (!scope.TryGet(ns.Name, out var obj) || obj is not Namespace space)
                    throw new PyException("TemplateRuntimeError", "cannot assign attribute on non-namespace object");
                space.Set(ns.Attr, value);
                break;
            case TupleExpr t:
                if (!PyOps.IsIterable(value))
                    throw PyException.Type($"cannot unpack non-iterable {PyOps.TypeName(value)} object");
                var items = PyOps.ToList(value);
                if (items.Count < t.Items.Count)
                    throw PyException.Value($"not enough values to unpack (expected {t.Items.Count}, got {items.Count})");
                if (items.Count > t.Items.Count)
                    throw PyException.Value($"too many values to unpack (expected {t.Items.Count})");
                for (int i = 0; i < items.Count; i++) Assign(t.Items[i], items[i], scope);
                break;
            default:
                throw new InvalidOperationException($"cannot assign to {target.GetType().Name}");
        }
    }

    // ---- expressions -----------------------------------------------------------------------------------------

    object? Eval(Expr e, Scope scope, Macro? caller = null)
    {
        try
        {
            return EvalCore(e, scope, caller);
        }
        catch (PyException ex)
        {
            throw new TemplateRuntimeError(ex.Kind, ex.Message, e.Line, ex);
        }
        catch (TemplateError te) when (te.Line is null)
        {
            throw new TemplateError(te.Message, e.Line);
        }
    }

    object? EvalCore(Expr e, Scope scope, Macro? caller)
    {
        switch (e)
        {
            case ConstExpr c:
                return c.Value;
            case NameExpr n:
                return scope.TryGet(n.Name, out var v) ? v : Undefined.Variable(n.Name);
            case ListExpr l:
                return new PyList(l.Items.Select(x => Eval(x, scope)).ToArray());
            case TupleExpr t:
                return new PyList(t.Items.Select(x => Eval(x, scope)).ToArray(), SeqKind.Tuple);
            case DictExpr d:
            {
                var dict = new PyDict();
                foreach (var (k, x) in d.Pairs) dict.Set(Eval(k, scope), Eval(x, scope));
                return dict;
            }
            case GetAttrExpr g:
                return PyOps.GetAttr(Eval(g.Obj, scope), g.Attr);
            case GetItemExpr g:
            {
                var obj = Eval(g.Obj, scope);
                return PyOps.GetItem(obj, Eval(g.Arg, scope));
            }
            case SliceExpr s:
                return new PySlice(s.Start is null ? null : Eval(s.Start, scope), s.Stop is null ? null : Eval(s.Stop, scope),
                    s.Step is null ? null : Eval(s.Step, scope));
            case CallExpr call:
            {
                var callee = Eval(call.Callee, scope);
                var args = EvalArgs(call.Args, scope, caller);
                return callee switch
                {
                    IPyCallable f => f.Call(this, args),
                    Undefined u => throw u.Fail(),
                    _ => throw PyException.Type($"'{PyOps.TypeName(callee)}' object is not callable"),
                };
            }
            case FilterExpr f:
                return ApplyFilter(f, Eval(f.Operand!, scope), scope);
            case TestExpr t:
            {
                var value = Eval(t.Operand, scope);
                if (t.Function is null) throw new PyException("TemplateRuntimeError", $"No test named {PyRepr.Repr(t.Name)} found.");
                return t.Function(this, value, EvalArgs(t.Args, scope, null));
            }
            case UnaryExpr u:
            {
                var value = Eval(u.Operand, scope);
                return u.Op switch
                {
                    "not" => !PyOps.Truthy(value),
                    "-" => PyOps.Negate(value),
                    _ => PyOps.Plus(value),
                };
            }
            case BinaryExpr b:
            {
                var left = Eval(b.Left, scope);
                switch (b.Op)
                {
                    case "and": return PyOps.Truthy(left) ? Eval(b.Right, scope) : left;
                    case "or": return PyOps.Truthy(left) ? left : Eval(b.Right, scope);
                }
                var right = Eval(b.Right, scope);
                return b.Op switch
                {
                    "+" => PyOps.Add(left, right),
                    "-" => PyOps.Sub(left, right),
                    "*" => PyOps.Mul(left, right),
                    "/" => PyOps.TrueDiv(left, right),
                    "//" => PyOps.FloorDiv(left, right),
                    "%" => PyOps.Mod(left, right),
                    _ => PyOps.Pow(left, right),
                };
            }
            case ConcatExpr c:
            {
                var sb = new StringBuilder();
                foreach (var part in c.Parts) sb.Append(PyRepr.Str(Eval(part, scope)));
                return sb.ToString();
            }
            case CompareExpr c:
            {
                var left = Eval(c.First, scope);
                foreach (var (op, operand) in c.Rest)
                {
                    var right = Eval(operand, scope);
                    bool ok = op switch
                    {
                        "eq" => PyOps.Equal(left, right),
                        "ne" => !PyOps.Equal(left, right),
                        "in" => PyOps.Contains(right, left),
                        "notin" => !PyOps.Contains(right, left),
                        _ => PyOps.Compare(op, left, right),
                    };
                    if (!ok) return false;
                    left = right;
                }
                return true;
            }
            case CondExpr c:
                if (PyOps.Truthy(Eval(c.Test, scope))) return Eval(c.Then, scope);
                return c.Otherwise is not null
                    ? Eval(c.Otherwise, scope)
                    : Undefined.WithHint($"the inline if-expression on line {c.Line} evaluated to false and no else section was defined.");
            case NsRefExpr ns:
                throw new PyException("TemplateRuntimeError", $"'{ns.Name}.{ns.Attr}' can only be assigned to");
            default:
                throw new InvalidOperationException($"unknown expression {e.GetType().Name}");
        }
    }

    CallArguments EvalArgs(ArgList a, Scope scope, Macro? caller)
    {
        if (a.Positional.Count == 0 && a.Keywords.Count == 0 && a.DynArgs is null && a.DynKwargs is null && caller is null)
            return CallArguments.None;
        var positional = a.Positional.Select(x => Eval(x, scope)).ToList();
        var keywords = a.Keywords.Select(k => new KeyValuePair<string, object?>(k.Name, Eval(k.Value, scope))).ToList();
        if (a.DynArgs is not null) positional.AddRange(PyOps.ToList(Eval(a.DynArgs, scope)));
        if (a.DynKwargs is not null)
        {
            var extra = Eval(a.DynKwargs, scope);
            if (extra is not PyDict d) throw PyException.Type($"argument after ** must be a mapping, not {PyOps.TypeName(extra)}");
            foreach (var (k, v) in d.Items)
                keywords.Add(new(k as string ?? throw PyException.Type("keywords must be strings"), v));
        }
        if (caller is not null) keywords.Add(new("caller", caller));
        var seen = new HashSet<string>();
        foreach (var (k, _) in keywords)
            if (!seen.Add(k)) throw PyException.Type($"got multiple values for keyword argument '{k}'");
        return new CallArguments(positional, keywords);
    }

    /// <summary>The filters of a set block or filter block, applied to its rendered body in order.</summary>
    object? ApplyFilterChain(FilterExpr f, object? input, Scope scope)
    {
        if (f.Operand is FilterExpr inner) input = ApplyFilterChain(inner, input, scope);
        try { return ApplyFilter(f, input, scope); }
        catch (PyException ex) { throw new TemplateRuntimeError(ex.Kind, ex.Message, f.Line, ex); }
    }

    object? ApplyFilter(FilterExpr f, object? input, Scope scope)
    {
        if (f.Function is null) throw new PyException("TemplateRuntimeError", $"No filter named {PyRepr.Repr(f.Name)} found.");
        return f.Function(this, input, EvalArgs(f.Args, scope, null));
    }

    // ---- macros ----------------------------------------------------------------------------------------------

    /// <summary>Calls a macro as Jinja's Macro.__call__ does: positional arguments first, then keywords for the
    /// remaining parameters, defaults evaluated in the macro's scope, missing ones undefined; extra arguments only
    /// if the body reads <c>varargs</c> / <c>kwargs</c>.</summary>
    public object? CallMacro(Macro macro, CallArguments args, Macro? caller)
    {
        var def = macro.Definition;
        var parameters = def.Parameters;
        int n = parameters.Count;
        var positional = args.Positional;
        var kwargs = new List<KeyValuePair<string, object?>>(args.Keywords);
        object? Pop(string name)
        {
            int i = kwargs.FindIndex(k => k.Key == name);
            if (i < 0) return Missing;
            var v = kwargs[i].Value;
            kwargs.RemoveAt(i);
            return v;
        }
        var values = new object?[n];
        for (int i = 0; i < n; i++)
            values[i] = i < positional.Count ? positional[i] : Pop(parameters[i]);
        object? callerValue = null;
        if (macro.UsesCaller)
        {
            callerValue = (object?)caller ?? Pop("caller");
            if (callerValue == Missing) callerValue = Undefined.WithHint("No caller defined");
        }
        if (!macro.UsesKwargs && kwargs.Count > 0)
        {
            if (kwargs.Any(k => k.Key == "caller"))
                throw PyException.Type($"macro '{def.Name}' was invoked with two values for the special caller argument. This is most likely a bug.");
            throw PyException.Type($"macro '{def.Name}' takes no keyword argument '{kwargs[0].Key}'");
        }
        if (!macro.UsesVarargs && positional.Count > n)
            throw PyException.Type($"macro '{def.Name}' takes not more than {n} argument(s)");
        if (_callDepth >= MaxCallDepth) throw new PyException("RecursionError", "maximum recursion depth exceeded");
        _callDepth++;
        try
        {
            var scope = new Scope(macro.Closure);
            int firstDefault = n - def.Defaults.Count;
            for (int i = 0; i < n; i++)
            {
                object? value = values[i];
                if (value == Missing)
                    value = i >= firstDefault
                        ? Eval(def.Defaults[i - firstDefault], scope)
                        : Undefined.WithHint($"parameter {PyRepr.Repr(parameters[i])} was not provided");
                scope.Set(parameters[i], value);
            }
            if (macro.UsesCaller) scope.Set("caller", callerValue);
            if (macro.UsesKwargs)
            {
                var d = new PyDict();
                foreach (var (k, v) in kwargs) d.Set(k, v);
                scope.Set("kwargs", d);
            }
            if (macro.UsesVarargs) scope.Set("varargs", new PyList(positional.Skip(n).ToArray(), SeqKind.Tuple));
            return Capture(() => Exec(def.Body, scope));
        }
        finally { _callDepth--; }
    }

    static readonly object Missing = new();
}
