"""Pictures and documents on a release: what is accepted, and the resized copies readers get."""

from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

#: Defaults; a site changes them in settings.
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_IMAGE_PIXELS = 40_000_000
RENDITION_WIDTHS = (480, 960, 1600)

# Extension -> how the file must begin. Office documents are ZIP containers; checking the
# first bytes stops a renamed executable, not a determined forger (files are never run).
_ZIP = b"PK\x03\x04"
ATTACHMENT_TYPES = {
    "pdf": (b"%PDF-",),
    "docx": (_ZIP,),
    "xlsx": (_ZIP,),
    "pptx": (_ZIP,),
    "odt": (_ZIP,),
    "ods": (_ZIP,),
    "txt": (b"",),
    "csv": (b"",),
}


def _setting(name: str, default):
    return getattr(settings, name, default)


def validate_image(upload) -> None:
    """Accept a picture of a known format and a sane size, or say exactly what is wrong."""
    if getattr(upload, "_committed", False):
        return  # already stored: it passed when it was uploaded
    limit = int(_setting("COMMUNIQUE_MAX_IMAGE_BYTES", MAX_IMAGE_BYTES))
    if upload.size > limit:
        raise ValidationError(
            _("This picture is %(size)s; the limit is %(limit)s. Save it smaller and try again.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    allowed = ", ".join(sorted(IMAGE_FORMATS))
    try:
        upload.seek(0)
        with Image.open(upload) as picture:
            kind, pixels = picture.format, picture.width * picture.height
            picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("This file is not a picture we can read. Use one of: %(formats)s.")
            % {"formats": allowed},
            code="not_an_image",
        ) from error
    finally:
        upload.seek(0)
    if kind not in IMAGE_FORMATS:
        raise ValidationError(
            _("Pictures in %(kind)s format are not accepted. Use one of: %(formats)s.")
            % {"kind": kind, "formats": allowed},
            code="image_format",
        )
    if pixels > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("This picture has too many pixels; scale it down first."), code="too_many_pixels"
        )


def validate_attachment(upload) -> None:
    """Accept a document of an allowed type and size, or say exactly what is wrong."""
    if getattr(upload, "_committed", False):
        return
    limit = int(_setting("COMMUNIQUE_MAX_ATTACHMENT_BYTES", MAX_ATTACHMENT_BYTES))
    allowed = _setting("COMMUNIQUE_ATTACHMENT_TYPES", ATTACHMENT_TYPES)
    if upload.size > limit:
        raise ValidationError(
            _("This file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    extension = PurePosixPath(upload.name).suffix.lower().lstrip(".")
    types = ", ".join(sorted(allowed))
    if extension not in allowed:
        raise ValidationError(
            _("Files of type “.%(extension)s” are not accepted. Attach one of: %(types)s.")
            % {"extension": extension or "?", "types": types},
            code="attachment_type",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in allowed[extension]):
        raise ValidationError(
            _("This file is named .%(extension)s but its content is not a .%(extension)s file.")
            % {"extension": extension},
            code="attachment_content",
        )


def make_renditions(image_field) -> dict[str, str]:
    """Resized WebP copies of a stored picture, never wider than the original."""
    renditions: dict[str, str] = {}
    image_field.open("rb")
    try:
        with Image.open(image_field) as picture:
            picture = ImageOps.exif_transpose(picture)
            if picture.mode not in ("RGB", "RGBA"):
                picture = picture.convert("RGBA" if "transparency" in picture.info else "RGB")
            stem = PurePosixPath(image_field.name).with_suffix("")
            widths = [width for width in RENDITION_WIDTHS if width < picture.width] or [
                picture.width
            ]
            for width in widths:
                height = max(1, round(picture.height * width / picture.width))
                copy = picture.resize((width, height), Image.Resampling.LANCZOS)
                buffer = BytesIO()
                copy.save(buffer, "WEBP", quality=82)
                path = default_storage.save(f"{stem}.{width}.webp", ContentFile(buffer.getvalue()))
                renditions[str(width)] = path
    finally:
        image_field.close()
    return renditions


def delete_renditions(renditions: dict[str, str]) -> None:
    for path in renditions.values():
        default_storage.delete(path)
