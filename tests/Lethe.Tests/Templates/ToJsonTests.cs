using Xunit;

namespace Lethe.Tests.Templates;

// Expected values were produced by Python Jinja2 3.1.6 configured as transformers' apply_chat_template
// (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loopcontrols, json.dumps tojson) with the
// variables in JinjaFixture.Variables.

/// <summary>tojson is transformers' json.dumps(ensure_ascii=False): spacing, escaping, order and numbers as Python prints them.</summary>
public class ToJsonTests
{
    /// <summary>tojson with and without indent.</summary>
    [Theory]
    [InlineData("{{ d|tojson }}|{{ d|tojson(indent=2) }}|{{ e|tojson(indent=2) }}|{{ ed|tojson(indent=2) }}|{{ [e, ed]|tojson(indent=2) }}", "{\"b\": 1, \"a\": [1, 2.5], \"c\": null, \"k\": \"v\"}|{\n  \"b\": 1,\n  \"a\": [\n    1,\n    2.5\n  ],\n  \"c\": null,\n  \"k\": \"v\"\n}|[]|{}|[\n  [],\n  {}\n]")]
    [InlineData("{{ msgs|tojson(indent=4) }}", "[\n    {\n        \"role\": \"system\",\n        \"content\": \" Be brief. \"\n    },\n    {\n        \"role\": \"user\",\n        \"content\": \"Hi\"\n    },\n    {\n        \"role\": \"assistant\",\n        \"content\": \"Hello\",\n        \"tool_calls\": [\n            {\n                \"function\": {\n                    \"name\": \"f\",\n                    \"arguments\": {\n                        \"a\": 1,\n                        \"b\": [\n                            1,\n                            2.5,\n                            null,\n                            true\n                        ]\n                    }\n                }\n            }\n        ]\n    }\n]")]
    [InlineData("{{ fl|tojson }}|{{ [1.0, 1e-05, 1e16, 0.1+0.2, 1e400 if false else 5e-324]|tojson }}|{{ (0.1 + 0.2)|tojson }}", "[1.0, 0.1, 1e-05, 1e+16, 123456.789, -0.0, 1e+22, 2.5e-07]|[1.0, 1e-05, 1e+16, 0.30000000000000004, 5e-324]|0.30000000000000004")]
    [InlineData("{{ (1, 2)|tojson }}|{{ 'a\u00e9\"\\\\/\\n\\r\\t\\b\\f\\x01\\x1f\\x7f\u2028'|tojson }}|{{ s|tojson(ensure_ascii=true) }}|{{ '\\x7f\u00e9'|tojson(ensure_ascii=true) }}", "[1, 2]|\"a\u00e9\\\"\\\\/\\n\\r\\t\\b\\f\\u0001\\u001f\u007f\u2028\"|\"h\\u00e9llo W\\u00f6rld \\ud83d\\ude00\"|\"\\u007f\\u00e9\"")]
    [InlineData("{{ d|tojson(sort_keys=true) }}|{{ d|tojson(separators=(',', ':')) }}|{{ {'b': 1, 'a': {'d': 1, 'c': 2}}|tojson(sort_keys=true, indent=2) }}", "{\"a\": [1, 2.5], \"b\": 1, \"c\": null, \"k\": \"v\"}|{\"b\":1,\"a\":[1,2.5],\"c\":null,\"k\":\"v\"}|{\n  \"a\": {\n    \"c\": 2,\n    \"d\": 1\n  },\n  \"b\": 1\n}")]
    [InlineData("{{ {1: 'a', true: 'b', none: 'c', 2.5: 'd'}|tojson }}|{{ 'x'|safe|tojson }}|{{ 5|tojson }}{{ 5.0|tojson }}{{ true|tojson }}{{ none|tojson }}{{ \"x\"|tojson }}", "{\"1\": \"b\", \"null\": \"c\", \"2.5\": \"d\"}|\"x\"|55.0truenull\"x\"")]
    [InlineData("{{ {'a': [{'b': none}]}|tojson(indent='\\t') }}|{{ [1, [2, [3, []]], {}]|tojson(indent=1) }}|{{ {'a': 1}|tojson(indent=0) }}|{{ msgs[2].tool_calls[0].function.arguments|tojson }}", "{\n\t\"a\": [\n\t\t{\n\t\t\t\"b\": null\n\t\t}\n\t]\n}|[\n 1,\n [\n  2,\n  [\n   3,\n   []\n  ]\n ],\n {}\n]|{\n\"a\": 1\n}|{\"a\": 1, \"b\": [1, 2.5, null, true]}")]
    [InlineData("{% for t in [{'name': 'f', 'parameters': {'type': 'object', 'properties': {'x': {'type': 'string'}}, 'required': ['x']}}] %}{{ t|tojson(indent=4) }}{% endfor %}", "{\n    \"name\": \"f\",\n    \"parameters\": {\n        \"type\": \"object\",\n        \"properties\": {\n            \"x\": {\n                \"type\": \"string\"\n            }\n        },\n        \"required\": [\n            \"x\"\n        ]\n    }\n}")]
    public void ToJson(string template, string expected) =>
        Assert.Equal(expected, JinjaFixture.Render(template));

    /// <summary>What json.dumps refuses.</summary>
    [Theory]
    [InlineData("{{ undefinedthing|tojson }}", "TypeError", "Object of type Undefined is not JSON serializable", 1)]
    [InlineData("{{ nums|map('string')|tojson }}", "TypeError", "Object of type generator is not JSON serializable", 1)]
    [InlineData("{{ namespace(a=1)|tojson }}", "TypeError", "Object of type Namespace is not JSON serializable", 1)]
    [InlineData("{{ {(1, 2): 1}|tojson }}", "TypeError", "keys must be str, int, float, bool or None, not tuple", 1)]
    [InlineData("{{ d.keys()|tojson }}", "TypeError", "Object of type dict_keys is not JSON serializable", 1)]
    public void ToJsonErrors(string template, string kind, string reason, int line) =>
        JinjaFixture.AssertRuntimeError(template, kind, reason, line);
}
