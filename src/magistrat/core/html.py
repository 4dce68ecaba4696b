"""Rich text that staff write (BIP items): checked, then sanitised with nh3 before it is stored.

Scripts, event handlers, frames, styles and `javascript:` links are refused with a message rather
than silently dropped, so the editor knows the text is not what was published; HTML whose tags do
not close properly is refused too. What passes is cleaned to an allow-list of tags anyway.
"""

import re
from html.parser import HTMLParser

import nh3
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "em", "b", "i", "u", "s", "sub", "sup", "blockquote",
    "ul", "ol", "li", "a", "table", "caption", "thead", "tbody", "tr", "th", "td", "abbr", "code", "pre",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
VOID = {
    "br",
    "hr",
    "img",
    "input",
    "meta",
    "link",
    "wbr",
    "col",
    "source",
    "area",
    "base",
    "embed",
    "param",
    "track",
}
# Elements closed implicitly by the next one in HTML: not an error when left open.
IMPLICIT_END = {"p", "li", "td", "th", "tr", "thead", "tbody", "option", "dt", "dd"}
FORBIDDEN = re.compile(
    r"<\s*(script|iframe|object|embed|style|form|input|button|link|meta|base|svg|math)\b"
    r"|\son\w+\s*="
    r"|(?:href|src)\s*=\s*['\"]?\s*(?:javascript|vbscript|data):",
    re.IGNORECASE,
)


class _TagBalance(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, int]] = []
        self.error = ""

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_endtag(self, tag):
        if self.error or tag in VOID:
            return
        while self.stack and self.stack[-1][0] != tag and self.stack[-1][0] in IMPLICIT_END:
            self.stack.pop()
        if not self.stack or self.stack[-1][0] != tag:
            self.error = _("Line %(line)d closes <%(tag)s>, which is not open there.") % {
                "line": self.getpos()[0],
                "tag": tag,
            }
            return
        self.stack.pop()


def clean_html(text: str) -> str:
    """The text, sanitised; ValidationError (translated) for code or for tags that do not close."""
    match = FORBIDDEN.search(text)
    if match:
        raise ValidationError(
            _("The text contains code that is not allowed (%(what)s). Remove it and save again.")
            % {"what": match.group(0).strip()[:40]},
            code="forbidden",
        )
    balance = _TagBalance()
    balance.feed(text)
    balance.close()
    unclosed = [(tag, line) for tag, line in balance.stack if tag not in IMPLICIT_END]
    if balance.error or unclosed:
        message = balance.error or _("<%(tag)s> opened in line %(line)d is not closed.") % {
            "tag": unclosed[0][0],
            "line": unclosed[0][1],
        }
        raise ValidationError(
            _("The HTML is not well-formed: %(error)s") % {"error": message}, code="malformed"
        )
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
