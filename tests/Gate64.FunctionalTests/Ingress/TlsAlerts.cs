namespace Gate64.FunctionalTests.Ingress;

/// <summary>TLS alert descriptions (RFC 8446 §6) and how OpenSSL 3 names them in its error line.</summary>
internal static class TlsAlerts
{
    public const byte DecodeError = 50;
    public const byte InternalError = 80;
    public const byte UnrecognizedName = 112;

    public const string DecodeErrorText = "tlsv1 alert decode error";
    public const string InternalErrorText = "tlsv1 alert internal error";
    public const string UnrecognizedNameText = "tlsv1 unrecognized name";
}
