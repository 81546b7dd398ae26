using System.CommandLine;
using System.Text;
using System.Text.Json;
using Lethe.Templates;

namespace Lethe.Cli.Commands;

/// <summary>
/// `lethe template render --template-file T --variables-file V.json`: renders a Hugging Face chat template as
/// transformers' apply_chat_template would and prints the text exactly (no newline added, UTF-8 without BOM).
/// When the template itself refuses the input (raise_exception), its message goes to stderr and the exit code is 3.
/// </summary>
public static class TemplateCommand
{
    public static Command Create()
    {
        var cmd = new Command("template", "Work with Hugging Face chat templates (Jinja)");
        cmd.Subcommands.Add(CreateRender());
        return cmd;
    }

    static Command CreateRender()
    {
        var templateFile = new Option<FileInfo>("--template-file")
        {
            Description = "The chat template (Jinja text, e.g. chat_template.jinja)",
            Required = true,
        };
        var variablesFile = new Option<FileInfo>("--variables-file")
        {
            Description = "JSON object whose members are the template variables (messages, add_generation_prompt, bos_token, ...)",
            Required = true,
        };
        var cmd = new Command("render", "Render a chat template with variables from a JSON file and print the text exactly");
        cmd.Options.Add(templateFile);
        cmd.Options.Add(variablesFile);
        cmd.SetAction(parseResult =>
        {
            var templatePath = parseResult.GetValue(templateFile)!.FullName;
            var variablesPath = parseResult.GetValue(variablesFile)!.FullName;
            string source = ReadText(templatePath);
            ChatTemplate template;
            try { template = ChatTemplate.Compile(source); }
            catch (TemplateSyntaxError e) { throw new LetheException($"{templatePath}: {e.Message}", 2, e); }
            JsonDocument variables;
            try { variables = JsonDocument.Parse(ReadText(variablesPath)); }
            catch (JsonException e)
            {
                throw new LetheException($"{variablesPath}: not valid JSON (line {e.LineNumber + 1}): {e.Message.Split('\n')[0]}", 2, e);
            }
            string text;
            using (variables)
            {
                if (variables.RootElement.ValueKind != JsonValueKind.Object)
                    throw new LetheException($"{variablesPath}: the variables must be a JSON object");
                try { text = template.Render(variables.RootElement); }
                catch (TemplateError e)
                {
                    // The template's own message, verbatim, is the result callers compare.
                    Console.Error.WriteLine(e.Message);
                    return TemplateError.RaisedExitCode;
                }
                catch (TemplateRuntimeError e) { throw new LetheException($"{templatePath}: {e.Message}", 2, e); }
            }
            EnsureUtf8Output();
            Console.Out.Write(text);
            Console.Out.Flush();
            return 0;
        });
        return cmd;
    }

    static string ReadText(string path)
    {
        if (!File.Exists(path)) throw new LetheException($"File not found: {path}");
        // UTF-8, with a BOM skipped if present; invalid bytes are an error, not replacement characters.
        try { return File.ReadAllText(path, new UTF8Encoding(false, throwOnInvalidBytes: true)); }
        catch (DecoderFallbackException) { throw new LetheException($"{path}: not valid UTF-8"); }
    }

    /// <summary>The text must reach stdout as UTF-8 without BOM whatever the locale says.</summary>
    static void EnsureUtf8Output()
    {
        if (Console.OutputEncoding.CodePage != Encoding.UTF8.CodePage || Console.OutputEncoding.GetPreamble().Length > 0)
            Console.OutputEncoding = new UTF8Encoding(false);
    }
}
