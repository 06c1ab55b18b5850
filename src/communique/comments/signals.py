"""Signals other apps listen to; the comments app sends them and connects to nothing itself."""

from django.dispatch import Signal

# Sent after what readers see of some texts' comments changed (approval, unpublishing, a reply,
# an erasure), with `text_ids`: a set of Text primary keys. Page caches and published files
# of those texts are stale from then on.
comments_changed = Signal()
