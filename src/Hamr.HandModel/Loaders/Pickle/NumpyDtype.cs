using System.Globalization;

namespace Hamr.HandModel.Loaders.Pickle;

/// <summary>
/// A numpy dtype as pickled: <c>numpy.dtype(typestr, align, copy)</c> (e.g. "f8", "u4", "b1", "O8"), then BUILD with
/// the state tuple <c>(version, byteorder, subdescr, names, fields, elsize, alignment, flags[, metadata])</c>.
/// Numeric kinds (b, i, u, f) and objects (O) are read; other kinds are kept so an unused array does not stop a
/// file from loading, and converting one is an error.
/// </summary>
public sealed class NumpyDtype
{
    private NumpyDtype(string typeString, char kind, int itemSize)
    {
        TypeString = typeString;
        Kind = kind;
        ItemSize = itemSize;
    }

    /// <summary>The constructor's type string, e.g. "f8".</summary>
    public string TypeString { get; }

    /// <summary>numpy's kind letter: 'b' bool, 'i' signed, 'u' unsigned, 'f' float, 'O' object, others as numpy.</summary>
    public char Kind { get; }

    /// <summary>Bytes per element in the raw data.</summary>
    public int ItemSize { get; }

    /// <summary>'&lt;' little, '&gt;' big, '|' not applicable, '=' native (little on every platform .NET runs on).</summary>
    public char ByteOrder { get; private set; } = '=';

    /// <summary>True when the state names fields (a structured dtype), which the reader does not convert.</summary>
    public bool IsStructured { get; private set; }

    public bool IsBigEndian => ByteOrder == '>';

    /// <summary>True for the kinds whose elements convert to numbers.</summary>
    public bool IsNumeric => Kind switch
    {
        'b' => ItemSize == 1,
        'i' or 'u' => ItemSize is 1 or 2 or 4 or 8,
        'f' => ItemSize is 2 or 4 or 8,
        _ => false,
    } && !IsStructured;

    public override string ToString() => $"{ByteOrder}{TypeString}";

    /// <summary>Parses numpy's type string ("f8", "&lt;i4", "O8", "S5", "U3", "b1"); null when it is not one.</summary>
    internal static NumpyDtype? Parse(string text)
    {
        string s = text;
        char order = '=';
        if (s.Length > 0 && s[0] is '<' or '>' or '|' or '=')
        {
            order = s[0];
            s = s[1..];
        }

        if (s.Length == 0 || s.Length > 12 || !char.IsAsciiLetter(s[0]))
        {
            return null;
        }

        char kind = s[0];
        string digits = s[1..];
        int size;
        if (digits.Length == 0)
        {
            size = kind switch { 'O' => 8, 'b' or '?' => 1, _ => -1 };
        }
        else if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size > 1 << 20)
        {
            return null;
        }

        if (kind == '?')
        {
            kind = 'b';
        }

        if (kind == 'U')
        {
            size *= 4; // numpy's U<n> holds n UCS-4 characters
        }

        if (size < 0 || (size == 0 && kind is not ('S' or 'U' or 'V')))
        {
            return null;
        }

        return new NumpyDtype(text, kind, size) { ByteOrder = order };
    }

    /// <summary>Applies the BUILD state; <paramref name="fail"/> makes the typed error.</summary>
    internal void SetState(object? state, Func<string, Exception> fail)
    {
        if (state is not PickleTuple { Count: >= 2 } t)
        {
            throw fail($"dtype state is a {PickleDescribe.Of(state)}, not a tuple of at least 2 items");
        }

        string? order = t.Items[1] switch
        {
            string s => s,
            PickleBytes b => b.Latin1,
            _ => null,
        };
        if (order is not ("<" or ">" or "|" or "="))
        {
            throw fail($"dtype byte order is {PickleDescribe.Of(t.Items[1])}, not one of < > | =");
        }

        ByteOrder = order[0];
        // (version, byteorder, subdescr, names, fields, ...): a structured dtype names its fields.
        IsStructured = (t.Count > 3 && t.Items[3] is not null) || (t.Count > 4 && t.Items[4] is not null) || (t.Count > 2 && t.Items[2] is not null);
    }
}
