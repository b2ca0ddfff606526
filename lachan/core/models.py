"""The base every domain model inherits: a random UUID key (never guessable, never a
count of records) and UTC creation/update stamps."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lachan.core.crypto import EncryptedTextField


class BaseModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class EncryptedAttachment(BaseModel):
    """A file attached to a record (a tip, an evidence item, an activity). The content
    is stored as the Fernet token of its base64 text, so ``rotate_data_key`` rotates it
    like every other encrypted column (decision 0008); the file name is encrypted too.
    Each domain adds the foreign key to its own record."""

    filename = EncryptedTextField(_("file name"))
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    data = EncryptedTextField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["created_at"]
