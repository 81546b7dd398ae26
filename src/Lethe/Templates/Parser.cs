namespace Lethe.Templates;

/// <summary>
/// Recursive-descent parser from tokens to the AST, following Jinja2 3.1's grammar and operator precedence
/// (lowest first): conditional expression, <c>or</c>, <c>and</c>, <c>not</c>, comparisons and <c>in</c>,
/// <c>+ -</c>, <c>~</c>, <c>* / // %</c>, <c>**</c> (left-associative, as in Jinja), unary <c>- +</c>, then
/// postfix <c>.attr [item] (call)</c> and filters / tests, which therefore bind tighter than any operator.
/// </summary>
internal sealed class Parser
{
    static readonly HashSet<string> UnsupportedTags = ["block", "extends", "include", "import", "from", "autoescape"];

    readonly List<Token> _tokens;
    int _index;
    // Jinja checks filter and test names when compiling, except inside an if-statement or a conditional expression
    // ("soft frame"), where an unknown name fails only if evaluated. Unknown names seen outside such frames are
    // collected here and reported once the whole template has parsed (a syntax error anywhere comes first).
    bool _soft;
    readonly List<TemplateSyntaxError> _unknownNames = [];
    int _loopDepth;
    // Nesting guard: the parser and the renderer recurse, so absurdly deep input must fail cleanly instead of
    // overflowing the stack.
    int _nesting;
    const int MaxNesting = 150;

    Parser(List<Token> tokens) => _tokens = tokens;

    public static IReadOnlyList<Stmt> Parse(string source)
    {
        var parser = new Parser(Lexer.Tokenize(source));
        var body = parser.Subparse(null);
        if (parser._unknownNames.Count > 0) throw parser._unknownNames[0];
        return body;
    }

    Token Current => _tokens[_index];
    Token Look => _tokens[Math.Min(_index + 1, _tokens.Count - 1)];

    Token Advance()
    {
        var t = _tokens[_index];
        if (t.Kind != TokenKind.Eof) _index++;
        return t;
    }

    bool SkipOp(string op)
    {
        if (!Current.IsOp(op)) return false;
        _index++;
        return true;
    }

    bool SkipName(string name)
    {
        if (!Current.IsName(name)) return false;
        _index++;
        return true;
    }

    TemplateSyntaxError Fail(string message, int? line = null) => new(message, line ?? Current.Line);

