using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Padata.Verify;

/// <summary>
/// Options whose values the parser itself checks, so a value that does not parse and a value out
/// of range get the same kind of message: the flag, the rule in words, and what was typed
/// ("--pages must be a whole number from 1 to 1,073,741,824 (got '-5')"), never a .NET type name.
/// </summary>
internal static class Values
{
    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>], <paramref name="defaultValue"/> when the flag is absent.</summary>
    public static Option<T> WholeNumber<T>(string name, string description, T min, T max, T defaultValue)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T> =>
        new(name)
        {
            Description = description,
            HelpName = "n",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => Parse(result, name, min, max) ?? defaultValue,
        };

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>], or null when the flag is absent.</summary>
    public static Option<T?> OptionalWholeNumber<T>(string name, string description, T min, T max)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T> =>
        new(name)
        {
            Description = description,
            HelpName = "n",
            CustomParser = result => Parse(result, name, min, max),
        };

    /// <summary>One of an enum's members, typed in lower case; null when the flag is absent.</summary>
    public static Option<TEnum?> Choice<TEnum>(string name, string description) where TEnum : struct, Enum
    {
        string[] names = [.. Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant())];
        var option = new Option<TEnum?>(name)
        {
            Description = description,
            HelpName = string.Join("|", names),
            CustomParser = result =>
            {
                string typed = result.Tokens.Single().Value;
                if (names.Contains(typed.ToLowerInvariant()))
                    return Enum.Parse<TEnum>(typed, ignoreCase: true);
                result.AddError($"{name} must be one of {string.Join(", ", names)} (got '{typed}').");
                return null;
            },
        };
        option.CompletionSources.Clear();
        option.CompletionSources.Add(names);
        return option;
    }

    /// <summary>
    /// The value of <paramref name="option"/> for a command validator, or false when the option's
    /// own parser already reported an error (its value is then not there to read).
    /// </summary>
    public static bool TryGet<T>(CommandResult command, Option<T> option, out T value)
    {
        try
        {
            value = command.GetValue(option)!;
            return true;
        }
        catch (InvalidOperationException)
        {
            // What GetValue does when the option's parser added an error.
            value = default!;
            return false;
        }
    }

    /// <summary>The rule a whole-number flag states in its errors.</summary>
    public static string Rule<T>(T min, T max) where T : struct, IBinaryInteger<T>, IMinMaxValue<T> =>
        max == T.MaxValue
            ? $"a whole number ≥ {min:N0}"
            : $"a whole number from {min:N0} to {max:N0}";

    private static T? Parse<T>(ArgumentResult result, string name, T min, T max)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        string typed = result.Tokens.Single().Value;
        // Digits only (an optional '_' or ',' as thousands separator is not accepted either: what
        // is typed is what is checked).
        if (T.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out T value) && value >= min && value <= max)
            return value;
        result.AddError($"{name} must be {Rule(min, max)} (got '{typed}').");
        return null;
    }
}
