namespace Gate64.Links;

/// <summary>The operating system a link plan is made for.</summary>
internal enum LinkPlatform
{
    Linux,
    FreeBsd,
}
