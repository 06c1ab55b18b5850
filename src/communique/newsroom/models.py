"""The newsroom: the organisation, its offices, their releases and the texts readers read."""

import uuid
import zoneinfo
from functools import cached_property, lru_cache
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from communique import calendar
from communique.addresses import address, static_address
from communique.newsroom.body import render_body
from communique.newsroom.language_fields import TranslatedField, pick
from communique.newsroom.media import validate_attachment, validate_image
from communique.newsroom.numbering import (
    DEFAULT_NUMBER_FORMAT,
    NUMBER_MAX_LENGTH,
    format_number,
    validate_number_format,
)
from communique.newsroom.page_cache import PageQuerySet
from communique.newsroom.reference import ReferenceQuerySet
from communique.newsroom.validators import validate_menu_address

LANGUAGE_CHOICES = settings.LANGUAGES


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone name; use one like Asia/Riyadh or Asia/Tashkent."),
            params={"value": value},
        )


def validate_languages(value) -> None:
    known = {code for code, _name in settings.LANGUAGES}
    if not isinstance(value, list) or not value or not set(value) <= known:
        raise ValidationError(
            _("Choose one or more of: %(codes)s."), params={"codes": ", ".join(sorted(known))}
        )


def upload_site_icon_to(instance, filename: str) -> str:
    return f"site/icon-{uuid.uuid4().hex[:8]}{Path(filename).suffix.lower()[:10]}"


class Organisation(models.Model):
    """The site's owner; there is exactly one."""

    name = TranslatedField(_("name"))
    default_language = models.CharField(
        _("default language"), max_length=8, choices=LANGUAGE_CHOICES, default="en"
    )
    languages = models.JSONField(
        _("enabled languages"),
        default=list,
        validators=[validate_languages],
        help_text=_('Language codes readers can choose, for example ["ar", "en"].'),
    )
    clock_time_zone = models.CharField(
        _("reference time zone"),
        max_length=64,
        default="Asia/Riyadh",
        validators=[validate_time_zone],
        help_text=_("The header's date and clock follow this zone."),
    )
    clock_label = TranslatedField(_("clock label"), blank=True)
    eastern_arabic_digits = models.BooleanField(
        _("Eastern Arabic digits on Arabic pages"), default=False
    )
    require_two_factor_for_admins = models.BooleanField(
        _("site administrators sign in with two factors"),
        default=False,
        help_text=_(
            "A site administrator without an authenticator app is then asked to set one up "
            "before anything else in the admin."
        ),
    )
    translation_notice = models.BooleanField(
        _("say when a translation's original has changed"),
        default=True,
        help_text=_(
            "A translation's page then says that the original has been updated since the "
            "translation was made, until the translation is published again."
        ),
    )
    favicon = models.ImageField(
        _("site icon"),
        upload_to=upload_site_icon_to,
        blank=True,
        validators=[validate_image],
        help_text=_(
            "A square picture (PNG, 64×64 or larger) for browsers' tabs; "
            "left empty, the neutral icon that ships."
        ),
    )

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")
        constraints = [
            # One organisation per site: every page reads "the" organisation.
            models.CheckConstraint(condition=Q(pk=1), name="organisation_is_singleton"),
        ]

    def __str__(self):
        return pick(self.name) or "Communiqué"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> "Organisation":
        """The organisation, or an unsaved default one on a site that has none yet."""
        return cls.objects.filter(pk=1).first() or cls(
            pk=1,
            name={"en": "Communiqué"},
            languages=[code for code, _name in settings.LANGUAGES],
            clock_label={"en": "Makkah time", "ar": "بتوقيت مكة المكرمة"},
        )

    def favicon_url(self) -> str:
        """The site's icon: the organisation's own, or the neutral one that ships."""
        if self.favicon:
            return self.favicon.url
        return static_address("newsroom/favicon.ico")

    @property
    def enabled_languages(self) -> list[str]:
        known = [code for code, _name in settings.LANGUAGES]
        return [code for code in known if code in (self.languages or known)]


