"""The admin's image form, with the pixel limit checked before the picture is decoded.

Wagtail checks WAGTAILIMAGES_MAX_IMAGE_PIXELS only after Willow has decoded the whole picture, and
Pillow refuses a picture of more than twice its MAX_IMAGE_PIXELS with an exception: a 50000 × 50000
PNG of a few hundred bytes then ends in a server error, and one just under Pillow's limit takes
hundreds of megabytes before it is refused. A truncated picture ends in a server error too.
"""

from PIL import Image

from django.core.exceptions import ValidationError

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from core.uploads import picture_too_large, refuse_too_many_pixels


class PixelLimitedImageField(WagtailImageField):
    def to_python(self, data):
        if hasattr(data, "read"):
            refuse_too_many_pixels(data)
        try:
            return super().to_python(data)
        except Image.DecompressionBombError as error:
            raise picture_too_large() from error
        except OSError as error:  # Willow decodes the picture; a damaged one fails there
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from error


class ImageForm(BaseImageForm):
    """WAGTAILIMAGES_IMAGE_FORM_BASE: every image upload in the admin (add, edit, multiple, chooser)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None:
            limited = PixelLimitedImageField(label=field.label, required=field.required, widget=field.widget)
            limited.help_text = field.help_text
            self.fields["file"] = limited
