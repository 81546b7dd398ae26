namespace Lethe.Data.Synth;

/// <summary>An invented author's gender; it picks the name endings and the possessive pronoun in answers.</summary>
public enum SynthGender
{
    Male,
    Female,
    NonBinary,
}
