"""What happens to a text that the push channels and published files act on.

The three text signals are sent by the editorial services, the one path by which a person,
the API or the worker publishes, corrects or withdraws (an import or the demo sends none:
old archives reach no subscriber). They are sent *inside* the change's transaction, so a
receiver that writes a row (an outbox entry) commits or rolls back with the change itself;
a receiver that talks to the outside world must wait for `transaction.on_commit`.

Being sent does not make a text public: a receiver reads through the newsroom's public gate
(`newsroom.selectors.public`) before anything reaches a reader.
"""

import django.dispatch

#: A text was published (now, or by the worker at its scheduled time). Arguments: `text`.
text_published = django.dispatch.Signal()
#: A published text's content changed. Arguments: `text`, `correction` (the Correction row).
text_corrected = django.dispatch.Signal()
#: A published text was withdrawn. Arguments: `text`.
text_withdrawn = django.dispatch.Signal()

#: Sent by `communique worker` once a round, after the queued tasks ran: the place for an
#: app's own catch-up (what a lost task or a stopped worker left undone). A database error a
#: receiver lets through makes the worker back off and try again; anything else is its own.
#: Arguments: none; the sender is None.
worker_round = django.dispatch.Signal()
