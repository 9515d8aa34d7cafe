namespace Gate64.Testing;

/// <summary>Which DNS query program <see cref="Dig"/> runs.</summary>
public enum DigFlavor
{
    /// <summary>ISC <c>dig</c> (bind9-dnsutils).</summary>
    Dig,

    /// <summary>Knot <c>kdig</c> (knot-dnsutils).</summary>
    Kdig,
}
