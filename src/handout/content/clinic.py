"""Clinic profiles: who hands the leaflet out, how to reach them, their logo, colour and paper."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from ..errors import ContentError, Problem
from .validate import position, read_input, validate_yaml

MAX_LOGO_BYTES = 256 * 1024
MAX_LOGO_PIXELS = 25_000_000
HEX_COLOUR = re.compile(r"^#([0-9a-fA-F]{6})$")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# What makes an SVG reach outside itself: links to other files, style URLs, entities.
_SVG_OUTSIDE = re.compile(
    rb"""href\s*=\s*["'](?!\#)|url\(\s*["']?(?!\#)|<!ENTITY|<!DOCTYPE|<script|<foreignObject""",
    re.I,
)

ShortLine = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160)]


class ClinicProfile(BaseModel):
    """A clinic's profile file (YAML), validated like content."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: ShortLine
    logo: ShortLine | None = Field(
        default=None, description="PNG or SVG file beside the profile, at most 256 KiB."
    )
    address: list[ShortLine] = Field(default_factory=list, max_length=6)
    phone: ShortLine | None = None
    website: ShortLine | None = None
    accent_colour: ShortLine = Field(default="#0b3d5c", description="Six-digit hex, e.g. #0b6e4f.")
    paper: Literal["a4", "letter"] = "a4"
    locales: list[ShortLine] = Field(default_factory=list, description="Default locales.")
    online_url: ShortLine | None = Field(
        default=None,
        description="Where the online copy lives: an https:// address that may use {topic}, "
        "{audience} and {locale}; printed with a QR code on the last page.",
    )
    contact: ShortLine | dict[ShortLine, ShortLine] | None = Field(
        default=None,
        description="The line the consult section gives, e.g. 'Call the pharmacy team at …': "
        "one line, or one per locale ({en: …, es: …}). A locale without its own line says "
        "'Call <name> at <phone>.' in its language.",
    )

    def contact_for(self, locale: str) -> str | None:
        """The clinic's own contact line for documents in ``locale``, if it wrote one."""
        if isinstance(self.contact, dict):
            return self.contact.get(locale)
        return self.contact

    @field_validator("accent_colour")
    @classmethod
    def _hex_colour(cls, value: str) -> str:
        if not HEX_COLOUR.match(value):
            raise ValueError(f"expected a colour like #0b6e4f, found {value!r}")
        return value.lower()

    @field_validator("website")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://[^\s<>\"']+$", value):
            raise ValueError(f"expected a web address starting with https://, found {value!r}")
        return value

    @field_validator("online_url")
    @classmethod
    def _url_pattern(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if not re.match(
            r"^https://[^\s<>\"'{}]+(?:\{(?:topic|audience|locale)\}[^\s<>\"'{}]*)*$", value
        ):
            raise ValueError(
                "expected an https:// address using only {topic}, {audience} and {locale}, "
                f"found {value!r}"
            )
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^[+0-9 ().\-/]{5,40}$", value):
            raise ValueError(
                f"expected a phone number (digits, spaces, + - ( ) .), found {value!r}"
            )
        return value


@dataclass(frozen=True)
class Clinic:
    """A validated profile with its logo read and checked, ready for templates."""

    profile: ClinicProfile
    logo_uri: str | None

    def online_url(self, topic: str, audience: str, locale: str) -> str | None:
        pattern = self.profile.online_url
        if pattern is None:
            return None
        return pattern.format(topic=topic, audience=audience, locale=locale)

    @property
    def accent_rgb(self) -> tuple[int, int, int]:
        value = self.profile.accent_colour.lstrip("#")
        return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _png_problem(data: bytes) -> str | None:
    """Why a PNG cannot be printed (the decoder's reason, or too many pixels), or None."""
    import io
    import warnings

    from PIL import Image, ImageFile

    # WeasyPrint, once imported, lets Pillow accept truncated images; a logo must be whole.
    truncated_ok, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with warnings.catch_warnings():  # our own budget is lower than Pillow's warning
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
        with image:
            width, height = image.size
            if width * height > MAX_LOGO_PIXELS:
                return (
                    f"expected at most {MAX_LOGO_PIXELS // 1_000_000} megapixels, found "
                    f"{width} x {height} ({width * height / 1e6:.0f} megapixels)"
                )
            image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        reason = re.sub(r"\s*<_io\.BytesIO object at \w+>", "", " ".join(str(exc).split()))
        reason = reason[:160] or type(exc).__name__
        return f"expected a PNG image that decodes, found: {reason}"
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated_ok
    return None


def _svg_problem(data: bytes) -> str | None:
    """Why an SVG cannot be read (the XML parser's reason), or None."""
    from xml.etree import ElementTree

    try:  # DOCTYPEs and entities are refused before this: nothing to expand
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        return f"expected a well-formed SVG, found: {exc}"
    if not root.tag.endswith("svg"):
        return f"expected an <svg> image, found <{root.tag}>"
    return None


def _logo(path: Path, folder: Path, name: str, where: tuple[int, int]) -> str:
    def fail(message: str) -> ContentError:
        return ContentError([Problem(name, where[0], where[1], "logo", message)])

    target = (folder / path).resolve()
    if not target.is_relative_to(folder.resolve()):
        raise fail(f"expected a file beside the profile, found a path leaving its folder: {path}")
    if not target.is_file():
        raise fail(f"expected an existing PNG or SVG file, found nothing at {path}")
    size = target.stat().st_size
    if size > MAX_LOGO_BYTES:
        raise fail(f"expected at most {MAX_LOGO_BYTES} bytes, found {size}")
    data = target.read_bytes()
    if data.startswith(PNG_SIGNATURE):
        problem = _png_problem(data)
        if problem:
            raise fail(problem)
        return "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    head = data[:512].lstrip().lower()
    if target.suffix.lower() == ".svg" and (head.startswith(b"<svg") or head.startswith(b"<?xml")):
        outside = _SVG_OUTSIDE.search(data)
        if outside:
            found = outside.group(0).decode("utf-8", "replace")
            raise fail(
                f"expected a self-contained SVG (no links, scripts or entities), found {found!r}"
            )
        problem = _svg_problem(data)
        if problem:
            raise fail(problem)
        return "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")
    raise fail("expected a PNG or SVG image, found another kind of file")


def load_clinic(path: Path, display: str | None = None) -> Clinic:
    """Read and validate a clinic profile; raise ContentError with file:line:col problems."""
    name = display or str(path)
    raw = read_input(path, name)
    profile, parsed = validate_yaml(raw, name, ClinicProfile, "clinic profile")
    logo_uri = None
    if profile.logo:
        where = position(parsed, ("logo",), prefer_key=False)
        logo_uri = _logo(Path(profile.logo), path.parent, name, where)
    return Clinic(profile, logo_uri)
