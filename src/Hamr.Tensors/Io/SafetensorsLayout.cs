using System.Globalization;
using System.Text;

namespace Hamr.Tensors.Io;

/// <summary>
/// The header and tensor order of a file about to be written, laid out as the Python <c>safetensors</c> library does
/// (serde_json): compact JSON, <c>__metadata__</c> first, tensors sorted by name (UTF-8 byte order, as Rust sorts
/// strings), each entry <c>{"dtype":"F32","shape":[..],"data_offsets":[begin,end]}</c>, data back to back, and
/// the JSON padded with spaces to a multiple of 8 bytes so the data section starts 8-byte aligned.
/// </summary>
internal sealed class SafetensorsLayout
{
    // Throws on lone surrogates instead of silently writing U+FFFD (a name that would not read back).
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private SafetensorsLayout(byte[] header, List<KeyValuePair<string, Tensor>> tensors)
    {
        Header = header;
        Tensors = tensors;
    }

    public byte[] Header { get; }

    /// <summary>The tensors in file order.</summary>
    public List<KeyValuePair<string, Tensor>> Tensors { get; }

    public static SafetensorsLayout Plan(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var ordered = tensors.ToList();
        foreach (var (name, tensor) in ordered)
        {
            if (string.IsNullOrEmpty(name) || name == "__metadata__")
            {
                throw new ArgumentException($"invalid tensor name '{name}' (empty or reserved)", nameof(tensors));
            }
            ArgumentNullException.ThrowIfNull(tensor, name);
            CheckUnicode(name, "tensor name");
        }
        ordered.Sort((a, b) => Utf8Compare(a.Key, b.Key));

        var json = new StringBuilder();
        json.Append('{');
        bool first = true;
        if (metadata is not null)
        {
            json.Append("\"__metadata__\":{");
            var keys = metadata.Keys.ToList();
            keys.Sort(Utf8Compare);
            for (int i = 0; i < keys.Count; i++)
            {
                ArgumentNullException.ThrowIfNull(metadata[keys[i]], keys[i]);
                CheckUnicode(keys[i], "metadata key");
                CheckUnicode(metadata[keys[i]], "metadata value");
                json.Append(i > 0 ? "," : "");
                AppendString(json, keys[i]);
                json.Append(':');
                AppendString(json, metadata[keys[i]]);
            }
            json.Append('}');
            first = false;
        }
        long offset = 0;
        foreach (var (name, tensor) in ordered)
        {
            json.Append(first ? "" : ",");
            first = false;
            AppendString(json, name);
            json.Append(":{\"dtype\":\"F32\",\"shape\":[");
            json.AppendJoin(',', tensor.GetShape().Select(d => d.ToString(CultureInfo.InvariantCulture)));
            long end = offset + 4L * tensor.Count;
            json.Append(CultureInfo.InvariantCulture, $"],\"data_offsets\":[{offset},{end}]}}");
            offset = end;
        }
        json.Append('}');

        int length = s_strictUtf8.GetByteCount(json.ToString());
        int padded = (length + 7) / 8 * 8;
        var header = new byte[padded];
        s_strictUtf8.GetBytes(json.ToString(), header);
        header.AsSpan(length).Fill((byte)' ');
        return new SafetensorsLayout(header, ordered);
    }

    private static void CheckUnicode(string s, string what)
    {
        try
        {
            s_strictUtf8.GetByteCount(s);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException($"{what} '{s}' is not valid Unicode (lone surrogate)", ex);
        }
    }

    /// <summary>Ordinal comparison of the UTF-8 encodings (differs from UTF-16 ordinal order only beyond the BMP).</summary>
    private static int Utf8Compare(string a, string b) =>
        s_strictUtf8.GetBytes(a).AsSpan().SequenceCompareTo(s_strictUtf8.GetBytes(b));

    /// <summary>A JSON string as serde_json writes it: quote, backslash and control characters escaped, the rest raw.</summary>
    private static void AppendString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }
}
