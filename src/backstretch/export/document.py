"""What the printed documents share (the handout, the progress report): the Unicode fonts, the
page frame and the text helpers that measure before they draw. Built on fpdf2.

A character the font cannot draw prints as "?" and is reported (`missing`), rather than vanish,
which is what a PDF viewer does with a glyph the font lacks.
"""

from __future__ import annotations

import importlib.util
import io
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import TTFFont

PAPERS = {"a4": "A4", "letter": "Letter"}
MARGIN = 15.0  # mm on every side
TEXT = (33, 37, 41)
MUTED = (100, 108, 118)
ACCENT = (74, 120, 181)  # the figures' blue
SAFETY_FILL = (255, 240, 232)
SAFETY_EDGE = (226, 120, 75)
GRID_LINE = (170, 178, 189)
WEEK_FILL = (234, 241, 250)
Colour = tuple[int, int, int]

# Characters the built-in PDF fonts lack, for when no Unicode font can be found.
LATIN_1_STAND_INS = str.maketrans(
    {
        "×": "x",
        "·": "-",
        "•": "-",
        "–": "-",
        "—": "-",
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "…": "...",
    }
)


@dataclass(frozen=True)
class Fonts:
    """The Unicode font files for the documents: regular, bold and italic."""

    regular: Path
    bold: Path
    italic: Path


FONT_FOLDERS = (
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian and Ubuntu: fonts-dejavu-core
    Path("/usr/share/fonts/dejavu-sans-fonts"),  # Fedora
    Path("/usr/share/fonts/TTF"),  # Arch
)
FONT_NAMES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf")


def find_fonts() -> Fonts | None:
    """DejaVu Sans from the system, or the copy matplotlib ships (a dependency), or None."""
    folders = list(FONT_FOLDERS)
    matplotlib = importlib.util.find_spec("matplotlib")  # found without importing it
    if matplotlib is not None and matplotlib.origin:
        folders.append(Path(matplotlib.origin).parent / "mpl-data" / "fonts" / "ttf")
    for folder in folders:
        files = [folder / name for name in FONT_NAMES]
        if all(file.is_file() for file in files):
            return Fonts(*files)
    return None


class Document(FPDF):
    """A portrait page in mm with the margins, fonts and text helpers of every document."""

    def __init__(self, paper: str, fonts: Fonts | None, title: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format=paper)
        self.unicode = fonts is not None
        if fonts is not None:
            self.add_font("body", "", str(fonts.regular))
            self.add_font("body", "B", str(fonts.bold))
            self.add_font("body", "I", str(fonts.italic))
        self.family = "body" if fonts is not None else "helvetica"
        self.glyphs = self.printable_everywhere() if fonts is not None else set()
        self.missing: set[str] = set()
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 6)
        self.set_title(title)
        self.set_author("backstretch")
        self.set_creator("backstretch")
        self.alias_nb_pages()

    def printable_everywhere(self) -> set[str]:
        """The characters that all three styles (regular, bold, italic) can draw."""
        maps = [set(font.cmap) for font in self.fonts.values() if isinstance(font, TTFFont)]
        return {chr(code) for code in set.intersection(*maps)}

    def clean(self, text: str) -> str:
        if not self.unicode:
            text = text.translate(LATIN_1_STAND_INS)
            printable = text.encode("latin-1", "replace").decode("latin-1")
            self.missing.update(c for c, p in zip(text, printable, strict=True) if c != p)
            return printable
        lacking = {c for c in text if c not in self.glyphs and not c.isspace()}
        self.missing.update(lacking)
        return "".join("?" if c in lacking else c for c in text)

    def font(self, size: float, style: str = "", colour: Colour = TEXT) -> None:
        self.set_font(self.family, style, size)
        self.set_text_color(*colour)

    def paragraph(self, text: str, height: float, x: float | None = None, width: float = 0) -> None:
        if x is not None:
            self.set_x(x)
        self.multi_cell(
            width, height, self.clean(text), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def bullet(self, mark: str, text: str, x: float, width: float, height: float) -> None:
        """A line with a hanging mark: `1.` or `•` in the margin, the text beside it."""
        self.set_x(x)
        self.cell(6, height, self.clean(mark))
        self.multi_cell(
            width - 6, height, self.clean(text), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def text_height(self, text: str, width: float, height: float) -> float:
        lines = self.multi_cell(width, height, self.clean(text), dry_run=True, output="LINES")
        assert isinstance(lines, list)  # what output="LINES" returns
        return len(lines) * height

    def footer_line(self, what: str) -> None:
        """The line at the foot of every page: what the document is, and the page number."""
        self.set_y(-MARGIN)
        self.font(8, colour=MUTED)
        words = f"{what} · backstretch · not medical advice · page {self.page_no()} of {{nb}}"
        self.cell(0, 5, self.clean(words), align=Align.C)

    def svg(self, svg: str, x: float, y: float, width: float) -> float:
        """Draw an SVG (a figure, a chart) as vector graphics; returns its height in mm."""
        info = self.image(io.BytesIO(printable(svg)), x=x, y=y, w=width)
        return float(info.rendered_height)


def printable(svg: str) -> bytes:
    """The SVG for print: without its <title>, which fpdf2 does not draw and warns about."""
    return "\n".join(line for line in svg.splitlines() if not line.startswith("<title>")).encode()