    Token Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind) throw Unexpected(what);
        return Advance();
    }

    void ExpectOp(string op)
    {
        if (!SkipOp(op)) throw Unexpected($"'{op}'");
    }

    void ExpectName(string name)
    {
        if (!SkipName(name)) throw Unexpected($"'{name}'");
    }

    TemplateSyntaxError Unexpected(string expected) => Current.Kind == TokenKind.Eof
        ? Fail($"unexpected end of template, expected {expected}.")
        : Fail($"expected token {expected}, got '{Current.Describe()}'");

    // ---- statements ------------------------------------------------------------------------------------------

    // For Jinja's messages about unclosed blocks: the end tags each open body waits for, and the open tags.
    readonly List<string[]> _endTokenStack = [];
    readonly List<string> _tagStack = [];

    /// <summary>Jinja's message for an unknown tag (name given) or a premature end of the template.</summary>
    TemplateSyntaxError UnknownTagOrEof(string? name, int line)
    {
        var message = new List<string> { name is null ? "Unexpected end of template." : $"Encountered unknown tag '{name}'." };
        if (_endTokenStack.Count > 0)
        {
            string looking = string.Join(" or ", _endTokenStack[^1].Select(t => $"'{t}'"));
            bool expected = name is not null && _endTokenStack.Any(tokens => tokens.Contains(name));
            message.Add(expected
                ? $"You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for {looking}."
                : $"Jinja was looking for the following tags: {looking}.");
        }
        if (_tagStack.Count > 0) message.Add($"The innermost block that needs to be closed is '{_tagStack[^1]}'.");
        return Fail(string.Join(" ", message), line);
    }

    List<Stmt> Subparse(string[]? endTokens)
    {
        if (endTokens is not null) _endTokenStack.Add(endTokens);
        try { return SubparseCore(endTokens); }
        finally
        {
            if (endTokens is not null) _endTokenStack.RemoveAt(_endTokenStack.Count - 1);
        }
    }

    List<Stmt> SubparseCore(string[]? endTokens)
    {
        var body = new List<Stmt>();
        while (Current.Kind != TokenKind.Eof)
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.Data:
                    body.Add(new TextStmt(token.Line, token.Text));
                    Advance();
                    break;
                case TokenKind.VariableBegin:
                    Advance();
                    body.Add(new PrintStmt(token.Line, ParseTuple(withCondexpr: true)));
                    Expect(TokenKind.VariableEnd, "'end of print statement'");
                    break;
                case TokenKind.BlockBegin:
                    Advance();
                    if (endTokens is not null && Current.Kind == TokenKind.Name && endTokens.Contains(Current.Text))
                        return body;
                    body.Add(ParseStatement());
                    Expect(TokenKind.BlockEnd, "'end of statement block'");
                    break;
                default:
                    throw Fail($"unexpected '{token.Describe()}'");
            }
        }
        if (endTokens is not null) throw UnknownTagOrEof(null, Current.Line);
        return body;
    }

    /// <summary>Body of a block tag: skips the tag's "%}", parses up to one of the end tags (left current,
    /// or consumed with <paramref name="dropNeedle"/>).</summary>
    List<Stmt> ParseStatements(string[] endTokens, bool dropNeedle = false)
    {
        SkipOp(":");
        Expect(TokenKind.BlockEnd, "'end of statement block'");
        var body = Subparse(endTokens);
        if (dropNeedle) Advance();
        return body;
    }

    Stmt ParseStatement()
    {
        if (++_nesting > MaxNesting) throw Fail("the template nests too deeply");
        bool known = Current.Kind == TokenKind.Name && Current.Text is "for" or "if" or "set" or "macro" or "call"
            or "filter" or "with" or "print" or "break" or "continue" or "generation";
        if (known) _tagStack.Add(Current.Text);
        try { return ParseStatementCore(); }
        finally
        {
            _nesting--;
            if (known) _tagStack.RemoveAt(_tagStack.Count - 1);
        }
    }

    Stmt ParseStatementCore()
    {
        var token = Current;
        if (token.Kind != TokenKind.Name) throw Fail("tag name expected");
        switch (token.Text)
        {
            case "for": return ParseFor();
            case "if": return ParseIf();
            case "set": return ParseSet();
            case "macro": return ParseMacro();
            case "call": return ParseCallBlock();
            case "filter": return ParseFilterBlock();
            case "with": return ParseWith();
            case "print":
            {
                Advance();
                var items = new List<Expr>();
                while (Current.Kind != TokenKind.BlockEnd)
                {
                    if (items.Count > 0) ExpectOp(",");
                    items.Add(ParseExpression());
                }
                // Each value is printed in turn, which is what a concatenation prints.
                return items.Count == 1
                    ? new PrintStmt(token.Line, items[0])
                    : new PrintStmt(token.Line, new ConcatExpr(token.Line, items));
            }
            case "break" or "continue":
                Advance();
                if (_loopDepth == 0)
                    throw Fail(token.Text == "break" ? "'break' outside loop" : "'continue' not properly in loop", token.Line);
                return new LoopControlStmt(token.Line, token.Text == "continue");
            case "generation":
            {
                Advance();
                var body = InNewFrame(() => ParseStatements(["endgeneration"], dropNeedle: true), resetLoops: true);
                return new ScopeStmt(token.Line, body);
            }
        }
        if (UnsupportedTags.Contains(token.Text))
            throw Fail($"the '{token.Text}' tag is not supported: a chat template is rendered on its own, "
                       + "without other templates or autoescaping", token.Line);
        throw UnknownTagOrEof(token.Text, token.Line);
    }

    /// <summary>Runs a parse step in a new (not soft) Jinja frame, as for-bodies, macros and blocks get.</summary>
    T InNewFrame<T>(Func<T> parse, bool resetLoops = false)
    {
        bool soft = _soft;
        int loops = _loopDepth;
        _soft = false;
        if (resetLoops) _loopDepth = 0;
        try { return parse(); }
        finally
        {
            _soft = soft;
            _loopDepth = loops;
        }
    }

    Stmt ParseFor()
    {
        int line = Advance().Line;
        var target = ParseAssignTarget(extraEndRules: ["in"]);
        foreach (var name in AssignedNames(target))
            if (name == "loop") throw Fail("Can't assign to special loop variable in for-loop target", line);
        ExpectName("in");
        var iter = ParseTuple(withCondexpr: false, extraEndRules: ["recursive"]);
        return InNewFrame<Stmt>(() =>
        {
            Expr? filter = SkipName("if") ? ParseExpression() : null;
            bool recursive = SkipName("recursive");
            _loopDepth++;
            var body = ParseStatements(["endfor", "else"]);
            _loopDepth--;
            List<Stmt> otherwise = Advance().Text == "endfor" ? [] : ParseStatements(["endfor"], dropNeedle: true);
            return new ForStmt(line, target, iter, filter, recursive, body, otherwise);
        });
    }

    Stmt ParseIf()
    {
        int line = Advance().Line;
        bool soft = _soft;
        _soft = true;
        try
        {
            var branches = new List<(Expr, IReadOnlyList<Stmt>)>();
            List<Stmt> otherwise = [];
            while (true)
            {
                var test = ParseTuple(withCondexpr: false);
                var body = ParseStatements(["elif", "else", "endif"]);
                branches.Add((test, body));
                var token = Advance();
                if (token.Text == "elif") continue;
                if (token.Text == "else") otherwise = ParseStatements(["endif"], dropNeedle: true);
                break;
            }
            return new IfStmt(line, branches, otherwise);
        }
        finally { _soft = soft; }
    }

    Stmt ParseSet()
    {
        int line = Advance().Line;
        var target = ParseAssignTarget(withNamespace: true);
        if (SkipOp("=")) return new SetStmt(line, target, ParseTuple());
        var filter = (FilterExpr?)ParseFilter(null);
        var body = InNewFrame(() => ParseStatements(["endset"], dropNeedle: true));
        return new SetBlockStmt(line, target, filter, body);
    }

    Stmt ParseMacro()
    {
        int line = Advance().Line;
        string name = Expect(TokenKind.Name, "name").Text;
        return InNewFrame<Stmt>(() =>
        {
            var (parameters, defaults) = ParseSignature();
            var body = ParseStatements(["endmacro"], dropNeedle: true);
            return new MacroStmt(line, new MacroDef(name, parameters, defaults, body));
        }, resetLoops: true);
    }

    (List<string>, List<Expr>) ParseSignature()
    {
        var parameters = new List<string>();
        var defaults = new List<Expr>();
        ExpectOp("(");
        while (!Current.IsOp(")"))
        {
            if (parameters.Count > 0) ExpectOp(",");
            var token = Expect(TokenKind.Name, "name");
            if (token.Text is "true" or "false" or "none" or "True" or "False" or "None")
                throw Fail($"can't assign to '{token.Text}'", token.Line);
            if (SkipOp("=")) defaults.Add(ParseExpression());
            else if (defaults.Count > 0) throw Fail("non-default argument follows default argument");
            parameters.Add(token.Text);
        }
        ExpectOp(")");
        return (parameters, defaults);
    }

    Stmt ParseCallBlock()
    {
        int line = Advance().Line;
        return InNewFrame<Stmt>(() =>
        {
            var (parameters, defaults) = Current.IsOp("(") ? ParseSignature() : ([], []);
            var call = ParseExpression();
            if (call is not CallExpr callExpr) throw Fail("expected call", line);
            var body = ParseStatements(["endcall"], dropNeedle: true);
            return new CallBlockStmt(line, callExpr, new MacroDef("caller", parameters, defaults, body));
        }, resetLoops: true);
    }

    Stmt ParseFilterBlock()
    {
        int line = Advance().Line;
        var filter = (FilterExpr)ParseFilter(null, startInline: true)!;
        var body = InNewFrame(() => ParseStatements(["endfilter"], dropNeedle: true));
        return new FilterBlockStmt(line, filter, body);
    }

    Stmt ParseWith()
    {
        int line = Advance().Line;
        var assignments = new List<(Expr, Expr)>();
        while (Current.Kind != TokenKind.BlockEnd)
        {
            if (assignments.Count > 0) ExpectOp(",");
            var target = ParseAssignTarget();
            ExpectOp("=");
            assignments.Add((target, ParseExpression()));
        }
        var body = InNewFrame(() => ParseStatements(["endwith"], dropNeedle: true));
        return new WithStmt(line, assignments, body);
    }

    Expr ParseAssignTarget(string[]? extraEndRules = null, bool withNamespace = false)
    {
        var target = ParseTuple(simplified: true, extraEndRules: extraEndRules, withNamespace: withNamespace);
        CheckAssignable(target);
        return target;
    }

    void CheckAssignable(Expr target)
    {
        switch (target)
        {
            case NameExpr or NsRefExpr:
                return;
            case TupleExpr tuple:
                foreach (var item in tuple.Items) CheckAssignable(item);
                return;
            default:
                string kind = target switch
                {
                    ConstExpr => "const",
                    ListExpr => "list",
                    DictExpr => "dict",
                    _ => target.GetType().Name.Replace("Expr", "").ToLowerInvariant(),
                };
                throw Fail($"can't assign to '{kind}'", target.Line);
        }
    }

    internal static IEnumerable<string> AssignedNames(Expr target) => target switch
    {
        NameExpr n => [n.Name],
        TupleExpr t => t.Items.SelectMany(AssignedNames),
        _ => [],
    };

    // ---- expressions -----------------------------------------------------------------------------------------

    bool IsTupleEnd(string[]? extraEndRules) =>
        Current.Kind is TokenKind.VariableEnd or TokenKind.BlockEnd || Current.IsOp(")")
        || (extraEndRules is not null && Current.Kind == TokenKind.Name && extraEndRules.Contains(Current.Text));

    Expr ParseTuple(bool simplified = false, bool withCondexpr = true, string[]? extraEndRules = null,
        bool explicitParentheses = false, bool withNamespace = false)
    {
        int line = Current.Line;
        var args = new List<Expr>();
        bool isTuple = false;
        while (true)
        {
            if (args.Count > 0) ExpectOp(",");
            if (IsTupleEnd(extraEndRules)) break;
            args.Add(simplified ? ParsePrimary(withNamespace) : ParseExpression(withCondexpr));
            if (Current.IsOp(",")) isTuple = true;
            else break;
            line = Current.Line;
        }
        if (!isTuple)
        {
            if (args.Count > 0) return args[0];
            if (!explicitParentheses) throw Fail($"Expected an expression, got '{Current.Describe()}'");
        }
        return new TupleExpr(line, args);
    }

    Expr ParseExpression(bool withCondexpr = true) => withCondexpr ? ParseCondexpr() : ParseOr();

    Expr ParseCondexpr()
    {
        int line = Current.Line;
        int unknownMark = _unknownNames.Count;
        bool soft = _soft;
        var expr1 = ParseOr();
        try
        {
            while (SkipName("if"))
            {
                // The whole conditional expression is a soft frame, including the part parsed before "if".
                _unknownNames.RemoveRange(unknownMark, _unknownNames.Count - unknownMark);
                _soft = true;
                var expr2 = ParseOr();
                Expr? expr3 = SkipName("else") ? Nested(ParseCondexpr) : null;
                expr1 = new CondExpr(line, expr2, expr1, expr3);
                line = Current.Line;
            }
        }
        finally { _soft = soft; }
        return expr1;
    }

    Expr ParseOr()
    {
        int line = Current.Line;
        var left = ParseAnd();
        while (SkipName("or"))
        {
            left = new BinaryExpr(line, "or", left, ParseAnd());
            line = Current.Line;
        }
        return left;
    }

    Expr ParseAnd()
    {
        int line = Current.Line;
        var left = ParseNot();
        while (SkipName("and"))
        {
            left = new BinaryExpr(line, "and", left, ParseNot());
            line = Current.Line;
        }
        return left;
    }

    Expr ParseNot()
    {
        if (Current.IsName("not"))
        {
            int line = Advance().Line;
            return new UnaryExpr(line, "not", Nested(ParseNot));
        }
        return ParseCompare();
    }

    T Nested<T>(Func<T> parse)
    {
        if (++_nesting > MaxNesting) throw Fail("the expression nests too deeply");
        try { return parse(); }
        finally { _nesting--; }
    }

    static readonly Dictionary<string, string> CompareOps = new()
    {
        ["=="] = "eq", ["!="] = "ne", ["<"] = "lt", ["<="] = "lteq", [">"] = "gt", [">="] = "gteq",
    };

    Expr ParseCompare()
    {
        int line = Current.Line;
        var expr = ParseMath1();
        var ops = new List<(string, Expr)>();
        while (true)
        {
            if (Current.Kind == TokenKind.Operator && CompareOps.TryGetValue(Current.Text, out var op))
            {
                Advance();
                ops.Add((op, ParseMath1()));
            }
            else if (SkipName("in")) ops.Add(("in", ParseMath1()));
            else if (Current.IsName("not") && Look.IsName("in"))
            {
                Advance();
                Advance();
                ops.Add(("notin", ParseMath1()));
            }
            else break;
            line = Current.Line;
        }
        return ops.Count == 0 ? expr : new CompareExpr(line, expr, ops);
    }

    Expr ParseMath1()
    {
        int line = Current.Line;
        var left = ParseConcat();
        while (Current.IsOp("+") || Current.IsOp("-"))
        {
            string op = Advance().Text;
            left = new BinaryExpr(line, op, left, ParseConcat());
            line = Current.Line;
        }
        return left;
    }

    Expr ParseConcat()
    {
        int line = Current.Line;
        var args = new List<Expr> { ParseMath2() };
        while (SkipOp("~")) args.Add(ParseMath2());
        return args.Count == 1 ? args[0] : new ConcatExpr(line, args);
    }

    Expr ParseMath2()
    {
        int line = Current.Line;
        var left = ParsePow();
        while (Current.IsOp("*") || Current.IsOp("/") || Current.IsOp("//") || Current.IsOp("%"))
        {
            string op = Advance().Text;
            left = new BinaryExpr(line, op, left, ParsePow());
            line = Current.Line;
        }
        return left;
    }

    Expr ParsePow()
    {
        int line = Current.Line;
        var left = ParseUnary();
        while (SkipOp("**"))
        {
            left = new BinaryExpr(line, "**", left, ParseUnary());
            line = Current.Line;
        }
        return left;
    }

    Expr ParseUnary(bool withFilter = true)
    {
        int line = Current.Line;
        Expr node;
        if (SkipOp("-")) node = new UnaryExpr(line, "-", Nested(() => ParseUnary(false)));
        else if (SkipOp("+")) node = new UnaryExpr(line, "+", Nested(() => ParseUnary(false)));
        else node = ParsePrimary();
        node = ParsePostfix(node);
        if (withFilter) node = ParseFilterExpr(node);
        return node;
    }

    Expr ParsePrimary(bool withNamespace = false)
    {
        return Nested(() => ParsePrimaryCore(withNamespace));
    }

    Expr ParsePrimaryCore(bool withNamespace)
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Name:
                Advance();
                if (token.Text is "true" or "True") return new ConstExpr(token.Line, true);
                if (token.Text is "false" or "False") return new ConstExpr(token.Line, false);
                if (token.Text is "none" or "None") return new ConstExpr(token.Line, null);
                if (withNamespace && Current.IsOp("."))
                {
                    Advance();
                    return new NsRefExpr(token.Line, token.Text, Expect(TokenKind.Name, "name").Text);
                }
                return new NameExpr(token.Line, token.Text);
            case TokenKind.String:
            {
                Advance();
                string s = (string)token.Value!;
                // Adjacent literals concatenate, as in Python.
                while (Current.Kind == TokenKind.String) s += (string)Advance().Value!;
                return new ConstExpr(token.Line, s);
            }
            case TokenKind.Integer or TokenKind.Float:
                Advance();
                return new ConstExpr(token.Line, token.Value);
            case TokenKind.Operator when token.Text == "(":
            {
                Advance();
                var node = ParseTuple(explicitParentheses: true);
                ExpectOp(")");
                return node;
            }
            case TokenKind.Operator when token.Text == "[":
                return ParseList();
            case TokenKind.Operator when token.Text == "{":
                return ParseDict();
            default:
                throw Fail($"unexpected '{token.Describe()}'", token.Line);
        }
    }

    Expr ParseList()
    {
        int line = Advance().Line;
        var items = new List<Expr>();
        while (!Current.IsOp("]"))
        {
            if (items.Count > 0) ExpectOp(",");
            if (Current.IsOp("]")) break;
            items.Add(ParseExpression());
        }
        ExpectOp("]");
        return new ListExpr(line, items);
    }

    Expr ParseDict()
    {
        int line = Advance().Line;
        var pairs = new List<(Expr, Expr)>();
        while (!Current.IsOp("}"))
        {
            if (pairs.Count > 0) ExpectOp(",");
            if (Current.IsOp("}")) break;
            var key = ParseExpression();
            ExpectOp(":");
            pairs.Add((key, ParseExpression()));
        }
        ExpectOp("}");
        return new DictExpr(line, pairs);
    }

    Expr ParsePostfix(Expr node)
    {
        while (true)
        {
            if (Current.IsOp(".") || Current.IsOp("[")) node = ParseSubscript(node);
            else if (Current.IsOp("(")) node = ParseCall(node);
            else return node;
        }
    }

    Expr ParseFilterExpr(Expr node)
    {
        while (true)
        {
            if (Current.IsOp("|")) node = ParseFilter(node)!;
            else if (Current.IsName("is")) node = ParseTest(node);
            else if (Current.IsOp("(")) node = ParseCall(node);
            else return node;
        }
    }

    Expr ParseSubscript(Expr node)
    {
        var token = Advance();
        if (token.Text == ".")
        {
            var attr = Advance();
            if (attr.Kind == TokenKind.Name) return new GetAttrExpr(token.Line, node, attr.Text);
            if (attr.Kind != TokenKind.Integer) throw Fail("expected name or number", attr.Line);
            return new GetItemExpr(token.Line, node, new ConstExpr(attr.Line, attr.Value));
        }
        var args = new List<Expr>();
        while (!Current.IsOp("]"))
        {
            if (args.Count > 0) ExpectOp(",");
            args.Add(ParseSubscribed());
        }
        ExpectOp("]");
        return new GetItemExpr(token.Line, node, args.Count == 1 ? args[0] : new TupleExpr(token.Line, args));
    }

    Expr ParseSubscribed()
    {
        int line = Current.Line;
        Expr? start = null;
        if (!SkipOp(":"))
        {
            var node = ParseExpression();
            if (!SkipOp(":")) return node;
            start = node;
        }
        Expr? stop = null, step = null;
        if (!Current.IsOp(":") && !Current.IsOp("]") && !Current.IsOp(",")) stop = ParseExpression();
        if (SkipOp(":") && !Current.IsOp("]") && !Current.IsOp(",")) step = ParseExpression();
        return new SliceExpr(line, start, stop, step);
    }

    ArgList ParseCallArgs()
    {
        var open = Current;
        ExpectOp("(");
        var args = new List<Expr>();
        var kwargs = new List<(string, Expr)>();
        Expr? dynArgs = null, dynKwargs = null;
        bool requireComma = false;
        void Ensure(bool ok)
        {
            if (!ok) throw Fail("invalid syntax for function call expression", open.Line);
        }
        while (!Current.IsOp(")"))
        {
            if (requireComma)
            {
                ExpectOp(",");
                if (Current.IsOp(")")) break;
            }
            if (SkipOp("*"))
            {
                Ensure(dynArgs is null && dynKwargs is null);
                dynArgs = ParseExpression();
            }
            else if (SkipOp("**"))
            {
                Ensure(dynKwargs is null);
                dynKwargs = ParseExpression();
            }
            else if (Current.Kind == TokenKind.Name && Look.IsOp("="))
            {
                Ensure(dynKwargs is null);
                string key = Advance().Text;
                Advance();
                kwargs.Add((key, ParseExpression()));
            }
            else
            {
                Ensure(dynArgs is null && dynKwargs is null && kwargs.Count == 0);
                args.Add(ParseExpression());
            }
            requireComma = true;
        }
        ExpectOp(")");
        return new ArgList(args, kwargs, dynArgs, dynKwargs);
    }

    Expr ParseCall(Expr node)
    {
        int line = Current.Line;
        return new CallExpr(line, node, ParseCallArgs());
    }

    Expr? ParseFilter(Expr? node, bool startInline = false)
    {
        while (Current.IsOp("|") || startInline)
        {
            if (!startInline) Advance();
            var token = Expect(TokenKind.Name, "name");
            string name = token.Text;
            while (SkipOp(".")) name += "." + Expect(TokenKind.Name, "name").Text;
            var args = Current.IsOp("(") ? ParseCallArgs() : ArgList.Empty;
            var function = Filters.Find(name);
            if (function is null) NoteUnknown("filter", name, token.Line);
            node = new FilterExpr(token.Line, node, name, args, function);
            startInline = false;
        }
        return node;
    }

    Expr ParseTest(Expr node)
    {
        var token = Advance();
        bool negated = SkipName("not");
        string name = Expect(TokenKind.Name, "name").Text;
        while (SkipOp(".")) name += "." + Expect(TokenKind.Name, "name").Text;
        ArgList args;
        if (Current.IsOp("(")) args = ParseCallArgs();
        else if ((Current.Kind is TokenKind.Name or TokenKind.String or TokenKind.Integer or TokenKind.Float
                  || Current.IsOp("[") || Current.IsOp("{"))
                 && !Current.IsName("else") && !Current.IsName("or") && !Current.IsName("and"))
        {
            if (Current.IsName("is")) throw Fail("You cannot chain multiple tests with is");
            args = new ArgList([ParsePostfix(ParsePrimary())], [], null, null);
        }
        else args = ArgList.Empty;
        var function = JinjaTests.Find(name);
        if (function is null) NoteUnknown("test", name, token.Line);
        Expr result = new TestExpr(token.Line, node, name, args, function);
        return negated ? new UnaryExpr(token.Line, "not", result) : result;
    }

    void NoteUnknown(string kind, string name, int line)
    {
        if (_soft) return;
        string message = (kind == "filter" ? Filters.IsKnownUnsupported(name) : JinjaTests.IsKnownUnsupported(name))
            ? $"the Jinja {kind} '{name}' is not supported by this renderer"
            : $"No {kind} named '{name}'.";
        _unknownNames.Add(new TemplateSyntaxError(message, line));
    }
}