class Office(models.Model):
    """A press office; regional offices nest under the central one."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent office"),
        null=True,
        blank=True,
        # An office with regional offices cannot vanish from under them.
        on_delete=models.PROTECT,
        related_name="children",
    )
    slug = models.SlugField(
        _("slug"), unique=True, help_text=_("Used in addresses: /en/offices/<slug>/.")
    )
    name = TranslatedField(_("name"))
    signature = TranslatedField(
        _("signature line"), blank=True, help_text=_("For example “Press Office of … in …”.")
    )
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Riyadh", validators=[validate_time_zone]
    )
    number_format = models.CharField(
        _("number format"),
        max_length=64,
        default=DEFAULT_NUMBER_FORMAT,
        validators=[validate_number_format],
        help_text=_(
            "How release numbers read: {hyear} Hijri year, {hyear2} its last two digits, "
            "{seq} the release's place in the year ({seq:02} pads to two digits), {gyear} "
            "Gregorian year. “{hyear} / {seq:02}” gives 1445 / 03."
        ),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["position", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="office_not_own_parent"
            ),
        ]

    def __str__(self):
        return pick(self.name) or self.slug

    def get_absolute_url(self):
        return address("newsroom:office", slug=self.slug)

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("An office cannot sit under itself.")})
            ancestor = ancestor.parent

    def hijri_calendar(self) -> calendar.HijriCalendar:
        """Umm al-Qura with this office's moon-sighting overrides."""
        if self.pk is None:
            return calendar.UMM_AL_QURA
        if "month_overrides" in getattr(self, "_prefetched_objects_cache", {}):
            rows = self.month_overrides.all()
        else:
            rows = self.month_overrides.order_by()
        overrides = tuple(sorted((row.hijri_year, row.hijri_month, row.starts_on) for row in rows))
        return _calendar_for(overrides)

    @cached_property
    def calendar(self) -> calendar.HijriCalendar:
        return self.hijri_calendar()


@lru_cache(maxsize=256)
def _calendar_for(overrides: tuple) -> calendar.HijriCalendar:
    """Calendars are built once per distinct set of overrides."""
    if not overrides:
        return calendar.UMM_AL_QURA
    return calendar.HijriCalendar({(year, month): day for year, month, day in overrides})


class HijriMonthOverride(models.Model):
    """When a month really began in an office's country, where it follows local moon sighting."""

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="month_overrides"
    )
    hijri_year = models.PositiveSmallIntegerField(_("Hijri year"))
    hijri_month = models.PositiveSmallIntegerField(
        _("Hijri month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    starts_on = models.DateField(_("began on (Gregorian)"))
    note = models.CharField(_("source"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("month-start override")
        verbose_name_plural = _("month-start overrides")
        ordering = ["hijri_year", "hijri_month"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "hijri_year", "hijri_month"], name="override_once_per_month"
            ),
            models.CheckConstraint(
                condition=Q(hijri_month__gte=1, hijri_month__lte=12), name="override_month_1_12"
            ),
        ]

    def __str__(self):
        return f"{calendar.month_name(self.hijri_month, 'en')} {self.hijri_year}: {self.starts_on}"


class Category(models.Model):
    """A region or a topic; categories form a tree."""

    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        TOPIC = "topic", _("Topic")

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.TOPIC)
    slug = models.SlugField(_("slug"), unique=True)
    name = TranslatedField(_("name"))
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["kind", "position", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="category_not_own_parent"
            ),
        ]

    def __str__(self):
        return pick(self.name) or self.slug

    def get_absolute_url(self):
        return address("newsroom:category", slug=self.slug)


#: Stand-ins reversed once per language, then replaced: see `release_path()`.
_PK, _SLUG = 918273645, "communique-slug"
_QUOTE_SAFE = RFC3986_SUBDELIMS + "/~:@"


@lru_cache(maxsize=256)
def _release_pattern(resolver, script_prefix: str, language: str) -> tuple[str, str, str]:
    with translation.override(language):
        path = reverse("newsroom:release", kwargs={"pk": _PK, "slug": _SLUG})
    head, _pk, rest = path.partition(str(_PK))
    middle, _slug, tail = rest.partition(_SLUG)
    return head, middle, tail


def release_path(release_id: int, slug: str, language: str) -> str:
    """A release page's address in a language: what `reverse()` gives, at a fraction of its
    cost (lists, feeds, sitemaps and exports make thousands). The address is reversed once
    per language (and URL configuration) with stand-ins, and the id and quoted slug put in
    their places, exactly as `reverse()` quotes them; a slug `reverse()` would refuse goes
    through `reverse()` itself."""
    if not slug or "/" in slug:
        with translation.override(language):
            return reverse("newsroom:release", kwargs={"pk": release_id, "slug": slug})
    # Keyed by the resolver itself: a change of URL configuration (tests) makes a new one.
    resolver = get_resolver(get_urlconf())
    head, middle, tail = _release_pattern(resolver, get_script_prefix(), language)
    return f"{head}{int(release_id)}{middle}{quote(slug, safe=_QUOTE_SAFE)}{tail}"


