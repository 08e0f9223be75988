"""Reading the site's sitemap.xml in tests: each address with its alternates by language."""

from xml.etree import ElementTree

NAMESPACES = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def sitemap_alternates(client) -> dict[str, dict[str, str]]:
    """{address: {language: alternate address}} for every address in /sitemap.xml."""
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (our own output)
    return {
        url.findtext("sm:loc", namespaces=NAMESPACES): {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NAMESPACES)
        }
        for url in root.findall("sm:url", NAMESPACES)
    }
