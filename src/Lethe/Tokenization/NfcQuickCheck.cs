using System.Globalization;

namespace Lethe.Tokenization;

/// <summary>
/// A sufficient test for "this text is already NFC" without normalization tables (UAX #15 quick check,
/// conservatively): every character must have NFC_Quick_Check = Yes, and no two combining marks may be
/// adjacent (so canonical reordering cannot apply). Characters with NFC_Quick_Check = No or Maybe are listed
/// below from Unicode's DerivedNormalizationProps; marks are found by general category.
/// </summary>
internal static class NfcQuickCheck
{
    // Inclusive ranges of code points whose NFC_Quick_Check is No or Maybe and that are not combining marks
    // (those are caught by category): singletons, composition exclusions, conjoining jamo, CJK compatibility ideographs.
    static readonly (int Lo, int Hi)[] NotYes =
    [
        (0x0340, 0x0341), (0x0343, 0x0344), (0x0374, 0x0374), (0x037E, 0x037E), (0x0387, 0x0387),
        (0x0958, 0x095F), (0x09DC, 0x09DD), (0x09DF, 0x09DF), (0x0A33, 0x0A33), (0x0A36, 0x0A36),
        (0x0A59, 0x0A5B), (0x0A5E, 0x0A5E), (0x0B5C, 0x0B5D), (0x0F43, 0x0F43), (0x0F4D, 0x0F4D),
        (0x0F52, 0x0F52), (0x0F57, 0x0F57), (0x0F5C, 0x0F5C), (0x0F69, 0x0F69), (0x0F73, 0x0F73),
        (0x0F75, 0x0F76), (0x0F78, 0x0F78), (0x0F81, 0x0F81), (0x0F93, 0x0F93), (0x0F9D, 0x0F9D),
        (0x0FA2, 0x0FA2), (0x0FA7, 0x0FA7), (0x0FAC, 0x0FAC), (0x0FB9, 0x0FB9),
        (0x1160, 0x11FF),
        (0x1F71, 0x1F71), (0x1F73, 0x1F73), (0x1F75, 0x1F75), (0x1F77, 0x1F77), (0x1F79, 0x1F79),
        (0x1F7B, 0x1F7B), (0x1F7D, 0x1F7D), (0x1FBB, 0x1FBB), (0x1FBE, 0x1FBE), (0x1FC9, 0x1FC9),
        (0x1FCB, 0x1FCB), (0x1FD3, 0x1FD3), (0x1FDB, 0x1FDB), (0x1FE3, 0x1FE3), (0x1FEB, 0x1FEB),
        (0x1FEE, 0x1FEF), (0x1FF9, 0x1FF9), (0x1FFB, 0x1FFB), (0x1FFD, 0x1FFD),
        (0x2000, 0x2001), (0x2126, 0x2126), (0x212A, 0x212B), (0x2329, 0x232A), (0x2ADC, 0x2ADC),
        (0xF900, 0xFAFF), (0xFB1D, 0xFB1D), (0xFB1F, 0xFB1F), (0xFB2A, 0xFB4E),
        (0x1D15E, 0x1D164), (0x1D1BB, 0x1D1C0), (0x2F800, 0x2FA1F),
    ];

    // Combining marks (Mn/Mc) that are NFC_Quick_Check = Maybe: they may compose with the character before.
    static readonly (int Lo, int Hi)[] MaybeMarks =
    [
        (0x0300, 0x034F), (0x0653, 0x0655), (0x093C, 0x093C), (0x09BE, 0x09BE), (0x09D7, 0x09D7),
        (0x0B3E, 0x0B3E), (0x0B56, 0x0B57), (0x0BBE, 0x0BBE), (0x0BD7, 0x0BD7), (0x0C56, 0x0C56),
        (0x0CC2, 0x0CC2), (0x0CD5, 0x0CD6), (0x0D3E, 0x0D3E), (0x0D57, 0x0D57), (0x0DCA, 0x0DCA),
        (0x0DCF, 0x0DCF), (0x0DDF, 0x0DDF), (0x102E, 0x102E), (0x1B35, 0x1B35), (0x3099, 0x309A),
        (0x110BA, 0x110BA), (0x11127, 0x11127), (0x1133E, 0x1133E), (0x11357, 0x11357),
        (0x114B0, 0x114B0), (0x114BA, 0x114BA), (0x114BD, 0x114BD), (0x115AF, 0x115AF), (0x11930, 0x11930),
    ];

    /// <summary>Index of the first character that stops the proof, or -1 when the text is certainly NFC.</summary>
    public static int FirstUncertain(string s)
    {
        bool previousWasMark = false;
        for (int i = 0; i < s.Length;)
        {
            int cp = CodePoints.At(s, i);
            int width = cp > 0xFFFF ? 2 : 1;
            if (cp < 0x300) { previousWasMark = false; i += width; continue; }
            if (In(NotYes, cp) || In(MaybeMarks, cp)) return i;
            var cat = CharUnicodeInfo.GetUnicodeCategory(cp);
            bool isVariationSelector = cp is >= 0xFE00 and <= 0xFE0F or >= 0xE0100 and <= 0xE01EF;
            bool isMark = (cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark) && !isVariationSelector;
            if (isMark && previousWasMark) return i;
            previousWasMark = isMark;
            i += width;
        }
        return -1;
    }

    static bool In((int Lo, int Hi)[] ranges, int cp)
    {
        foreach (var (lo, hi) in ranges)
        {
            if (cp < lo) return false;
            if (cp <= hi) return true;
        }
        return false;
    }
}
