from django.db import models


class PublishingMark(models.Model):
    """Up to when texts that became public by their time alone have been published (one row).

    A text published with a time still ahead becomes public when that time comes, with no
    write to say so; the worker's round looks for those since this mark.
    """

    # Never shown to anyone: no translations.
    public_until = models.DateTimeField("public until")

    class Meta:
        verbose_name = "publishing mark"
        verbose_name_plural = "publishing marks"

    def __str__(self):
        return self.public_until.isoformat()