class Release(models.Model):
    """One communiqué issued by an office, in whatever languages its texts are in."""

    class Kind(models.TextChoices):
        PRESS_RELEASE = "press-release", _("Press Release")
        STATEMENT = "statement", _("Statement")
        NEWS = "news", _("News")
        COMMENTARY = "commentary", _("Commentary")
        ANNOUNCEMENT = "announcement", _("Announcement")
        INTERVIEW = "interview", _("Interview")

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="releases"
    )
    kind = models.CharField(
        _("kind"), max_length=24, choices=Kind.choices, default=Kind.PRESS_RELEASE
    )
    issue_date = models.DateField(
        _("issue date"), help_text=_("Gregorian; the Hijri date follows from it.")
    )
    # Derived from issue_date through the office's calendar on every save, never typed;
    # stored so that archives can list a Hijri year with an index.
    hijri_year = models.PositiveSmallIntegerField(_("Hijri year"), editable=False)
    hijri_month = models.PositiveSmallIntegerField(_("Hijri month"), editable=False)
    hijri_day = models.PositiveSmallIntegerField(_("Hijri day"), editable=False)
    number_year = models.PositiveSmallIntegerField(
        _("number's Hijri year"), null=True, editable=False
    )
    number_seq = models.PositiveIntegerField(_("number's sequence"), null=True, editable=False)
    # The number as first printed, in the office's format of that day: a later change of
    # format must not rewrite numbers already cited in the press.
    number_label = models.CharField(
        _("number"), max_length=NUMBER_MAX_LENGTH, blank=True, editable=False
    )
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="releases"
    )
    first_published_at = models.DateTimeField(_("first published"), null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        ordering = ["-issue_date", "-pk"]
        constraints = [
            # A number is never given twice within an office's Hijri year.
            models.UniqueConstraint(
                fields=["office", "number_year", "number_seq"], name="release_number_unique"
            ),
            # Half a number is no number.
            models.CheckConstraint(
                condition=Q(number_year__isnull=True, number_seq__isnull=True)
                | Q(number_year__isnull=False, number_seq__gte=1),
                name="release_number_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "hijri_year"], name="release_office_hyear"),
            models.Index(fields=["-issue_date", "-id"], name="release_recent"),
        ]

    def __str__(self):
        """`1448 / 01 — Winter kits reach Osh`; before its number, `Osh Office · 2026-11-29 — …`."""
        name = self.number or f"{self.office} · {self.issue_date:%Y-%m-%d}"
        title = self.original_title()
        return f"{name} — {title}" if title else name

    def save(self, *args, **kwargs):
        hijri = calendar.to_hijri(self.issue_date, self.office.calendar)
        self.hijri_year, self.hijri_month, self.hijri_day = hijri.year, hijri.month, hijri.day
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "issue_date" in update_fields:
            kwargs["update_fields"] = {*update_fields, "hijri_year", "hijri_month", "hijri_day"}
        super().save(*args, **kwargs)

    def clean(self):
        if self.issue_date and self.office_id:
            try:
                calendar.to_hijri(self.issue_date, self.office.calendar)
            except calendar.CalendarError as error:
                raise ValidationError({"issue_date": str(error)}) from error

    def get_kind_display(self) -> str:
        """The kind's label, by the enumeration: Django's own builds a dict of the choices at
        every call, twenty times a list page. In the language active now, as Django's."""
        try:
            return str(Release.Kind(self.kind).label)
        except ValueError:
            return self.kind

    def original_title(self) -> str:
        """The original text's title (another text's if none is marked), or ""."""
        if self.pk is None:
            return ""
        if "texts" in getattr(self, "_prefetched_objects_cache", {}):
            texts = sorted(self.texts.all(), key=lambda text: (not text.is_original, text.pk))
        else:
            texts = self.texts.order_by("-is_original", "pk").only("title", "is_original")[:1]
        return next((text.title for text in texts), "")

    @property
    def hijri_date(self) -> calendar.HijriDate:
        return calendar.HijriDate(self.hijri_year, self.hijri_month, self.hijri_day)

    @property
    def number(self) -> str | None:
        """The number as readers see it (`1445 / 03`), or None before first publication."""
        if self.number_seq is None:
            return None
        return self.number_label or self.format_number()

    def format_number(self) -> str:
        """The number in the office's current format."""
        return self.office_number(hyear=self.number_year, seq=self.number_seq)

    def office_number(self, *, hyear: int, seq: int) -> str:
        """A number of this release's office and year in the office's current format."""
        return format_number(
            self.office.number_format, hyear=hyear, seq=seq, gyear=self.issue_date.year
        )


class Text(models.Model):
    """One language version of a release: what a reader reads at a URL."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    #: What readers can reach at the text's address (a withdrawn text says it was withdrawn).
    PUBLIC_STATUSES = (Status.PUBLISHED, Status.WITHDRAWN)

    release = models.ForeignKey(
        Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="texts"
    )
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    is_original = models.BooleanField(
        _("original"), default=False, help_text=_("The language the release was written in.")
    )
    title = models.CharField(_("title"), max_length=300)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    slug = models.SlugField(
        _("slug"), max_length=120, allow_unicode=True, blank=True, editable=False
    )
    body = models.TextField(_("body"), help_text=_("Markdown. Raw HTML is not allowed."))
    # The sanitised rendering of body, refreshed on save so a page view never re-renders it.
    body_html = models.TextField(editable=False, default="")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    # When a scheduled (embargoed) text is due; the worker publishes it then, not before.
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    # Raised by every save of the content: an editor's form carries the version it started
    # from, so a save over someone else's newer one is caught instead of overwriting it.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # For a translation: the version of the original it was made from, or last published
    # against. An original edited past it leaves the translation behind (selectors.behind).
    source_version = models.PositiveIntegerField(
        _("made from version"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("text")
        verbose_name_plural = _("texts")
        ordering = ["-is_original", "language"]
        constraints = [
            models.UniqueConstraint(fields=["release", "language"], name="text_one_per_language"),
            # Translations point back at one original.
            models.UniqueConstraint(
                fields=["release"], condition=Q(is_original=True), name="text_one_original"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="text_published_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(scheduled_for__isnull=False),
                name="text_scheduled_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["language", "status", "-published_at"], name="text_listing"),
            # Lists across languages (the JSON API's, feeds of every language) newest first.
            models.Index(fields=["-published_at", "-id"], name="text_recent"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.slug = slugify(self.title, allow_unicode=True)[:120].strip("-")
        self.body_html = render_body(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return release_path(self.release_id, self.slug or "-", self.language)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_translation(self) -> bool:
        return not self.is_original


class Correction(models.Model):
    """A dated note shown to readers above a published text that was changed after publication."""

    text = models.ForeignKey(
        Text, verbose_name=_("text"), on_delete=models.CASCADE, related_name="corrections"
    )
    note = models.TextField(_("correction note"))
    made_at = models.DateTimeField(_("corrected at"), default=timezone.now)

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["made_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(note=""), name="correction_has_note"),
        ]

    def __str__(self):
        return self.note


def _random_name(folder: str, filename: str) -> str:
    # A random name: nobody guesses the address of a picture before its release is out.
    suffix = Path(filename).suffix.lower()[:10]
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def upload_image_to(instance, filename: str) -> str:
    return _random_name("images", filename)


def upload_attachment_to(instance, filename: str) -> str:
    return _random_name("attachments", filename)


class ReleaseImage(models.Model):
    """A picture shown with a release, with its alt text and resized renditions."""

    release = models.ForeignKey(
        Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="images"
    )
    image = models.ImageField(
        _("image"),
        upload_to=upload_image_to,
        width_field="width",
        height_field="height",
        validators=[validate_image],
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    alt = TranslatedField(
        _("alt text"), help_text=_("What the picture shows, for readers who cannot see it.")
    )
    caption = TranslatedField(_("caption"), blank=True)
    # {"480": "images/….480.webp", …}: made by communique.newsroom.media on upload.
    renditions = models.JSONField(default=dict, editable=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["position", "pk"]

    def __str__(self):
        return pick(self.alt) or self.image.name

    def srcset(self) -> str:
        return ", ".join(
            f"{default_storage.url(path)} {width}w"
            for width, path in sorted(self.renditions.items(), key=lambda item: int(item[0]))
        )

    def src(self) -> str:
        """The largest rendition (or the original, before renditions exist)."""
        if not self.renditions:
            return self.image.url
        largest = max(self.renditions, key=int)
        return default_storage.url(self.renditions[largest])


class ReleaseAttachment(models.Model):
    """A document offered with a release (PDF, office documents)."""

    release = models.ForeignKey(
        Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        _("file"), upload_to=upload_attachment_to, validators=[validate_attachment]
    )
    title = models.CharField(_("title"), max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title

    @property
    def extension(self) -> str:
        return Path(self.file.name).suffix.lstrip(".").upper()


class MenuItem(models.Model):
    """A link in an admin-editable menu.

    A link to a page of the site (home, offices, an office, a category, a release) is stored as
    what it points at and resolved in the language of the page that shows the menu; only an
    address is used as typed.
    """

    class Menu(models.TextChoices):
        MAIN = "main", _("Main menu")
        FOOTER = "footer", _("Footer links")

    class Kind(models.TextChoices):
        HOME = "home", _("Home page")
        OFFICES = "offices", _("List of offices")
        OFFICE = "office", _("An office")
        CATEGORY = "category", _("A category")
        RELEASE = "release", _("A release")
        ADDRESS = "address", _("An address")

    #: Which field names the target of each kind (home and offices need none).
    TARGET_FIELDS = {
        Kind.OFFICE: "office",
        Kind.CATEGORY: "category",
        Kind.RELEASE: "release",
        Kind.ADDRESS: "url",
    }
    #: Kinds that reverse a URL pattern without arguments.
    PAGE_NAMES = {Kind.HOME: "newsroom:home", Kind.OFFICES: "newsroom:offices"}

    menu = models.CharField(_("menu"), max_length=16, choices=Menu.choices, default=Menu.MAIN)
    title = TranslatedField(_("title"))
    kind = models.CharField(
        _("links to"), max_length=16, choices=Kind.choices, default=Kind.ADDRESS
    )
    office = models.ForeignKey(
        Office, verbose_name=_("office"), null=True, blank=True, on_delete=models.CASCADE
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.CASCADE
    )
    release = models.ForeignKey(
        Release, verbose_name=_("release"), null=True, blank=True, on_delete=models.CASCADE
    )
    url = models.CharField(
        _("address"),
        max_length=300,
        blank=True,
        validators=[validate_menu_address],
        help_text=_(
            "Only for “An address”: a full https:// address, or a path on this site that "
            "is the same in every language (/admin/)."
        ),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("menu item")
        verbose_name_plural = _("menu items")
        ordering = ["menu", "position", "pk"]
        constraints = [
            # A link goes where its kind says, and only there.
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["home", "offices"], office__isnull=True, category__isnull=True)
                    & Q(release__isnull=True, url="")
                    | Q(kind="office", office__isnull=False, category__isnull=True)
                    & Q(release__isnull=True, url="")
                    | Q(kind="category", office__isnull=True, category__isnull=False)
                    & Q(release__isnull=True, url="")
                    | Q(kind="release", office__isnull=True, category__isnull=True)
                    & Q(release__isnull=False, url="")
                    | Q(kind="address", office__isnull=True, category__isnull=True)
                    & Q(release__isnull=True)
                    & ~Q(url="")
                ),
                name="menuitem_kind_target",
            ),
        ]

    def __str__(self):
        return pick(self.title)

    def get_absolute_url(self) -> str:
        """Where the link leads, in the active language (the page's) for the site's pages."""
        if self.kind in self.PAGE_NAMES:
            return address(self.PAGE_NAMES[self.kind])
        if self.kind == self.Kind.OFFICE:
            return address("newsroom:office", slug=self.office.slug)
        if self.kind == self.Kind.CATEGORY:
            return address("newsroom:category", slug=self.category.slug)
        if self.kind == self.Kind.RELEASE:
            # The release's text in this language, or its office's page saying it is missing.
            return address("newsroom:release-short", pk=self.release_id)
        return self.url

    def clean(self):
        needed = self.TARGET_FIELDS.get(self.kind)
        errors = {}
        for field in self.TARGET_FIELDS.values():
            value = getattr(self, f"{field}_id" if field != "url" else field, None)
            if field == needed and not value:
                errors[field] = _("Choose what this item links to.")
            elif field != needed and value:
                # Left over from another kind: dropped rather than refused.
                setattr(self, field, "" if field == "url" else None)
        if errors:
            raise ValidationError(errors)


class PageGeneration(models.Model):
    """The site's page generation: cached pages are filed under it (see page_cache.py).

    Kept in the database, not only in the cache, so that an evicted or restarted cache can
    never bring back pages older than the last change.
    """

    changes_pages = False

    # Never shown to anyone: no translations.
    number = models.BigIntegerField("number", default=0)

    class Meta:
        verbose_name = "page generation"
        verbose_name_plural = "page generations"

    def __str__(self):
        return str(self.number)


class ReferenceVersion(models.Model):
    """Moves on every change of the reference data (see reference.py): each process then
    reads the organisation, offices, categories and menus again."""

    changes_pages = False

    # Never shown to anyone: no translations.
    number = models.BigIntegerField("number", default=0)

    class Meta:
        verbose_name = "reference version"
        verbose_name_plural = "reference versions"

    def __str__(self):
        return str(self.number)
