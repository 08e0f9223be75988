# Audit-log entries of registrations were labelled with the person's name ("name – event"), which
# retention erases from the registration but not from the log. Entries are now labelled with the
# registration's number and event (Registration.log_title); this relabels the existing ones.

from django.db import migrations


def relabel(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    Registration = apps.get_model("events", "Registration")
    content_type = ContentType.objects.filter(app_label="events", model="registration").first()
    if content_type is None:
        return
    titles = {
        str(pk): title for pk, title in Registration.objects.values_list("pk", "event__title").iterator()
    }
    entries = ModelLogEntry.objects.filter(content_type=content_type).only("pk", "object_id")
    for entry in entries.iterator():
        event_title = titles.get(entry.object_id)
        label = f"#{entry.object_id} · {event_title}" if event_title else f"#{entry.object_id}"
        ModelLogEntry.objects.filter(pk=entry.pk).update(label=label)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_vocabularies_and_people_moved"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(relabel, migrations.RunPython.noop)]
