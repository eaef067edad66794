"""The one place a layout becomes reportlab styles and colours."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors as rl_colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import TableStyle

from handouts.check.model import Layout
from handouts.render import fonts


@dataclass(frozen=True)
class Styles:
    family: str
    color: dict  # name -> reportlab Color
    para: dict  # name -> ParagraphStyle
    line: dict  # name -> line weight, points (the layout's `lines`)
    pad: dict  # name -> space inside a box, points (the layout's `padding`)
    corner: dict  # name -> radius of rounded corners, points (the layout's `corners`)

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self.para[name]


_cache: dict = {}


def luma(c: rl_colors.Color) -> float:
    """Rec. 601 luma: the grey a black-and-white printer makes of a colour (0 black, 1 white)."""
    return 0.299 * c.red + 0.587 * c.green + 0.114 * c.blue


def _grey(hex_color: str) -> rl_colors.Color:
    y = luma(rl_colors.HexColor(hex_color))
    return rl_colors.Color(y, y, y)


def styles_for(layout: Layout) -> Styles:
    key = (layout.source, layout.mono)
    if key not in _cache:
        _cache[key] = _build(layout)
    return _cache[key]


def table_style(st: Styles, commands: list) -> TableStyle:
    """A TableStyle in the layout's font: Table picks a cell font even for flowable cells,
    and without ours every page would name an unembedded Helvetica."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), f"{st.family}-regular"), *commands])


def _build(layout: Layout) -> Styles:
    family = fonts.register(*(layout.fonts[face] for face in fonts.FACES))
    to_color = _grey if layout.mono else rl_colors.HexColor
    color = {name: to_color(value) for name, value in layout.colors.items()}
    size = layout.sizes
    body = size["body"]
    lead = body * size["line_spacing"]

    def style(name, parent=None, **kw):
        # allowWidows=0: a paragraph that runs onto the next page takes two lines at least there, never
        # its last line alone at the head of a page.
        base = {} if parent else {"fontName": f"{family}-regular", "bulletFontName": f"{family}-regular",
                                      "fontSize": body, "leading": lead, "textColor": color["text"],
                                      "alignment": TA_LEFT, "allowWidows": 0}
        # List numbers and bullets at the text's own size (reportlab's default is a fixed 10 pt).
        kw.setdefault("bulletFontSize", kw.get("fontSize", parent.fontSize if parent else body))
        return ParagraphStyle(name, parent=parent, **{**base, **kw})

    para = {}
    para["body"] = style("body", spaceAfter=body * 0.45)
    para["small"] = style("small", fontSize=size["small"], leading=size["small"] * 1.3, textColor=color["muted"])
    para["title"] = style("title", fontName=f"{family}-bold", fontSize=size["title"],
                          leading=size["title"] * 1.2, textColor=color["primary"], spaceAfter=size["title"] * 0.3)
    para["heading"] = style("heading", fontName=f"{family}-bold", fontSize=size["heading"],
                            leading=size["heading"] * 1.25, textColor=color["primary"],
                            spaceBefore=size["heading"] * 1.1, spaceAfter=size["heading"] * 0.45)
    para["card_title"] = style("card_title", fontName=f"{family}-bold", fontSize=size["card_title"],
                               leading=size["card_title"] * 1.25, textColor=color["primary"])
    para["phase_head"] = style("phase_head", parent=para["card_title"], spaceBefore=body * 0.8, spaceAfter=body * 0.3)
    para["label"] = style("label", fontSize=size["small"], leading=size["small"] * 1.3, textColor=color["muted"])
    para["tag"] = style("tag", parent=para["label"], alignment=TA_RIGHT)
    para["value"] = style("value", fontName=f"{family}-bold", leading=lead)
    para["purpose"] = style("purpose", fontName=f"{family}-italic", textColor=color["muted"],
                            spaceAfter=body * 0.35)
    para["step"] = style("step", leftIndent=body * 1.5, bulletIndent=0, spaceAfter=body * 0.2)
    para["figure"] = style("figure", fontName=f"{family}-bold", textColor=color["primary"], leading=lead)
    para["caution"] = style("caution", spaceBefore=body * 0.4)
    para["note"] = style("note", fontName=f"{family}-italic", spaceBefore=body * 0.4)
    para["bullet"] = style("bullet", leftIndent=body * 1.3, bulletIndent=body * 0.2, spaceAfter=body * 0.3)
    para["urgent_head"] = style("urgent_head", fontName=f"{family}-bold", fontSize=body * 1.12,
                                leading=body * 1.5, textColor=color["urgent"], spaceAfter=body * 0.2)
    para["call_head"] = style("call_head", parent=para["urgent_head"], textColor=color["call"])
    para["cell"] = style("cell", fontSize=size["small"], leading=size["small"] * 1.25)
    para["cell_bold"] = style("cell_bold", parent=para["cell"], fontName=f"{family}-bold")
    para["log_day"] = style("log_day", parent=para["cell"], alignment=TA_CENTER)
    para["caption"] = style("caption", parent=para["small"], alignment=TA_CENTER)  # under an advice picture
    return Styles(family=family, color=color, para=para, line=layout.lines, pad=layout.padding,
                  corner=layout.corners)
